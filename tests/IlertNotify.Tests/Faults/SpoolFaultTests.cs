using System.Diagnostics;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>The spool taken away from under the notifier: read-only, deleted, its lock file removed.</summary>
public sealed class SpoolFaultTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [RootFact("it mounts a tmpfs")]
    public async Task A_read_only_spool_refuses_the_event_with_exit_1_and_sends_nothing_it_could_not_remove()
    {
        using var disk = Tmpfs.Mount(WorkDirectory, "1m");
        var spool = Path.Combine(disk.Path, "spool");
        var port = FakeIlert.FreePort();
        var queued = OnSpool(ServiceNotification($"http://127.0.0.1:{port}", host: "queued"), spool);
        Assert.Equal(0, (await SaveAsync(queued)).ExitCode);
        disk.RemountReadOnly();
        await using var ilert = await FakeIlert.StartAsync(port);

        var refused = OnSpool(ServiceNotification(ilert.Endpoint, host: "refused"), spool);
        var save = await SaveAsync(refused);
        var send = await SendFromAsync(spool);

        Assert.Equal(1, save.ExitCode);
        Assert.Contains("NOT spooled", save.Stdout);
        Assert.Contains(spool, save.Stdout);
        Assert.Contains("Read-only file system", save.Stdout);
        // Sending what it cannot remove would repeat the event every minute: the flush does not start at all.
        Assert.Equal(1, send.ExitCode);
        Assert.Contains("Spool not usable", send.Stdout);
        Assert.Contains(spool, send.Stdout);
        Assert.Equal(0, ilert.Requests);
        Assert.Single(Directory.GetFiles(spool, "*.event"));

        disk.RemountReadWrite();
        var recovered = await SendFromAsync(spool);

        Assert.Equal(0, recovered.ExitCode);
        Assert.Equal("queued", Assert.Single(ilert.Received).Get("NOTIFY_HOSTNAME"));
        Assert.Empty(Directory.GetFiles(spool, "*.event"));
    }

    [Fact]
    public async Task A_spool_deleted_while_a_flush_runs_ends_the_flush_cleanly_and_sends_nothing_twice()
    {
        var port = FakeIlert.FreePort();
        await QueueAsync(port, incidents: 4, perIncident: 10);
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromMilliseconds(100));

        using var flush = NotifierProcess.Start(Notifier.BinaryPath, new Dictionary<string, string>(), ["send", "-d", SpoolDirectory]);
        var output = flush.StandardOutput.ReadToEndAsync();
        var errors = flush.StandardError.ReadToEndAsync();
        await WaitUntilAsync(() => ilert.Requests >= 4);
        Directory.Delete(SpoolDirectory, recursive: true);
        await flush.WaitForExitAsync();

        Assert.True(flush.ExitCode == 0, await output + await errors);
        Assert.DoesNotContain("Unhandled exception", await output + await errors);
        Assert.InRange(ilert.Received.Count, 4, 39);
        Assert.Equal(ilert.Received.Count, ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).Distinct().Count());
        Assert.False(Directory.Exists(SpoolDirectory) && QueuedFiles().Length > 0, "the deleted spool came back with events");

        // The next notification recreates the spool and is delivered as usual.
        ilert.Responder = null;
        var next = await SaveAsync(ServiceNotification(ilert.Endpoint, host: "after"));

        Assert.Equal(0, next.ExitCode);
        Assert.Equal("after", ilert.Received[^1].Get("NOTIFY_HOSTNAME"));
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task A_lock_file_removed_while_a_flush_holds_it_does_not_let_a_second_flush_send_the_queue_again()
    {
        var port = FakeIlert.FreePort();
        await QueueAsync(port, incidents: 4, perIncident: 10);
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromMilliseconds(150));

        using var first = NotifierProcess.Start(Notifier.BinaryPath, new Dictionary<string, string>(), ["send", "-d", SpoolDirectory]);
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstErrors = first.StandardError.ReadToEndAsync();
        await WaitUntilAsync(() => ilert.Requests >= 4);
        File.Delete(Path.Combine(SpoolDirectory, ".lock"));
        var second = await SendAsync();
        await first.WaitForExitAsync();
        var third = await SendAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, third.ExitCode);
        Assert.Contains("lock", await firstOutput + await firstErrors, StringComparison.OrdinalIgnoreCase);
        var markers = ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).ToList();
        Assert.Equal(Markers(4, 10).Order(StringComparer.Ordinal), markers.Distinct().Order(StringComparer.Ordinal));
        // At most the requests in flight when the lock vanished (one per incident) can go out twice.
        Assert.InRange(markers.Count - markers.Distinct().Count(), 0, 4);
        Assert.Empty(QueuedFiles());
        Assert.Empty(FailedFiles());
    }

    private async Task QueueAsync(int port, int incidents, int perIncident)
    {
        foreach (var marker in Markers(incidents, perIncident))
        {
            var environment = ServiceNotification($"http://127.0.0.1:{port}", host: marker.Split('#')[0]);
            environment["NOTIFY_MARKER"] = marker;
            Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        }
        Assert.Equal(incidents * perIncident, QueuedFiles().Length);
    }

    private static IEnumerable<string> Markers(int incidents, int perIncident) =>
        Enumerable.Range(0, perIncident).SelectMany(n => Enumerable.Range(0, incidents).Select(i => $"host{i}#{n:D2}"));

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Notifier.Scaled(TimeSpan.FromSeconds(30)), "the flush never got going");
            await Task.Delay(10);
        }
    }
}
