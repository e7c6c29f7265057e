using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IlertNotify.Delivery;

/// <summary>
/// Verifies iLert's certificate against the distribution's CA bundle, the site's own bundle
/// (<c>$OMD_ROOT/var/ssl/ca-certificates.crt</c>: the system CAs plus those added under Global settings >
/// Trusted certificate authorities for SSL, e.g. a TLS-inspecting proxy's CA) and <c>SSL_CERT_FILE</c>.
/// We load the bundles ourselves because inside a site <c>LD_LIBRARY_PATH</c> may hand .NET Checkmk's own
/// OpenSSL, whose default certificate paths are not the distribution's: its own verdict alone is not enough.
/// </summary>
internal sealed class TrustedRoots(IReadOnlyList<string> bundles)
{
    // Debian/Ubuntu, RHEL/Alma, SLES: where each keeps its CA bundle.
    private static readonly string[] DistributionBundles =
    [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/var/lib/ca-certificates/ca-bundle.pem",
        "/etc/ssl/ca-bundle.pem",
    ];

    private readonly Lazy<X509Certificate2Collection> roots = new(() => Load(bundles));
    private readonly ConcurrentDictionary<string, string> problems = new(StringComparer.OrdinalIgnoreCase);

    public static TrustedRoots For(string? siteBundle, string? sslCertFile)
    {
        var bundles = new List<string>();
        if (!string.IsNullOrEmpty(sslCertFile))
        {
            bundles.Add(sslCertFile);
        }
        if (!string.IsNullOrEmpty(siteBundle))
        {
            bundles.Add(siteBundle);
        }
        return new TrustedRoots(bundles);
    }

    /// <summary>Why the last certificate of this host was not accepted, for the log line.</summary>
    public string? ProblemWith(string host) => problems.TryGetValue(host, out var problem) ? problem : null;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            problems[host] = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"the certificate is not for {host}" : errors.ToString();
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.Value);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(certificate);
        if (chain.Build(leaf))
        {
            return true;
        }
        problems[host] = string.Join("; ", chain.ChainStatus.Select(status => $"{status.Status}: {status.StatusInformation.Trim()}").Distinct());
        return false;
    }

    /// <summary>Only when a certificate failed the runtime's own check: a save that verifies fine touches no bundle.</summary>
    private static X509Certificate2Collection Load(IEnumerable<string> bundles)
    {
        var collection = new X509Certificate2Collection();
        foreach (var bundle in bundles.Concat(DistributionBundles.Where(File.Exists).Take(1)))
        {
            try
            {
                collection.ImportFromPemFile(bundle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                // An unreadable bundle adds nothing; the others still count.
            }
        }
        return collection;
    }
}
