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

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task An_event_iLert_held_back_while_the_clock_ran_a_day_ahead_goes_out_at_the_first_run_once_the_clock_is_right(int status)
    {
        var shim = Notifier.CompileShim("clock_shift.c", WorkDirectory);
        await using var ilert = await FakeIlert.StartAsync();
        var holding = true;
        ilert.Responder = _ => Volatile.Read(ref holding)
            ? new ScriptedResponse(status, Headers: new Dictionary<string, string> { ["Retry-After"] = "30" })
            : ScriptedResponse.Accepted;
        var problem = ServiceNotification(ilert.Endpoint);
        Notifier.Preload(problem, shim);
        problem["CLOCK_SHIFT_SECONDS"] = "86400";

        Assert.Equal(0, (await SaveAsync(problem)).ExitCode);
        var held = Assert.Single(QueuedFiles());
        var nextAttempt = DateTimeOffset.Parse(Header(held, "next-attempt"), CultureInfo.InvariantCulture);
        Assert.True(nextAttempt > DateTimeOffset.UtcNow.AddHours(23), $"the shim did not move the clock ahead (next attempt {nextAttempt:O})");

        Volatile.Write(ref holding, false);
        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Empty(QueuedFiles());
        Assert.Equal("PROBLEM", ilert.Received[^1].Get("NOTIFY_NOTIFICATIONTYPE"));
    }

    private static string Header(string file, string name) =>
        File.ReadLines(file).First(line => line.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
}
