using System.Diagnostics;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// iLert accepts the connection and never answers. Checkmk Raw runs notifications one after another, so every
/// second a save waits delays every later alert: saves must return within their small budget, and once the
/// spool knows the endpoint hangs, at once.
/// </summary>
public sealed class HangingIlertTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Twenty_sequential_saves_each_return_within_3_s_median_half_a_second_and_one_send_delivers_all_later()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromHours(1));
        var durations = new List<TimeSpan>();

        for (var i = 0; i < 20; i++)
        {
            var environment = ServiceNotification(ilert.Endpoint, host: $"host{i:00}");
            environment["NOTIFY_PARAMETER_TIMEOUT"] = "45";
            var stopwatch = Stopwatch.StartNew();
            var result = await SaveAsync(environment);
            durations.Add(stopwatch.Elapsed);
            Assert.True(result.ExitCode == 0, result.Output);
        }

        var sorted = durations.Order().ToList();
        var median = (sorted[9] + sorted[10]) / 2;
        // The save's wait for iLert is bounded in real time (2 s); only the rest (start-up, spooling) runs slower under emulation.
        var slowestLimit = Notifier.WaitPlusWork(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var medianLimit = Notifier.Scaled(TimeSpan.FromSeconds(0.5));
        Assert.True(sorted[^1] <= slowestLimit, $"slowest save took {sorted[^1].TotalSeconds:0.00} s (limit {slowestLimit.TotalSeconds:0.0} s)");
        Assert.True(median <= medianLimit, $"median save took {median.TotalSeconds:0.00} s (limit {medianLimit.TotalSeconds:0.0} s)");
        Assert.Equal(20, QueuedFiles().Length);
        Assert.Empty(ilert.Received);

        ilert.Responder = null;
        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"host{i:00}"), ilert.Received.Select(e => e.Get("NOTIFY_HOSTNAME")));
        Assert.Empty(QueuedFiles());
    }
}
