using IlertNotify.Delivery;
using IlertNotify.Events;
using IlertNotify.Formats;
using IlertNotify.Logging;
using IlertNotify.Settings;
using IlertNotify.Spool;
using IlertNotify.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The flush in process, on a fake clock, against the loopback iLert stand-in: backoff, pacing windows and the
/// run's deadline are measured by the injected <see cref="TimeProvider"/>, so they are checked here without waiting.
/// </summary>
public sealed class FlushClockTests : IAsyncLifetime
{
    private const string Key = "il1api0123456789abcdefSECRET";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("ilert-flush-").FullName;
    private readonly FakeTimeProvider clock = new(Start);
    private readonly ILogger log = new LoggerConfiguration().CreateLogger();
    private FakeIlert ilert = null!;

    // No in-run retries: each attempt is one request, and no Polly delay waits on the fake clock.
    private readonly DeliveryOptions options = new() { MaxRetries = 0, Jitter = () => 0.5 };

    public async Task InitializeAsync() => ilert = await FakeIlert.StartAsync();

    public async Task DisposeAsync()
    {
        await ilert.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_503_holds_the_event_until_its_backoff_has_passed_on_the_clock()
    {
        ilert.Enqueue(new ScriptedResponse(503));
        var spool = Queue(new RateBudget(50, TimeSpan.FromMinutes(1)), "web01");

        await FlushAsync(spool, TimeSpan.FromSeconds(50));
        clock.Advance(TimeSpan.FromSeconds(29));
        await FlushAsync(spool, TimeSpan.FromSeconds(50));
        var requestsWithinBackoff = ilert.Requests;
        clock.Advance(TimeSpan.FromSeconds(2));
        await FlushAsync(spool, TimeSpan.FromSeconds(50));

        // First backoff: 30 s x (0.8 + 0.4 x jitter 0.5) = 30 s.
        Assert.Equal(1, requestsWithinBackoff);
        Assert.Equal(2, ilert.Requests);
        Assert.Empty(spool.EventFiles());
    }

    [Fact]
    public async Task A_save_sized_deadline_leaves_what_the_window_cannot_take_queued_and_the_next_window_takes_it()
    {
        var spool = Queue(new RateBudget(2, TimeSpan.FromMinutes(1)), "a", "b", "c");

        var first = await FlushAsync(spool, options.SaveBudget);
        var afterFirst = ilert.Requests;
        // 58 s + the save's 2 s end before the window (60 s and a little slack) does: nothing to wait for.
        clock.Advance(TimeSpan.FromSeconds(58));
        await FlushAsync(spool, options.SaveBudget);
        var withinWindow = ilert.Requests;
        clock.Advance(TimeSpan.FromSeconds(3));
        await FlushAsync(spool, options.SaveBudget);

        Assert.Equal(2, afterFirst);
        Assert.Equal(1, first!.Paced);
        // The window is remembered across runs (.delivery-state), measured by the injected clock.
        Assert.Equal(2, withinWindow);
        Assert.Equal(3, ilert.Requests);
        Assert.Empty(spool.EventFiles());
    }

    [Fact]
    public async Task A_cron_run_waits_for_the_next_window_on_the_clock_when_it_ends_before_its_deadline()
    {
        var spool = Queue(new RateBudget(2, TimeSpan.FromSeconds(10)), "a", "b", "c");

        var flush = FlushAsync(spool, options.SendBudget);
        await WaitUntil(() => ilert.Requests == 2);
        Assert.False(flush.IsCompleted, "the run ended instead of waiting for the next window");
        Assert.Equal(2, ilert.Requests);
        // The window (10 s and a little slack) passes on the clock, not in real time.
        clock.Advance(TimeSpan.FromSeconds(11));
        await flush;

        Assert.Equal(3, ilert.Requests);
        Assert.Empty(spool.EventFiles());
    }

    [Fact]
    public async Task An_in_run_retry_waits_out_Retry_After_on_the_clock()
    {
        ilert.Enqueue(new ScriptedResponse(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "1" }));
        var spool = Queue(new RateBudget(50, TimeSpan.FromMinutes(1)), "web01");

        var flush = FlushAsync(spool, options.SendBudget, options with { MaxRetries = 1 });
        await WaitUntil(() => ilert.Requests == 1);
        // Longer than Retry-After in real time: only the injected clock may end the wait.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var beforeTheClockMoved = ilert.Requests;
        clock.Advance(TimeSpan.FromSeconds(1));
        await flush;

        Assert.Equal(1, beforeTheClockMoved);
        Assert.Equal(2, ilert.Requests);
        Assert.Empty(spool.EventFiles());
    }

    private SpoolDirectory Queue(RateBudget budget, params string[] hosts)
    {
        var spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));
        var format = EventFormats.NagiosXml;
        var endpoint = new Uri(ilert.Endpoint);
        foreach (var host in hosts)
        {
            var url = format.Url(endpoint, Key);
            spool.Add(new IlertEvent
            {
                Url = url,
                Format = format,
                Incident = host,
                NotificationType = "PROBLEM",
                Proxy = ProxySetting.NoneValue,
                VerifyTls = true,
                TimeoutSeconds = 10,
                Source = AlertSourceId.For(url, Key),
                RateBudget = budget,
                Created = clock.GetUtcNow(),
                Body = EventXml.Build(Key, [new("NOTIFY_HOSTNAME", host), new("NOTIFY_NOTIFICATIONTYPE", "PROBLEM")]),
            }, clock.GetUtcNow());
        }
        return spool;
    }

    private Task<FlushSummary?> FlushAsync(SpoolDirectory spool, TimeSpan budget, DeliveryOptions? tried = null) =>
        FlushRun.RunAsync(spool, TimeSpan.Zero, new FlushPolicy(clock.GetUtcNow() + budget, AvoidTroubledEndpoints: false), tried ?? options, log, new SecretMasker(), clock);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 30_000, "the stand-in did not get the expected requests");
            await Task.Delay(10);
        }
        // Give the flush the moment it needs to reach its slot wait.
        await Task.Delay(200);
    }
}
