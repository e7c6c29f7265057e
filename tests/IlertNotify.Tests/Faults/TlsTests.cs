using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>An HTTPS endpoint with a certificate no public CA signed (a company proxy, an on-premise relay).</summary>
public sealed class TlsTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private string CertificatePath => Path.Combine(WorkDirectory, "stand-in.pem");

    [Fact]
    public async Task A_self_signed_server_is_rejected_by_default_and_the_event_stays_queued()
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SelfSigned(CertificatePath));

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.Equal(0, save.ExitCode);
        Assert.Contains("stays queued", save.Stdout);
        Assert.Contains("certificate not accepted", save.Stdout);
        Assert.Contains("UntrustedRoot", save.Stdout);
        Assert.Empty(ilert.Received);
        var queued = File.ReadAllText(Assert.Single(QueuedFiles()));
        Assert.Contains("attempts: 1", queued);
        Assert.Contains("verify-tls: true", queued);
    }

    [Fact]
    public async Task A_self_signed_server_is_accepted_when_SSL_CERT_FILE_names_its_certificate()
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SelfSigned(CertificatePath));
        var environment = ServiceNotification(ilert.Endpoint);
        environment["SSL_CERT_FILE"] = CertificatePath;

        var save = await SaveAsync(environment);

        Assert.True(save.ExitCode == 0, save.Output);
        Assert.Equal("web01", Assert.Single(ilert.Received).Get("NOTIFY_HOSTNAME"));
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task A_queued_event_goes_out_once_cron_runs_with_the_custom_CA()
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SelfSigned(CertificatePath));
        Assert.Equal(0, (await SaveAsync(ServiceNotification(ilert.Endpoint))).ExitCode);
        Assert.Single(QueuedFiles());

        var send = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string> { ["SSL_CERT_FILE"] = CertificatePath }, ["send", "-d", SpoolDirectory]);

        Assert.Equal(0, send.ExitCode);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
    }

    [Theory]
    [InlineData("rule")]
    [InlineData("flag")]
    public async Task A_self_signed_server_is_accepted_with_verification_off(string how)
    {
        await using var ilert = await FakeIlert.StartAsync(certificate: TestCertificates.SelfSigned(CertificatePath));
        var environment = ServiceNotification(ilert.Endpoint);
        if (how == "rule")
        {
            environment["NOTIFY_PARAMETER_IGNORE_TLS"] = "True";
        }

        var save = how == "flag" ? await SaveAsync(environment, "-k") : await SaveAsync(environment);

        Assert.True(save.ExitCode == 0, save.Output);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
    }
}
