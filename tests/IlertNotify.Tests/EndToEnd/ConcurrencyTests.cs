using System.Diagnostics;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

public sealed class ConcurrencyTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Twenty_concurrent_saves_while_a_send_runs_lose_nothing_and_duplicate_nothing()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(0, (await SaveAsync(WithMarker(ServiceNotification(endpoint, host: $"queued{i % 5}"), $"queued-{i}"))).ExitCode);
        }
        await using var ilert = await FakeIlert.StartAsync(port);
        ilert.Responder = _ => new ScriptedResponse(202, Delay: TimeSpan.FromMilliseconds(20));

        var send = SendAsync();
        var saves = Enumerable.Range(0, 20)
            .Select(i => SaveAsync(WithMarker(ServiceNotification(endpoint, host: $"live{i % 4}"), $"live-{i}")))
            .ToArray();
        var results = await Task.WhenAll(saves);
        Assert.Equal(0, (await send).ExitCode);
        Assert.All(results, result => Assert.Equal(0, result.ExitCode));
        Assert.Equal(0, (await SendAsync()).ExitCode);

        var markers = ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).ToList();
        var expected = Enumerable.Range(0, 30).Select(i => $"queued-{i}").Concat(Enumerable.Range(0, 20).Select(i => $"live-{i}"));
        Assert.Equal(expected.Order(), markers.Order());
        Assert.Empty(QueuedFiles());
        foreach (var host in Enumerable.Range(0, 5).Select(i => $"queued{i}"))
        {
            var order = ilert.Received.Where(e => e.Get("NOTIFY_HOSTNAME") == host).Select(e => int.Parse(e.Get("NOTIFY_MARKER")["queued-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task A_writer_killed_with_SIGKILL_leaves_nothing_that_is_ever_sent()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var environment = ServiceNotification(endpoint, output: new string('x', 60_000));
        // How long one save lives here (a few ms natively, a second or more under qemu), measured on a spool of its own.
        var lifetime = Stopwatch.StartNew();
        await SaveAsync(OnSpool(ServiceNotification(endpoint, output: new string('x', 60_000)), Path.Combine(WorkDirectory, "calibration")));
        var life = lifetime.Elapsed;
        var killed = 0;
        for (var round = 0; round < 40; round++)
        {
            environment["NOTIFY_SERVICEPROBLEMID"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = NotifierProcess.Start(Notifier.BinaryPath, environment);
            var stopwatch = Stopwatch.StartNew();
            // Spread the kills over the whole life of the process: start-up, spooling, the flush.
            while (stopwatch.Elapsed < life * (round % 20) / 20 && !process.HasExited)
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
        Assert.True(killed > 0, "no writer was killed: the test did not test anything");

        // Whatever the kills left: a complete event, or a .tmp that must never be sent.
        var spooled = QueuedFiles();
        Assert.True(spooled.Length > 0, "no writer got as far as spooling: the test did not check what complete events become");
        var leftovers = Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "*.tmp") : [];
        foreach (var leftover in leftovers)
        {
            File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddHours(-2));
        }
        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Equal(spooled.Length, ilert.Received.Count);
        Assert.All(ilert.Received, e => Assert.Equal(60_000, e.Get("NOTIFY_SERVICEOUTPUT").Length));
        Assert.Empty(QueuedFiles());
        Assert.Empty(Directory.GetFiles(SpoolDirectory, "*.tmp"));
        Assert.Empty(FailedFiles());
    }

    private static Dictionary<string, string> WithMarker(Dictionary<string, string> environment, string marker)
    {
        environment["NOTIFY_MARKER"] = marker;
        // 50 events on one key in seconds: within a budget iLert raised, this test is about locking, not throttling.
        environment["NOTIFY_PARAMETER_RATE_LIMIT"] = "1000";
        return environment;
    }
}
