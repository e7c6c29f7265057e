using System.Globalization;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// The wall clock steps back between a PROBLEM and its RECOVERY (NTP correction, VM resume): the real binary runs
/// with an LD_PRELOAD shim that shifts CLOCK_REALTIME, and iLert must still get PROBLEM first.
/// </summary>
public sealed class ClockStepTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task A_recovery_saved_after_a_3_s_step_back_still_goes_out_after_its_problem()
    {
        var shim = Notifier.CompileShim("clock_shift.c", WorkDirectory);
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var problem = ServiceNotification(endpoint, type: "PROBLEM");
        var recovery = ServiceNotification(endpoint, type: "RECOVERY");
        Notifier.Preload(recovery, shim);
        recovery["CLOCK_SHIFT_SECONDS"] = "-3";

        Assert.Equal(0, (await SaveAsync(problem)).ExitCode);
        Assert.Equal(0, (await SaveAsync(recovery)).ExitCode);

        var created = QueuedFiles().Select(file => (Type: Header(file, "type"), Created: DateTimeOffset.Parse(Header(file, "created"), CultureInfo.InvariantCulture))).ToList();
        var problemCreated = created.Single(c => c.Type == "PROBLEM").Created;
        var recoveryCreated = created.Single(c => c.Type == "RECOVERY").Created;
        Assert.True(recoveryCreated < problemCreated, $"the shim did not step the clock back (PROBLEM {problemCreated:O}, RECOVERY {recoveryCreated:O})");

        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(["PROBLEM", "RECOVERY"], ilert.Received.Select(e => e.Get("NOTIFY_NOTIFICATIONTYPE")).ToArray());
    }

    private static string Header(string file, string name) =>
        File.ReadLines(file).First(line => line.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
}
