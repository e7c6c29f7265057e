using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

public sealed class DeliveryTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Problem_is_delivered_as_xml_with_every_context_variable_and_leaves_nothing_queued()
    {
        await using var ilert = await FakeIlert.StartAsync();

        var result = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.Equal(0, result.ExitCode);
        var e = Assert.Single(ilert.Received);
        Assert.Equal(ApiKey, e.ApiKey);
        Assert.Equal("application/xml", e.ContentType);
        Assert.Equal("web01", e.Get("NOTIFY_HOSTNAME"));
        Assert.Equal("CPU load", e.Get("NOTIFY_SERVICEDESC"));
        Assert.Equal("CRIT - load 12.3", e.Get("NOTIFY_SERVICEOUTPUT"));
        Assert.StartsWith("ilert-checkmk-", e.Get("PLUGIN_VERSION"));
        Assert.DoesNotContain(e.Entries.Keys, key => key.StartsWith("NOTIFY_PARAMETER", StringComparison.Ordinal));
        Assert.Empty(QueuedFiles());
        // Nothing went half right either: a directory that cannot be fsynced (aarch64 with x86-64's O_DIRECTORY)
        // still spools and delivers, and says so only as a warning.
        Assert.True(!result.Output.Contains("[WRN]", StringComparison.Ordinal) && !result.Output.Contains("[ERR]", StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public async Task While_the_server_is_down_saves_exit_0_and_queue_then_one_send_delivers_each_once_in_order()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var hosts = new[] { "alpha", "beta", "gamma" };
        var types = new[] { "PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY" };
        var first = true;
        foreach (var type in types)
        {
            foreach (var host in hosts)
            {
                var result = await SaveAsync(ServiceNotification(endpoint, host: host, type: type));
                Assert.Equal(0, result.ExitCode);
                // The first save finds iLert down; the later ones know it and leave sending to cron at once.
                Assert.Contains(first ? "stays queued" : "events for it wait for the cron job", result.Stdout);
                first = false;
            }
        }
        Assert.Equal(9, QueuedFiles().Length);

        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Empty(QueuedFiles());
        Assert.Equal(9, ilert.Received.Count);
        foreach (var host in hosts)
        {
            var sequence = ilert.Received.Where(e => e.Get("NOTIFY_HOSTNAME") == host).Select(e => e.Get("NOTIFY_NOTIFICATIONTYPE"));
            Assert.Equal(types, sequence);
        }
    }

    [Fact]
    public async Task A_500_is_retried_in_the_same_run_until_202()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(500, "internal error"));

        var result = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, ilert.Requests);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task A_429_pauses_the_alert_source_for_its_Retry_After_without_retrying_in_process()
    {
        await using var ilert = await FakeIlert.StartAsync();
        // Long enough for a save and a send to fall inside it, however slowly (emulated) the binary runs.
        var retryAfter = TimeSpan.FromSeconds(Math.Ceiling(Notifier.Scaled(TimeSpan.FromSeconds(2)).TotalSeconds));
        ilert.Enqueue(new ScriptedResponse(429, "slow down", Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var started = DateTimeOffset.UtcNow;

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));
        var tooEarly = await SendAsync();

        Assert.Equal(0, save.ExitCode);
        Assert.Equal(0, tooEarly.ExitCode);
        Assert.Equal(1, ilert.Requests);
        Assert.Single(QueuedFiles());
        Assert.Contains("iLert throttles the alert source", save.Output);

        // Retry-After counts from the 429, which comes a process start after `started` (a second under emulation);
        // a 429 pauses the source 10 s at least, whatever Retry-After says.
        var throttledAt = Assert.Single(ilert.Arrivals).At;
        var pause = retryAfter > MinThrottlePause ? retryAfter : MinThrottlePause;
        var rest = throttledAt + pause - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100);
        await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        var e = Assert.Single(ilert.Received);
        Assert.True(e.At - throttledAt >= pause, $"delivered {e.At - throttledAt} after the 429, before its pause ({pause.TotalSeconds} s)");
        Assert.Equal(2, ilert.Requests);
        Assert.Empty(QueuedFiles());
    }

    private static readonly TimeSpan MinThrottlePause = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("0")]
    [InlineData("Thu, 01 Jan 2026 00:00:00 GMT")]
    public async Task A_429_that_asks_for_no_wait_still_pauses_its_source_instead_of_posting_every_queued_event(string retryAfter)
    {
        var port = FakeIlert.FreePort();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(0, (await SaveAsync(ServiceNotification($"http://127.0.0.1:{port}", host: $"host{i}"))).ExitCode);
        }
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Responder = _ => new ScriptedResponse(429, "slow down", Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter });

        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        // A run of at most 50 s tries the paused source again only after each pause: a few requests, never ten at once.
        var arrivals = ilert.Arrivals.Select(a => a.At).ToList();
        Assert.InRange(arrivals.Count, 1, 6);
        for (var i = 1; i < arrivals.Count; i++)
        {
            Assert.True(arrivals[i] - arrivals[i - 1] >= MinThrottlePause - TimeSpan.FromMilliseconds(100), $"request {i + 1} came {(arrivals[i] - arrivals[i - 1]).TotalSeconds:0.0} s after a 429");
        }
        Assert.Equal(10, QueuedFiles().Length);
    }

    [Fact]
    public async Task An_absurd_Retry_After_holds_the_event_an_hour_at_most()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(503, "maintenance", Headers: new Dictionary<string, string> { ["Retry-After"] = "100000000" }));

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.Equal(0, save.ExitCode);
        var header = File.ReadAllText(Assert.Single(QueuedFiles()));
        var nextAttempt = DateTimeOffset.Parse(header.Split('\n').Single(line => line.StartsWith("next-attempt: ", StringComparison.Ordinal))["next-attempt: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(nextAttempt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task A_long_429_Retry_After_keeps_the_event_and_later_runs_respect_it()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(429, "slow down", Headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));
        var send = await SendAsync();

        Assert.Equal(0, save.ExitCode);
        Assert.Equal(0, send.ExitCode);
        Assert.Equal(1, ilert.Requests);
        var queued = Assert.Single(QueuedFiles());
        var header = File.ReadAllText(queued);
        Assert.Contains("attempts: 1", header);
        var nextAttempt = DateTimeOffset.Parse(header.Split('\n').Single(line => line.StartsWith("next-attempt: ", StringComparison.Ordinal))["next-attempt: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(nextAttempt > DateTimeOffset.UtcNow.AddMinutes(55), $"next attempt {nextAttempt:O} ignores Retry-After: 3600");
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_leaves_the_event_queued_for_the_next_run()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromSeconds(6));

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.Equal(0, save.ExitCode);
        Assert.Contains("no answer", save.Stdout);
        Assert.Single(QueuedFiles());
        Assert.Equal(1, ilert.Requests); // the endpoint counts as down for the rest of the run: no retry storm

        ilert.Responder = null;
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task A_401_moves_the_event_to_failed_with_the_reason_and_never_retries_it()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = _ => new ScriptedResponse(401, "{\"message\":\"invalid api key\"}");

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));
        var send = await SendAsync();

        Assert.Equal(0, save.ExitCode);
        Assert.Equal(1, ilert.Requests);
        Assert.Empty(QueuedFiles());
        Assert.Single(FailedFiles());
        var reason = File.ReadAllText(Assert.Single(FailedFiles("*.reason")));
        Assert.Contains("status: 401", reason);
        Assert.Contains("invalid api key", reason);
        Assert.Contains("iLert rejected PROBLEM for web01/CPU load", save.Stdout);
        Assert.Equal(0, send.ExitCode);
    }

    [Theory]
    [InlineData("DOWNTIMESTART")]
    [InlineData("FLAPPINGSTART")]
    [InlineData("CUSTOM")]
    [InlineData("ALERTHANDLER (OK)")]
    public async Task Types_not_forwarded_are_logged_as_ignored_and_exit_0(string type)
    {
        await using var ilert = await FakeIlert.StartAsync();

        var result = await SaveAsync(ServiceNotification(ilert.Endpoint, type: type));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Ignored {type} notification for web01/CPU load", result.Stdout);
        Assert.Equal(0, ilert.Requests);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task The_forwarded_types_come_from_the_rule()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint, type: "DOWNTIMESTART");
        environment["NOTIFY_PARAMETER_NOTIFICATION_TYPES_1"] = "PROBLEM";
        environment["NOTIFY_PARAMETER_NOTIFICATION_TYPES_2"] = "DOWNTIMESTART";

        var result = await SaveAsync(environment);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("DOWNTIMESTART", Assert.Single(ilert.Received).Get("NOTIFY_NOTIFICATIONTYPE"));
    }

    [Fact]
    public async Task Without_an_api_key_the_call_fails_permanently_and_spools_nothing()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint);
        environment.Remove("NOTIFY_PARAMETER_API_KEY");
        environment.Remove("NOTIFY_PARAMETER_API_KEY_1");
        environment.Remove("NOTIFY_PARAMETER_API_KEY_2");

        var result = await SaveAsync(environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no API key", result.Stdout);
        Assert.Empty(QueuedFiles());
    }
}
