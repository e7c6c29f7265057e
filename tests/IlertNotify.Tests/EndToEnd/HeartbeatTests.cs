using System.Diagnostics;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The site's heartbeat: every cron <c>send</c> calls iLert's heartbeat URL while notifications get through, and
/// withholds it when they do not, so iLert alerts when the site, its cron or its notifications stop.
/// </summary>
public sealed class HeartbeatTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string HeartbeatKey = "il1hb0123456789heartbeatKEY9";

    private string Site => FakeSite;
    private string SiteSpool => Path.Combine(Site, "var", "ilert_notify", "spool");

    [Fact]
    public async Task Setup_stores_the_key_privately_and_a_healthy_send_calls_the_heartbeat_once()
    {
        await using var ilert = await FakeIlert.StartAsync();

        var setup = await SetupAsync(ilert.Endpoint);
        var send = await CronSendAsync();
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);

        Assert.True(setup.ExitCode == 0, setup.Output);
        var stored = Path.Combine(Site, "etc", "ilert_notify", "heartbeat");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        Assert.DoesNotContain(HeartbeatKey, File.ReadAllText(Path.Combine(Site, "etc", "cron.d", "ilert_notify")));
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal([HeartbeatKey], ilert.Heartbeats);
        Assert.Contains("heartbeat: key ****KEY9", status.Stdout);
        Assert.Contains("ok", status.Stdout);
        foreach (var output in new[] { setup.Output, send.Output, status.Output })
        {
            Assert.DoesNotContain(HeartbeatKey, output);
        }

        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--heartbeat-remove"])).ExitCode);
        Assert.Equal(0, (await CronSendAsync()).ExitCode);
        Assert.Single(ilert.Heartbeats);
    }

    [Fact]
    public async Task An_event_queued_longer_than_the_threshold_withholds_the_heartbeat()
    {
        await using var ilert = await FakeIlert.StartAsync();
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint, "--heartbeat-max-age", "60")).ExitCode);
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(OnSpool(ServiceNotification(down), SiteSpool))).ExitCode);
        var queued = Assert.Single(Directory.GetFiles(SiteSpool, "*.event"));
        var created = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllLines(queued, File.ReadAllLines(queued).Select(line => line.StartsWith("created: ", StringComparison.Ordinal) ? "created: " + created : line));

        var send = await CronSendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Contains("Heartbeat withheld", send.Output);
        Assert.Empty(ilert.Heartbeats);
    }

    [Fact]
    public async Task A_new_rejected_event_withholds_the_heartbeat()
    {
        await using var ilert = await FakeIlert.StartAsync();
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint)).ExitCode);
        await SaveOneRejectedEventAsync(ilert);

        var send = await CronSendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Contains("iLert rejected an event", send.Output);
        Assert.Empty(ilert.Heartbeats);
    }

    [Fact]
    public async Task A_rejected_event_moved_back_into_the_spool_as_the_docs_say_and_delivered_no_longer_withholds_the_heartbeat()
    {
        await using var ilert = await FakeIlert.StartAsync();
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint)).ExitCode);
        var rejected = await SaveOneRejectedEventAsync(ilert);
        var failed = Path.Combine(SiteSpool, "failed");
        Assert.Single(Directory.GetFiles(failed, "*.reason"));
        // The troubleshooting table: "move the .event file back into the spool to resend it".
        File.Move(rejected, Path.Combine(SiteSpool, Path.GetFileName(rejected)));

        var send = await CronSendAsync();
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status", "--check"]);

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Empty(Directory.GetFiles(SiteSpool, "*.event"));
        Assert.DoesNotContain("Heartbeat withheld", send.Output);
        Assert.Single(ilert.Heartbeats);
        Assert.StartsWith("0 ", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 failed", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_heartbeat_endpoint_delays_nothing_but_its_own_timeout()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.HeartbeatDelay = TimeSpan.FromHours(1);
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint, "-t", "2")).ExitCode);
        await QueueOneEventForAsync(ilert);

        var (send, took) = await TimedCronSendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Single(ilert.Received);
        var delivered = Assert.Single(ilert.Received).At;
        Assert.Single(ilert.Heartbeats);
        Assert.True(ilert.Heartbeats.Count == 1 && delivered < DateTimeOffset.UtcNow, "delivered before the heartbeat was tried");
        Assert.Contains("Heartbeat call failed: no answer within 2 s", send.Output);
        var limit = Notifier.WaitPlusWork(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.True(took < limit, $"send took {took.TotalSeconds:0.0} s with a hanging heartbeat (timeout 2 s, limit {limit.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task A_send_whose_flush_runs_to_its_deadline_still_calls_the_heartbeat_within_the_runs_50_s()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromHours(1));
        ilert.HeartbeatDelay = TimeSpan.FromHours(1);
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint, "-t", "10")).ExitCode);
        // The event's own timeout outlasts the run: only the run's budget ends its attempt.
        await QueueOneEventForAsync(ilert, timeoutSeconds: 120);

        var (send, took) = await TimedCronSendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Single(ilert.Arrivals);
        Assert.Single(ilert.Heartbeats);
        Assert.Contains("Heartbeat call failed: no answer within", send.Output);
        Assert.Single(Directory.GetFiles(SiteSpool, "*.event"));
        var limit = Notifier.WaitPlusWork(TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(3));
        Assert.True(took < limit, $"send took {took.TotalSeconds:0.0} s with iLert and its heartbeat hanging (a cron run has 50 s, limit {limit.TotalSeconds:0.0} s)");
    }

    [Fact]
    public async Task A_rejection_recorded_before_the_clock_stepped_back_a_day_does_not_withhold_the_heartbeat_for_that_day()
    {
        await using var ilert = await FakeIlert.StartAsync();
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint)).ExitCode);
        var failed = Path.Combine(SiteSpool, "failed");
        Directory.CreateDirectory(failed);
        var reason = Path.Combine(failed, "s-0000000000000001-web01.reason");
        File.WriteAllText(reason, "status: 400\n");
        // Only a reason with its event beside it is a rejection (a reason whose event was moved back to resend it is not).
        File.WriteAllText(Path.ChangeExtension(reason, ".event"), "rejected\n");
        File.SetLastWriteTimeUtc(reason, DateTime.UtcNow.AddHours(-2));
        var environment = SiteEnvironment();
        Notifier.Preload(environment, Notifier.CompileShim("clock_shift.c", WorkDirectory));
        environment["CLOCK_SHIFT_SECONDS"] = "-86400";

        var send = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, ["send"]);

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.DoesNotContain("Heartbeat withheld", send.Output);
        Assert.Single(ilert.Heartbeats);
    }

    [Fact]
    public async Task A_key_with_a_line_break_is_refused_and_writes_no_settings()
    {
        var setup = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--heartbeat", HeartbeatKey + "\nendpoint: http://attacker.example", "-e", DownEndpoint()]);

        Assert.True(setup.ExitCode == 2, setup.Output);
        Assert.Contains("line break", setup.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(HeartbeatKey, setup.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Site, "etc", "ilert_notify", "heartbeat")));
    }

    public static TheoryData<string> Damages() => ["duplicated line", "timeout -1", "timeout 99999999999", "timeout 31", "missing field", "garbage line", "endpoint not http", "proxy not a proxy URL"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Damaged_heartbeat_settings_skip_the_heartbeat_but_send_delivers_and_status_says_how_to_repair(string damage)
    {
        await using var ilert = await FakeIlert.StartAsync();
        Assert.Equal(0, (await SetupAsync(ilert.Endpoint)).ExitCode);
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(OnSpool(ServiceNotification(down), SiteSpool))).ExitCode);
        foreach (var file in Directory.GetFiles(SiteSpool, "*.event"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(down, ilert.Endpoint, StringComparison.Ordinal));
        }
        var stored = Path.Combine(Site, "etc", "ilert_notify", "heartbeat");
        var lines = File.ReadAllLines(stored).ToList();
        int At(string field) => lines.FindIndex(line => line.StartsWith(field + ": ", StringComparison.Ordinal));
        switch (damage)
        {
            case "duplicated line": lines.Add(lines[At("timeout")]); break;
            case "timeout -1": lines[At("timeout")] = "timeout: -1"; break;
            case "timeout 99999999999": lines[At("timeout")] = "timeout: 99999999999"; break;
            case "timeout 31": lines[At("timeout")] = "timeout: 31"; break;
            case "missing field": lines.RemoveAt(At("verify-tls")); break;
            case "garbage line": lines.Insert(2, "\u0001\u0002 garbage"); break;
            case "endpoint not http": lines[At("endpoint")] = "endpoint: file:///etc/passwd"; break;
            case "proxy not a proxy URL": lines[At("proxy")] = "proxy: ftp://proxy.example:21"; break;
        }
        File.WriteAllLines(stored, lines);

        var send = await CronSendAsync();
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Single(ilert.Received);
        Assert.Empty(Directory.GetFiles(SiteSpool, "*.event"));
        Assert.Empty(ilert.Heartbeats);
        Assert.Contains("Heartbeat not called: its settings are damaged", send.Output, StringComparison.Ordinal);
        Assert.Contains(stored, send.Output, StringComparison.Ordinal);
        Assert.Single(send.Output.Split('\n'), line => line.Contains("Heartbeat", StringComparison.Ordinal));
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("heartbeat: settings damaged: ", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("run 'ilert-notify setup --heartbeat -' again", status.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { send.Output, status.Output })
        {
            Assert.DoesNotContain("Unexpected error", output, StringComparison.Ordinal);
            Assert.DoesNotContain(HeartbeatKey, output, StringComparison.Ordinal);
        }
    }

    /// <summary>One event iLert rejects (401) at its save: it lands in <c>failed/</c>.</summary>
    private async Task<string> SaveOneRejectedEventAsync(FakeIlert ilert)
    {
        ilert.Enqueue(new ScriptedResponse(401, """{"status":401,"message":"bad key"}"""));
        Assert.Equal(0, (await SaveAsync(OnSpool(ServiceNotification(ilert.Endpoint), SiteSpool))).ExitCode);
        return Assert.Single(Directory.GetFiles(Path.Combine(SiteSpool, "failed"), "*.event"));
    }

    /// <summary>One event queued for <paramref name="ilert"/>, saved while its endpoint was down, so no save sent it.</summary>
    private async Task QueueOneEventForAsync(FakeIlert ilert, int timeoutSeconds = 2)
    {
        var down = DownEndpoint();
        var notification = OnSpool(ServiceNotification(down), SiteSpool);
        notification["NOTIFY_PARAMETER_TIMEOUT"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await SaveAsync(notification)).ExitCode);
        foreach (var file in Directory.GetFiles(SiteSpool, "*.event"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(down, ilert.Endpoint, StringComparison.Ordinal));
        }
    }

    private async Task<(NotifierResult Send, TimeSpan Took)> TimedCronSendAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var send = await CronSendAsync();
        return (send, stopwatch.Elapsed);
    }

    private Dictionary<string, string> SiteEnvironment() => FakeSiteEnvironment();

    private Task<NotifierResult> SetupAsync(string endpoint, params string[] extra) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--heartbeat", "-", "-e", endpoint, .. extra], stdin: HeartbeatKey + "\n");

    private Task<NotifierResult> CronSendAsync() => NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["send"]);
}
