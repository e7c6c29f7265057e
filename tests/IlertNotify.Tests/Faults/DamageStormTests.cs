using System.Globalization;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// A storm of saves and cron sends while something keeps damaging the spool's state files (a torn or foreign
/// <c>.sequence</c>, a garbled or missing <c>.delivery-state</c>): iLert must still get every event, and every
/// incident's events in the order they were saved.
/// </summary>
public sealed class DamageStormTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private static readonly string[] Steps = ["PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY"];
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    private static readonly string[] SequenceDamage =
    [
        "00000", "0", "1", "", "9223372036854775807", "9999999999999998", "garbage\n",
        // Well-formed but far below the queue: only the queue can say what comes next.
        "0000000000000000001\n",
    ];

    private static readonly string[] StateDamage =
    [
        "", "ilert-notify-state 1\nsource", "ilert-notify-state 1\nsource x 50/3 99999999999999 1 2 3\nendpoint http://x 99999999999999 down\n",
        "not a state file\n", "ilert-notify-state 1\n\0\0\0\0",
    ];

    [Fact]
    public async Task Saves_and_sends_while_the_state_files_are_damaged_lose_nothing_and_reorder_nothing()
    {
        // 100 incidents of 3 events natively; under qemu (a save takes about a second there) 30.
        var incidents = Notifier.IsEmulated ? 30 : 100;
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Throttle(50, Window);
        using var stop = new CancellationTokenSource();
        var damage = Task.Run(() => DamageAsync(stop.Token));
        var sends = Task.Run(() => SendUntilAsync(stop.Token));

        // Incidents in parallel (4 at a time), each incident's events one after another, as a core sends them.
        var saves = new List<NotifierResult>();
        await Parallel.ForEachAsync(Enumerable.Range(0, incidents), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (incident, _) =>
        {
            foreach (var (step, type) in Steps.Index())
            {
                var environment = ServiceNotification(ilert.Endpoint, host: $"host{incident:000}", type: type);
                environment["NOTIFY_MARKER"] = $"{incident}/{step}";
                var result = await SaveAsync(environment, "--rate-window", Window.TotalSeconds.ToString(CultureInfo.InvariantCulture));
                lock (saves)
                {
                    saves.Add(result);
                }
            }
        });
        await stop.CancelAsync();
        var damages = await damage;
        var sendRuns = await sends;
        for (var run = 0; run < 10 && QueuedFiles().Length > 0; run++)
        {
            var send = await SendAsync();
            Assert.True(send.ExitCode == 0, send.Output);
        }

        Assert.All(saves, save => Assert.True(save.ExitCode == 0, save.Output));
        var markers = ilert.Received.Select(e => e.Get("NOTIFY_MARKER")).ToList();
        var expected = Enumerable.Range(0, incidents).SelectMany(incident => Steps.Index().Select(step => $"{incident}/{step.Index}")).ToList();
        var lost = expected.Except(markers).ToList();
        var duplicated = markers.GroupBy(marker => marker).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        var reordered = markers.GroupBy(marker => marker.Split('/')[0])
            .Where(incident => !incident.Select(marker => marker.Split('/')[1]).SequenceEqual(["0", "1", "2"]))
            .Select(incident => $"{incident.Key}: {string.Join(",", incident.Select(marker => marker.Split('/')[1]))}")
            .ToList();
        Assert.True(lost.Count == 0 && reordered.Count == 0 && duplicated.Count == 0,
            $"{expected.Count} saved, {markers.Count} received after {damages} damages and {sendRuns} send runs: " +
            $"{lost.Count} lost ({string.Join(" ", lost.Take(10))}), {reordered.Count} incidents reordered ({string.Join("; ", reordered.Take(10))}), " +
            $"{duplicated.Count} duplicated");
        Assert.Empty(QueuedFiles());
        Assert.Empty(FailedFiles());
        Assert.True(damages > 20 && sendRuns >= 1, $"the storm was too calm: {damages} damages, {sendRuns} send runs");
    }

    private async Task<int> DamageAsync(CancellationToken stop)
    {
        var random = new Random(19);
        var sequence = Path.Combine(SpoolDirectory, ".sequence");
        var state = Path.Combine(SpoolDirectory, ".delivery-state");
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var (path, forms) = random.Next(2) == 0 ? (sequence, SequenceDamage) : (state, StateDamage);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                switch (random.Next(6))
                {
                    case 0:
                        File.Delete(path);
                        break;
                    case 1:
                        // A directory where the file should be: the notifier clears it.
                        Directory.CreateDirectory(path);
                        break;
                    default:
                        if (Directory.Exists(SpoolDirectory))
                        {
                            File.WriteAllText(path, forms[random.Next(forms.Length)]);
                        }
                        break;
                }
                count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The notifier replaced the file at that moment: try again.
            }
            await Task.Delay(random.Next(5, 40), CancellationToken.None);
        }
        return count;
    }

    private async Task<int> SendUntilAsync(CancellationToken stop)
    {
        var runs = 0;
        while (!stop.IsCancellationRequested)
        {
            var send = await SendAsync();
            Assert.True(send.ExitCode == 0, send.Output);
            runs++;
        }
        return runs;
    }
}
