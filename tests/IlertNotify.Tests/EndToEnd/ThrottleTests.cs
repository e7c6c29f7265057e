using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// Delivery on iLert's real terms: a per-key throttle that answers 429 without Retry-After. The window is 3 s
/// instead of 60 (the notifier's --rate-window, the stand-in's Throttle) so the storm runs in seconds;
/// docs/BENCHMARKS.md has the same at the real 50 a minute.
/// </summary>
public sealed class ThrottleTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private const string OtherKey = "il1api-second-source-0000KEY2";

    [Fact]
    public async Task A_storm_of_120_events_on_one_key_drains_in_three_windows_in_order_with_at_most_one_429_per_window()
    {
        var port = FakeIlert.FreePort();
        // 100 incidents with a PROBLEM, 10 with a PROBLEM and then a RECOVERY: 120 events.
        var saved = await QueueStormAsync($"http://127.0.0.1:{port}", ApiKey, incidents: 110, withRecovery: 10);
        Assert.Equal(120, saved.Count);
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Throttle(50, Window);

        var firstSend = DateTimeOffset.UtcNow;
        for (var run = 0; run < 3 && QueuedFiles().Length > 0; run++)
        {
            var send = await SendAsync();
            Assert.True(send.ExitCode == 0, send.Output);
        }

        Assert.Empty(QueuedFiles());
        AssertDeliveredExactlyOnceInOrder(ilert, saved);
        AssertAtMostOne429PerWindow(ilert, ApiKey);
        var drained = ilert.Received.Max(e => e.At) - firstSend;
        // Three windows of real waiting at most; natively the three runs' own work hides inside them.
        var limit = Notifier.WaitPlusWork(3 * Window, Notifier.IsEmulated ? TimeSpan.FromSeconds(1.5) : TimeSpan.Zero);
        Assert.True(drained < limit, $"drained {drained.TotalSeconds:0.0} s after the first send: more than {limit.TotalSeconds:0.0} s (3 windows of {Window.TotalSeconds} s)");
    }

    [Fact]
    public async Task A_throttled_key_does_not_slow_another_key_in_the_same_spool()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var throttledKey = await QueueStormAsync(endpoint, ApiKey, incidents: 30, withRecovery: 0, hostPrefix: "a");
        var freeKey = await QueueStormAsync(endpoint, OtherKey, incidents: 30, withRecovery: 0, hostPrefix: "b");
        await using var ilert = await FakeIlert.StartAsync(port);
        // iLert allows this key far less than the notifier was told: it learns from the 429s.
        ilert.Throttle(50, Window, new Dictionary<string, int> { [ApiKey] = 5 });

        var started = DateTimeOffset.UtcNow;
        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Contains("iLert throttles the alert source", send.Output);
        var otherDelivered = ilert.Received.Where(e => e.ApiKey == OtherKey).ToList();
        Assert.Equal(freeKey.Count, otherDelivered.Count);
        Assert.True(otherDelivered.Max(e => e.At) - started < Window, "the free key waited for the throttled one");
        AssertAtMostOne429PerWindow(ilert, ApiKey);
        AssertDeliveredExactlyOnceInOrder(ilert, throttledKey.Concat(freeKey).ToList(), complete: false);
    }

    [Fact]
    public async Task Attempts_that_never_reached_iLert_cost_nothing_of_its_budget()
    {
        var port = FakeIlert.FreePort();
        // Real window: 50 a minute. The first save finds the port closed (connection refused).
        var saved = await QueueStormAsync($"http://127.0.0.1:{port}", ApiKey, incidents: 50, withRecovery: 0, window: TimeSpan.FromSeconds(60));
        await using var ilert = await FakeIlert.StartAsync(port);

        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(saved.Count, ilert.Received.Count);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task A_rate_limit_given_to_send_applies_to_events_queued_with_the_default()
    {
        var port = FakeIlert.FreePort();
        var saved = await QueueStormAsync($"http://127.0.0.1:{port}", ApiKey, incidents: 60, withRecovery: 0, window: TimeSpan.FromSeconds(60));
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Throttle(100, TimeSpan.FromSeconds(60));

        var send = await SendAsync("--rate-limit", "100");

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(saved.Count, ilert.Received.Count);
        Assert.Empty(ilert.Throttled);
    }

    [Fact]
    public async Task Three_sites_on_one_key_share_its_throttle_lose_nothing_and_each_gets_at_most_one_429_per_window()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        string[] sites = ["siteA", "siteB", "siteC"];
        var saved = new List<(string Host, string Type)>();
        // 40 events a site natively (120: more than two windows' worth); under qemu, where a save takes a second, 20.
        var perSite = Notifier.IsEmulated ? 20 : 40;
        foreach (var site in sites)
        {
            // Each site has its own spool (as each Checkmk site does) and knows nothing of the others.
            var spool = Path.Combine(WorkDirectory, site);
            for (var i = 0; i < perSite; i++)
            {
                var environment = OnSpool(ServiceNotification(endpoint, host: $"{site}-{i:00}"), spool);
                Assert.Equal(0, (await SaveAsync(environment, "--rate-window", $"{Window.TotalSeconds}")).ExitCode);
                saved.Add(($"{site}-{i:00}", "PROBLEM"));
            }
        }
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Throttle(50, Window);

        var started = DateTimeOffset.UtcNow;
        for (var run = 0; run < 4 && sites.Any(site => Directory.GetFiles(Path.Combine(WorkDirectory, site), "*.event").Length > 0); run++)
        {
            var sends = await Task.WhenAll(sites.Select(site => SendFromAsync(Path.Combine(WorkDirectory, site))));
            Assert.All(sends, send => Assert.True(send.ExitCode == 0, send.Output));
        }
        var drained = ilert.Received.Max(e => e.At) - started;

        AssertDeliveredExactlyOnceInOrder(ilert, saved);
        foreach (var site in sites)
        {
            Assert.Empty(Directory.GetFiles(Path.Combine(WorkDirectory, site), "*.event"));
            var rejections = ilert.ThrottledEvents.Where(e => e.Get("NOTIFY_HOSTNAME").StartsWith(site, StringComparison.Ordinal)).Select(e => e.At).Order().ToList();
            for (var i = 1; i < rejections.Count; i++)
            {
                Assert.True(rejections[i] - rejections[i - 1] >= Window, $"{site} got two 429s {(rejections[i] - rejections[i - 1]).TotalMilliseconds:0} ms apart");
            }
        }
        // The figures docs/INSTALL.md quotes ("Distributed Checkmk").
        Console.WriteLine($"3 sites x {perSite} events on one key, throttle 50/{Window.TotalSeconds} s: {ilert.Received.Count} delivered, {ilert.ThrottledEvents.Count} x 429, drained in {drained.TotalSeconds:0.0} s");
    }

    /// <summary>Saves while iLert is down; returns (host, type) in save order.</summary>
    private async Task<List<(string Host, string Type)>> QueueStormAsync(string endpoint, string key, int incidents, int withRecovery, string hostPrefix = "host", TimeSpan? window = null)
    {
        var saved = new List<(string, string)>();
        for (var i = 0; i < incidents + withRecovery; i++)
        {
            var host = $"{hostPrefix}{i % incidents:000}";
            var type = i >= incidents ? "RECOVERY" : "PROBLEM";
            var environment = ServiceNotification(endpoint, host: host, type: type);
            environment["NOTIFY_PARAMETER_API_KEY"] = "password\t" + key;
            environment["NOTIFY_PARAMETER_API_KEY_2"] = key;
            var result = await SaveAsync(environment, "--rate-window", $"{(window ?? Window).TotalSeconds}");
            Assert.True(result.ExitCode == 0, result.Output);
            saved.Add((host, type));
        }
        return saved;
    }

    private static void AssertDeliveredExactlyOnceInOrder(FakeIlert ilert, IReadOnlyList<(string Host, string Type)> saved, bool complete = true)
    {
        var received = ilert.Received.Select(e => (Host: e.Get("NOTIFY_HOSTNAME"), Type: e.Get("NOTIFY_NOTIFICATIONTYPE"))).ToList();
        Assert.Equal(received.Count, received.Distinct().Count());
        if (complete)
        {
            Assert.Equal(saved.Order(), received.Order());
        }
        foreach (var incident in saved.GroupBy(e => e.Host))
        {
            var got = received.Where(e => e.Host == incident.Key).Select(e => e.Type).ToList();
            Assert.Equal(incident.Select(e => e.Type).Take(got.Count), got);
        }
    }

    private static void AssertAtMostOne429PerWindow(FakeIlert ilert, string key)
    {
        var rejections = ilert.Throttled.Where(t => t.ApiKey == key).Select(t => t.At).Order().ToList();
        for (var i = 1; i < rejections.Count; i++)
        {
            Assert.True(rejections[i] - rejections[i - 1] >= Window, $"two 429s for one key {(rejections[i] - rejections[i - 1]).TotalMilliseconds:0} ms apart, within one window");
        }
    }
}
