using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The two-way sync in a Checkmk site, the published notifier end to end: <c>setup --ack-sync -</c>, a PROBLEM to a
/// Checkmk alert source (which answers with its <c>incidentKey</c>), the alert accepted in the OpenAPI-built stand-in,
/// the cron run acknowledging through livestatus (a unix-socket stand-in speaking Checkmk's protocol).
/// </summary>
public sealed class AckSyncSiteTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string UserKey = "usr0123456789abcdefUSERKEY";
    private const long SourceId = 1243;

    private string Site => FakeSite;
    private string SiteSpool => Path.Combine(Site, "var", "ilert_notify", "spool");
    private string SocketPath => Path.Combine(Site, "tmp", "run", "live");

    [Fact]
    public async Task An_alert_accepted_in_ilert_is_acknowledged_through_livestatus_and_its_echo_is_not_sent_back()
    {
        await using var ilert = await StartIlertAsync();
        await using var alerts = await FakeIlertAlerts.StartAsync(UserKey);
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        using var live = new FakeLivestatus(SocketPath);
        live.Set("web01", "CPU load", 2);

        var setup = await SetupAsync(alerts.Endpoint, UserKey);
        Assert.True(setup.ExitCode == 0, setup.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Site, "etc", "ilert_notify", "ack-sync")));
        Assert.DoesNotContain(UserKey, File.ReadAllText(Path.Combine(Site, "etc", "cron.d", "ilert_notify")), StringComparison.Ordinal);

        Assert.Equal(0, (await SaveAsync(Notification(ilert.Endpoint, "PROBLEM"))).ExitCode);
        alerts.Accept(alerts.Open("web01/CPU load is CRITICAL", "ik-web01/CPU load", SourceId, ApiKey), "Jane Doe");
        var send = await CronSendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        var command = Assert.Single(live.Commands);
        Assert.Matches(@"^COMMAND \[\d+\] ACKNOWLEDGE_SVC_PROBLEM;web01;CPU load;2;1;1;ilert;Accepted in iLert by Jane Doe \(http://127\.0\.0\.1:\d+/alert/view\?id=\d+\)$", command);
        Assert.Equal((2, true), live.Get("web01", "CPU load"));

        // Checkmk notifies the acknowledgement: the sync's own is not sent back, a person's is.
        var echo = await SaveAsync(Notification(ilert.Endpoint, "ACKNOWLEDGEMENT", author: "ilert"));
        Assert.True(echo.ExitCode == 0, echo.Output);
        Assert.Contains("Not sent to iLert: ACKNOWLEDGEMENT for web01/CPU load by ilert", echo.Output, StringComparison.Ordinal);
        Assert.Equal(["PROBLEM"], ilert.Received.Select(e => e.Get("NOTIFICATIONTYPE")));
        Assert.Equal(0, (await SaveAsync(Notification(ilert.Endpoint, "ACKNOWLEDGEMENT", author: "cmkadmin"))).ExitCode);
        Assert.Equal(["PROBLEM", "ACKNOWLEDGEMENT"], ilert.Received.Select(e => e.Get("NOTIFICATIONTYPE")));

        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);
        Assert.Contains("ack sync: on, key ****RKEY", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("via livestatus", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 acknowledged", status.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { setup.Output, send.Output, echo.Output, status.Output })
        {
            Assert.DoesNotContain(UserKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--ack-sync-remove"])).ExitCode);
        Assert.False(File.Exists(Path.Combine(Site, "etc", "ilert_notify", "ack-sync")));
        Assert.Contains("ack sync: off", (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"])).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_user_key_is_logged_once_an_hour_and_events_are_still_delivered()
    {
        await using var ilert = await StartIlertAsync();
        await using var alerts = await FakeIlertAlerts.StartAsync(UserKey);
        Assert.Equal(0, (await SetupAsync(alerts.Endpoint, "usr-wrong-key-0123456789")).ExitCode);
        Assert.Equal(0, (await SaveAsync(Notification(DownEndpoint(), "PROBLEM"))).ExitCode);
        Assert.Equal(0, (await SaveAsync(Notification(ilert.Endpoint, "PROBLEM", host: "web02"))).ExitCode);

        var first = await CronSendAsync();
        var second = await CronSendAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("iLert refused the user API key", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("iLert refused the user API key", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("401", second.Output, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"])).Stdout, StringComparison.Ordinal);
        Assert.Equal(2, alerts.Queries.Count);
        Assert.Contains(ilert.Received, e => e.Get("HOSTNAME") == "web02");
        Assert.DoesNotContain("usr-wrong-key-0123456789", first.Output + second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_site_is_tried_again_and_a_429_skips_a_run()
    {
        await using var ilert = await StartIlertAsync();
        await using var alerts = await FakeIlertAlerts.StartAsync(UserKey);
        Assert.Equal(0, (await SetupAsync(alerts.Endpoint, UserKey)).ExitCode);
        Assert.Equal(0, (await SaveAsync(Notification(ilert.Endpoint, "PROBLEM"))).ExitCode);
        alerts.Accept(alerts.Open("web01/CPU load is CRITICAL", "ik-web01/CPU load", SourceId, ApiKey));

        var stopped = await CronSendAsync();
        Assert.True(stopped.ExitCode == 0, stopped.Output);
        Assert.Contains("cannot reach livestatus", stopped.Output, StringComparison.Ordinal);

        alerts.Throttling = true;
        var throttled = await CronSendAsync();
        Assert.Contains("HTTP 429", throttled.Output, StringComparison.Ordinal);

        alerts.Throttling = false;
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        using var live = new FakeLivestatus(SocketPath);
        live.Set("web01", "CPU load", 2);
        var running = await CronSendAsync();
        Assert.True(running.ExitCode == 0, running.Output);
        Assert.Single(live.Commands);
        Assert.Equal(3, alerts.Queries.Count);
    }

    [Fact]
    public async Task A_hanging_ilert_api_costs_the_run_at_most_the_syncs_timeout_and_events_go_first()
    {
        await using var ilert = await StartIlertAsync();
        await using var alerts = await FakeIlertAlerts.StartAsync(UserKey);
        alerts.Delay = TimeSpan.FromHours(1);
        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--ack-sync", "-", "-e", alerts.Endpoint, "-t", "2"], stdin: UserKey + "\n")).ExitCode);
        Assert.Equal(0, (await SaveAsync(Notification(ilert.Endpoint, "PROBLEM"))).ExitCode);
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(Notification(down, "PROBLEM", host: "web02"))).ExitCode);
        foreach (var file in Directory.GetFiles(SiteSpool, "*.event"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(down, ilert.Endpoint, StringComparison.Ordinal));
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var send = await CronSendAsync();
        watch.Stop();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Contains(ilert.Received, e => e.Get("HOSTNAME") == "web02");
        Assert.Contains("within 2 s", send.Output, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < Notifier.WaitPlusWork(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)), $"send took {watch.Elapsed}:\n{send.Output}");
    }

    [Fact]
    public async Task Damaged_settings_skip_the_sync_and_events_are_still_delivered()
    {
        await using var ilert = await StartIlertAsync();
        Assert.Equal(0, (await SetupAsync(DownEndpoint(), UserKey)).ExitCode);
        var stored = Path.Combine(Site, "etc", "ilert_notify", "ack-sync");
        File.AppendAllText(stored, "author: second\n");
        // Saved while iLert was down, then pointed at the stand-in: the cron run is the one that delivers it.
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(Notification(down, "PROBLEM"))).ExitCode);
        foreach (var file in Directory.GetFiles(SiteSpool, "*.event"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(down, ilert.Endpoint, StringComparison.Ordinal));
        }

        var send = await CronSendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Contains("Ack sync not run: its settings are damaged", send.Output, StringComparison.Ordinal);
        Assert.Contains("'author' is given twice", send.Output, StringComparison.Ordinal);
        Assert.Single(ilert.Received);
        Assert.DoesNotContain(UserKey, send.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_refuses_an_unsafe_author_and_outside_a_site_wants_the_command_file()
    {
        var unsafeAuthor = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--ack-sync", "-", "--ack-sync-author", "a;b"], stdin: UserKey + "\n");
        Assert.Equal(2, unsafeAuthor.ExitCode);
        Assert.False(File.Exists(Path.Combine(Site, "etc", "ilert_notify", "ack-sync")));

        var outside = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["setup", "--ack-sync", "-", "-d", SpoolDirectory], stdin: UserKey + "\n");
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("--command-file PATH", outside.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(SpoolDirectory, ".ack-sync")));

        var key = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["setup", "--ack-sync", UserKey, "-d", SpoolDirectory]);
        Assert.DoesNotContain(UserKey, key.Output, StringComparison.Ordinal);
    }

    private static async Task<FakeIlert> StartIlertAsync()
    {
        var ilert = await FakeIlert.StartAsync();
        // A Checkmk alert source answers an event with the key of the alert it went to (Checkmk's built-in script reads it).
        ilert.Responder = e => new ScriptedResponse(202, $"{{\"incidentKey\":\"ik-{e.Get("HOSTNAME")}/{e.Get("SERVICEDESC")}\"}}");
        return ilert;
    }

    private Dictionary<string, string> Notification(string endpoint, string type, string host = "web01", string? author = null)
    {
        var notification = OnSpool(ServiceNotification(endpoint, host: host, type: type), SiteSpool);
        foreach (var (key, value) in SiteEnvironment())
        {
            notification[key] = value;
        }
        notification["NOTIFY_PARAMETER_SOURCE_TYPE"] = "checkmk";
        if (author is not null)
        {
            notification["NOTIFY_NOTIFICATIONAUTHOR"] = author;
            notification["NOTIFY_NOTIFICATIONCOMMENT"] = "Accepted in iLert by Jane Doe";
        }
        return notification;
    }

    private Dictionary<string, string> SiteEnvironment()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        return FakeSiteEnvironment();
    }

    private Task<NotifierResult> SetupAsync(string endpoint, string key) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--ack-sync", "-", "-e", endpoint, "-t", "5"], stdin: key + "\n");

    private Task<NotifierResult> CronSendAsync() => NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["send"]);
}
