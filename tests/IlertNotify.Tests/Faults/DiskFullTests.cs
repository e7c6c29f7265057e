using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>The spool on a real tmpfs that fills up: nothing half-written is ever sent, nothing spooled is lost.</summary>
public sealed class DiskFullTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [RootFact("it mounts a small tmpfs that fills up")]
    public async Task A_save_on_a_full_disk_exits_1_names_the_spool_and_leaves_no_partial_event()
    {
        using var disk = Tmpfs.Mount(WorkDirectory, "256k");
        var spool = Path.Combine(disk.Path, "spool");
        var port = FakeIlert.FreePort();
        var queued = OnSpool(ServiceNotification($"http://127.0.0.1:{port}", host: "before"), spool);
        Assert.Equal(0, (await SaveAsync(queued)).ExitCode);
        var filler = disk.Fill();

        var full = await SaveAsync(OnSpool(ServiceNotification($"http://127.0.0.1:{port}", host: "during", output: new string('x', 60_000)), spool));

        Assert.Equal(1, full.ExitCode);
        Assert.Contains("NOT spooled", full.Stdout);
        Assert.Contains(spool, full.Stdout);
        Assert.Contains("No space left on device", full.Stdout);
        Assert.Single(Directory.GetFiles(spool, "*.event"));
        Assert.Empty(Directory.GetFiles(spool, "*.tmp"));

        File.Delete(filler);
        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendFromAsync(spool);

        Assert.Equal(0, send.ExitCode);
        Assert.Equal("before", Assert.Single(ilert.Received).Get("NOTIFY_HOSTNAME"));
        Assert.Empty(Directory.GetFiles(spool, "*.event"));
        Assert.Empty(Directory.GetFiles(Path.Combine(spool, "failed")));
    }

    [RootFact("it mounts a small tmpfs that fills up")]
    public async Task A_flush_on_a_full_disk_keeps_every_event_intact_and_a_later_flush_delivers_each_once()
    {
        using var disk = Tmpfs.Mount(WorkDirectory, "256k");
        var spool = Path.Combine(disk.Path, "spool");
        var port = FakeIlert.FreePort();
        for (var i = 0; i < 5; i++)
        {
            var environment = OnSpool(ServiceNotification($"http://127.0.0.1:{port}", host: $"host{i}"), spool);
            environment["NOTIFY_MARKER"] = $"event-{i}";
            Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        }
        var before = Directory.GetFiles(spool, "*.event").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var filler = disk.Fill();

        // iLert still down: recording the failed attempt needs space the disk does not have.
        var blocked = await SendFromAsync(spool);

        Assert.Equal(0, blocked.ExitCode);
        Assert.Contains("No space left on device", blocked.Stdout);
        Assert.Equal(before, Directory.GetFiles(spool, "*.event").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList());
        Assert.Empty(Directory.GetFiles(spool, "*.tmp"));

        // iLert back, disk still full: delivering needs no space, so the queue drains anyway.
        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendFromAsync(spool);
        File.Delete(filler);

        Assert.Equal(0, send.ExitCode);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"event-{i}"), ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(spool, "*.event"));
        Assert.Empty(Directory.GetFiles(spool, "*.tmp"));
    }

    [RootFact("it mounts a small tmpfs that fills up")]
    public async Task An_event_iLert_rejects_while_failed_cannot_be_written_is_set_aside_and_never_posted_again()
    {
        using var disk = Tmpfs.Mount(WorkDirectory, "256k");
        var spool = Path.Combine(disk.Path, "spool");
        var port = FakeIlert.FreePort();
        Assert.Equal(0, (await SaveAsync(OnSpool(ServiceNotification($"http://127.0.0.1:{port}", host: "rejected"), spool))).ExitCode);
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Responder = _ => new ScriptedResponse(400, "{\"status\":400,\"message\":\"bad event\"}");
        var filler = disk.Fill();

        var first = await SendFromAsync(spool);
        var second = await SendFromAsync(spool);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("set aside", first.Stdout);
        Assert.Equal(1, ilert.Requests);
        Assert.Empty(Directory.GetFiles(spool, "*.event"));
        Assert.Single(Directory.GetFiles(spool, "*.rejected"));

        File.Delete(filler);
        var third = await SendFromAsync(spool);

        Assert.Equal(0, third.ExitCode);
        Assert.Equal(1, ilert.Requests);
        Assert.Empty(Directory.GetFiles(spool, "*.rejected"));
        Assert.Single(Directory.GetFiles(Path.Combine(spool, "failed"), "*.event"));
        Assert.Contains("iLert rejected this event", File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(spool, "failed"), "*.reason"))));
    }
}
