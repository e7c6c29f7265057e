using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>The network between the notifier and iLert fails in the ways that leave delivery unknown.</summary>
public sealed class ConnectionFaultTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task A_server_that_reads_the_request_and_hangs_up_gets_the_event_again_on_the_next_run()
    {
        await using var silent = HangUpServer.Start();
        var environment = ServiceNotification($"http://127.0.0.1:{silent.Port}");
        environment["NOTIFY_MARKER"] = "unknown-fate";

        var save = await SaveAsync(environment);

        Assert.Equal(0, save.ExitCode);
        Assert.Contains("stays queued", save.Stdout);
        var request = Assert.Single(silent.Requests);
        Assert.StartsWith("POST /api/v1/events/nagios HTTP/1.1", request.Head);
        Assert.Contains("<entry key=\"NOTIFY_MARKER\">unknown-fate</entry>", request.Body);
        var queued = File.ReadAllText(Assert.Single(QueuedFiles()));
        Assert.Contains("attempts: 1", queued);

        // Delivery was unknown, so the event goes out again: at least once, never lost.
        var port = silent.Port;
        await silent.DisposeAsync();
        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Equal("unknown-fate", Assert.Single(ilert.Received).Get("NOTIFY_MARKER"));
        Assert.Empty(QueuedFiles());
        Assert.Empty(FailedFiles());
    }

    [Fact]
    public async Task An_unreachable_proxy_keeps_the_event_and_it_goes_through_the_proxy_once_it_is_back()
    {
        var proxyPort = FakeIlert.FreePort();
        var unreachableEndpoint = DownEndpoint();
        var environment = ServiceNotification(unreachableEndpoint);
        environment["NOTIFY_PARAMETER_PROXY_URL"] = $"http://127.0.0.1:{proxyPort}";

        var save = await SaveAsync(environment);

        Assert.Equal(0, save.ExitCode);
        Assert.Contains("stays queued", save.Stdout);
        Assert.Contains($"proxy: http://127.0.0.1:{proxyPort}", File.ReadAllText(Assert.Single(QueuedFiles())));

        // A plain-HTTP request through a proxy carries the absolute URL; Kestrel on the proxy's port takes it,
        // which shows the event went to the proxy and not past it.
        await using var proxy = await FakeIlert.StartAsync(proxyPort);
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Equal("web01", Assert.Single(proxy.Received).Get("NOTIFY_HOSTNAME"));
        Assert.Empty(QueuedFiles());
    }
}
