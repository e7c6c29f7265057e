using System.Diagnostics;
using System.Text;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// TLS as a Checkmk site sees it: the site's own CA bundle (<c>var/ssl/ca-certificates.crt</c>, where Checkmk
/// keeps the CAs an admin trusts, e.g. a TLS-inspecting proxy's), and the site's <c>LD_LIBRARY_PATH</c> handing
/// .NET an OpenSSL whose default certificate paths are not the distribution's.
/// </summary>
public sealed class SiteTlsTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string DistributionBundle = "/etc/ssl/certs/ca-certificates.crt";

    private string Site => Path.Combine(WorkDirectory, "site");
    private string CaPath => Path.Combine(WorkDirectory, "private-ca.pem");

    [Fact]
    public async Task A_private_CA_in_the_sites_bundle_is_trusted_without_disabling_verification()
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SignedByPrivateCa(CaPath));
        var siteBundle = Path.Combine(Site, "var", "ssl", "ca-certificates.crt");
        Directory.CreateDirectory(Path.GetDirectoryName(siteBundle)!);
        File.WriteAllText(siteBundle, SystemBundle() + File.ReadAllText(CaPath));
        var outsideSite = ServiceNotification(ilert.Endpoint, host: "outside");
        // Its own spool: the refused attempt marks the endpoint as failing in the other one.
        var inSite = OnSpool(ServiceNotification(ilert.Endpoint, host: "in-site"), Path.Combine(WorkDirectory, "site-spool"));
        inSite["OMD_ROOT"] = Site;

        var refused = await SaveAsync(outsideSite);
        var accepted = await SaveAsync(inSite);

        Assert.Equal(0, refused.ExitCode);
        Assert.Contains("certificate not accepted", refused.Output);
        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Equal(["in-site"], ilert.Received.Select(e => e.Get("NOTIFY_HOSTNAME")).ToArray());
    }

    [Fact]
    public async Task A_TLS_failure_names_the_certificate_problem_and_both_fixes_without_the_key()
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SignedByPrivateCa(CaPath));

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.True(save.ExitCode == 0, save.Output);
        // The server presents only its own certificate, signed by a CA nobody here trusts.
        Assert.Contains("PartialChain: unable to get local issuer certificate", save.Output);
        Assert.Contains("Trusted certificate authorities for SSL", save.Output);
        Assert.Contains("var/ssl/ca-certificates.crt", save.Output);
        Assert.Contains("SSL_CERT_FILE", save.Output);
        Assert.DoesNotContain(ApiKey, save.Output);
        Assert.Single(QueuedFiles());
    }

    [RootFact("it bind-mounts a CA bundle in a private mount namespace")]
    public async Task With_another_OpenSSL_on_LD_LIBRARY_PATH_the_system_store_still_verifies()
    {
        var otherOpenSsl = OpenSslWithForeignDefaults();
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SignedByPrivateCa(CaPath));
        // The "system store" of this run: the distribution's bundle plus our CA, mounted over the real one in a
        // private mount namespace, so the machine's own trust is untouched.
        var bundle = Path.Combine(WorkDirectory, "system-bundle.crt");
        File.WriteAllText(bundle, SystemBundle() + File.ReadAllText(CaPath));
        var environment = ServiceNotification(ilert.Endpoint);
        environment["LD_LIBRARY_PATH"] = otherOpenSsl;

        var openSslDir = await NotifierProcess.RunAsync("openssl", new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = otherOpenSsl }, ["version", "-d"]);
        var save = await NotifierProcess.RunAsync("unshare", environment,
            ["--mount", "--propagation", "private", "/bin/sh", "-c", $"mount --bind '{bundle}' '{DistributionBundle}' && exec '{Notifier.BinaryPath}'"]);

        Assert.Contains("/nonexistent", openSslDir.Stdout);
        Assert.True(save.ExitCode == 0, save.Output);
        Assert.Equal("web01", Assert.Single(ilert.Received).Get("NOTIFY_HOSTNAME"));
        Assert.Empty(QueuedFiles());
    }

    private static string SystemBundle() => File.Exists(DistributionBundle) ? File.ReadAllText(DistributionBundle) : "";

    /// <summary>
    /// The system's libssl/libcrypto with OPENSSLDIR moved to a directory that does not exist: the situation of
    /// Checkmk's own OpenSSL in a site, whose default certificate paths point into the Checkmk installation.
    /// </summary>
    private string OpenSslWithForeignDefaults()
    {
        var directory = Path.Combine(WorkDirectory, "other-openssl");
        Directory.CreateDirectory(directory);
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "/usr/lib/aarch64-linux-gnu/libcrypto.so.3", "/usr/lib64/libcrypto.so.3", "/usr/lib/libcrypto.so.3"];
        var libraries = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("no libcrypto.so.3 on this machine to derive another OpenSSL from");
        var libDirectory = Path.GetDirectoryName(libraries)!;
        File.Copy(Path.Combine(libDirectory, "libssl.so.3"), Path.Combine(directory, "libssl.so.3"));
        var crypto = File.ReadAllBytes(libraries);
        var from = Encoding.ASCII.GetBytes("/usr/lib/ssl");
        var to = Encoding.ASCII.GetBytes("/nonexistent");
        var replaced = 0;
        for (var at = crypto.AsSpan().IndexOf(from); at >= 0; at = crypto.AsSpan().IndexOf(from))
        {
            to.CopyTo(crypto, at);
            replaced++;
        }
        Assert.True(replaced > 0, $"{libraries} does not name /usr/lib/ssl: cannot build the foreign-defaults OpenSSL");
        File.WriteAllBytes(Path.Combine(directory, "libcrypto.so.3"), crypto);
        return directory;
    }
}
