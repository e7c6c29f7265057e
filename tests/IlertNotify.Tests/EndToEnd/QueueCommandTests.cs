using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary><c>queue list|retry|purge</c>: an admin sees, retries and purges what waits, without touching the spool by hand.</summary>
public sealed class QueueCommandTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task List_shows_each_queued_and_failed_event_with_its_target_and_the_key_masked()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(400, """{"status":400,"message":"bad payload"}"""));
        Assert.Equal(0, (await SaveAsync(ServiceNotification(ilert.Endpoint, host: "rejected01"))).ExitCode);
        Assert.Equal(0, (await SaveAsync(ServiceNotification(DownEndpoint(), host: "waiting01"))).ExitCode);

        var list = await QueueAsync("list");

        Assert.True(list.ExitCode == 0, list.Output);
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("queued\t", lines[0], StringComparison.Ordinal);
        Assert.Contains("\twaiting01/CPU load\tPROBLEM\t", lines[0], StringComparison.Ordinal);
        Assert.Contains("attempts 1", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("failed\t", lines[1], StringComparison.Ordinal);
        Assert.Contains("\trejected01/CPU load\tPROBLEM\t", lines[1], StringComparison.Ordinal);
        Assert.Contains("iLert answered 400", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Contains("nagios-xml http://127.0.0.1:", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains("key ****CRET", line, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_queues_a_failed_event_again_without_its_reason_and_the_next_send_delivers_it()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(401, """{"status":401,"message":"wrong key"}"""));
        Assert.Equal(0, (await SaveAsync(ServiceNotification(ilert.Endpoint))).ExitCode);
        Assert.Single(FailedFiles());
        Assert.Single(FailedFiles("*.reason"));

        var retry = await QueueAsync("retry", "--all");
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "-d", SpoolDirectory]);
        var send = await SendAsync();

        Assert.True(retry.ExitCode == 0, retry.Output);
        Assert.Contains("Queued again", retry.Output, StringComparison.Ordinal);
        Assert.Empty(FailedFiles());
        Assert.Empty(FailedFiles("*.reason"));
        Assert.Contains("1 queued", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 failed", status.Stdout, StringComparison.Ordinal);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task Purge_by_incident_deletes_that_incidents_events_only_and_logs_each()
    {
        var down = DownEndpoint();
        foreach (var (host, type) in new[] { ("web01", "PROBLEM"), ("web02", "PROBLEM"), ("web02", "RECOVERY"), ("web03", "PROBLEM") })
        {
            Assert.Equal(0, (await SaveAsync(ServiceNotification(down, host: host, type: type))).ExitCode);
        }

        var purge = await QueueAsync("purge", "--incident", "web02/CPU load");

        Assert.True(purge.ExitCode == 0, purge.Output);
        Assert.Equal(2, purge.Output.Split("Purged ").Length - 1);
        Assert.Contains("RECOVERY for web02/CPU load", purge.Output, StringComparison.Ordinal);
        Assert.Equal(2, QueuedFiles().Length);
        var list = await QueueAsync("list");
        Assert.DoesNotContain("web02", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("web01", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("web03", list.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nagios")]
    [InlineData("checkmk")]
    public async Task Retarget_points_queued_events_at_the_fixed_endpoint_and_key_in_their_order(string sourceType)
    {
        const string NewKey = "il1api-the-right-key-0000NEW9";
        var wrong = DownEndpoint();
        foreach (var type in new[] { "PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY" })
        {
            var notification = ServiceNotification(wrong, type: type);
            notification["NOTIFY_PARAMETER_SOURCE_TYPE"] = sourceType;
            Assert.Equal(0, (await SaveAsync(notification)).ExitCode);
        }
        await using var ilert = await FakeIlert.StartAsync();

        var retarget = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(),
            ["queue", "retarget", "--all", "-e", ilert.Endpoint, "--key-from-stdin", "-d", SpoolDirectory], stdin: NewKey + "\n");
        var send = await SendAsync();

        Assert.True(retarget.ExitCode == 0, retarget.Output);
        Assert.Equal(3, retarget.Output.Split("Re-targeted ").Length - 1);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(["PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY"], ilert.Received.Select(e => e.Get(sourceType == "checkmk" ? "NOTIFICATIONTYPE" : "NOTIFY_NOTIFICATIONTYPE")).ToArray());
        Assert.All(ilert.Received, e => Assert.Equal(NewKey, e.ApiKey));
        Assert.Empty(QueuedFiles());
        foreach (var output in new[] { retarget.Output, send.Output })
        {
            Assert.DoesNotContain(NewKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_retarget_killed_with_SIGKILL_at_any_moment_loses_no_event()
    {
        // 40 events natively; under qemu (a second a process) 10.
        var count = Notifier.IsEmulated ? 10 : 40;
        var down = DownEndpoint();
        for (var i = 0; i < count; i++)
        {
            var notification = ServiceNotification(down, host: $"host{i:00}");
            notification["NOTIFY_MARKER"] = $"m{i}";
            Assert.Equal(0, (await SaveAsync(notification)).ExitCode);
        }
        // How long one whole retarget of the queue lives here, to spread the kills over it.
        var lifetime = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, (await QueueAsync("retarget", "--all", "-e", DownEndpoint())).ExitCode);
        var life = lifetime.Elapsed;
        var killed = 0;
        for (var round = 0; round < 12; round++)
        {
            using var process = NotifierProcess.Start(Notifier.BinaryPath, new Dictionary<string, string>(), ["queue", "retarget", "--all", "-e", DownEndpoint(), "-d", SpoolDirectory]);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            while (stopwatch.Elapsed < life * round / 12 && !process.HasExited)
            {
                Thread.SpinWait(1000);
            }
            if (!process.HasExited)
            {
                process.Kill();
                killed++;
            }
            await process.WaitForExitAsync();
        }
        await using var ilert = await FakeIlert.StartAsync();

        var repair = await QueueAsync("retarget", "--all", "-e", ilert.Endpoint);
        var send = await SendAsync();

        Assert.True(killed > 0, "no retarget was killed: the test did not test anything");
        Assert.True(repair.ExitCode == 0, repair.Output);
        Assert.True(send.ExitCode == 0, send.Output);
        // At least once: a kill between writing the new file and removing the old one leaves both.
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}").Order(), ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).Distinct().Order());
        Assert.Empty(QueuedFiles());
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("purge")]
    public async Task A_change_without_a_selection_is_refused_and_changes_nothing(string action)
    {
        Assert.Equal(0, (await SaveAsync(ServiceNotification(DownEndpoint()))).ExitCode);

        var refused = await QueueAsync(action);

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("--all, --incident NAME or --older-than SEC", refused.Output, StringComparison.Ordinal);
        Assert.Single(QueuedFiles());
    }

    private Task<NotifierResult> QueueAsync(params string[] args) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["queue", .. args, "-d", SpoolDirectory]);
}
