using System.Diagnostics;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// The spool's own small files (<c>.sequence</c>, <c>.lock</c>, <c>.delivery-state</c>) held, replaced by a directory,
/// a FIFO or a link: a save never stalls or loses its event, a send still sends, and the file is repaired.
/// </summary>
public sealed class SpoolDamageTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private string Sequence => Path.Combine(SpoolDirectory, ".sequence");

    /// <summary>What a save may take here: its flush's 2 s budget (a down endpoint ends it at once) plus its own work.</summary>
    private TimeSpan SaveLimit => Notifier.WaitPlusWork(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_sequence_held_by_a_stuck_process_delays_a_save_within_its_budget_and_keeps_the_order()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(ServiceNotification(down, host: "first"))).ExitCode);
        using var holder = Process.Start("flock", [Sequence, "sleep", "60"]);
        await WaitUntilHeldAsync();

        try
        {
            var (second, took) = await TimedSaveAsync(ServiceNotification(down, host: "second"));
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.True(took < SaveLimit, $"the save took {took}:\n{second.Output}");
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
        Assert.Equal(0, (await SaveAsync(ServiceNotification(down, host: "third"))).ExitCode);

        Assert.Equal(["first", "second", "third"], QueuedHosts());
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("directory")]
    [InlineData("symlink")]
    public async Task A_sequence_that_is_no_regular_file_is_replaced_and_the_order_kept(string kind)
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(ServiceNotification(down, host: "first"))).ExitCode);
        var outside = Path.Combine(WorkDirectory, "outside");
        File.WriteAllText(outside, "not ours\n");
        File.Delete(Sequence);
        switch (kind)
        {
            case "fifo":
                Assert.Equal(0, Run("mkfifo", Sequence));
                break;
            case "directory":
                Directory.CreateDirectory(Path.Combine(Sequence, "inside"));
                break;
            case "symlink":
                File.CreateSymbolicLink(Sequence, outside);
                break;
        }

        var (second, took) = await TimedSaveAsync(ServiceNotification(down, host: "second"));
        var third = await SaveAsync(ServiceNotification(down, host: "third"));

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.True(took < SaveLimit, $"the save took {took}:\n{second.Output}");
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Equal(["first", "second", "third"], QueuedHosts());
        Assert.Equal("regular file", FileKind(Sequence));
        Assert.Equal("not ours\n", File.ReadAllText(outside));
    }

    [Fact]
    public async Task A_lock_file_replaced_by_a_directory_is_repaired_and_send_delivers()
    {
        var port = FakeIlert.FreePort();
        Assert.Equal(0, (await SaveAsync(ServiceNotification($"http://127.0.0.1:{port}"))).ExitCode);
        var lockPath = Path.Combine(SpoolDirectory, ".lock");
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        await using var ilert = await FakeIlert.StartAsync(port);

        var send = await SendAsync();

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
        Assert.Equal("regular file", FileKind(lockPath));
    }

    [Theory]
    [InlineData(".delivery-state")]
    [InlineData(".delivery-state.tmp")]
    public async Task A_delivery_state_path_taken_by_a_directory_is_repaired_and_keeps_the_pacing(string name)
    {
        var port = FakeIlert.FreePort();
        Assert.Equal(0, (await SaveAsync(ServiceNotification($"http://127.0.0.1:{port}"))).ExitCode);
        var state = Path.Combine(SpoolDirectory, ".delivery-state");
        File.Delete(state);
        Directory.CreateDirectory(Path.Combine(SpoolDirectory, name, "inside"));
        await using var ilert = await FakeIlert.StartAsync(port);

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Single(ilert.Received);
        Assert.Equal("regular file", FileKind(state));
        Assert.Contains("\nsource ", File.ReadAllText(state));
        Assert.Contains(name, first.Output);
        Assert.DoesNotContain(name, second.Output);
    }

    private async Task<(NotifierResult Result, TimeSpan Took)> TimedSaveAsync(Dictionary<string, string> environment)
    {
        var clock = Stopwatch.StartNew();
        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, timeout: Notifier.Scaled(TimeSpan.FromSeconds(20)));
        return (result, clock.Elapsed);
    }

    private string[] QueuedHosts() => QueuedFiles()
        .Select(file => File.ReadAllLines(file).First(line => line.StartsWith("incident: ", StringComparison.Ordinal))["incident: ".Length..].Split('/')[0])
        .ToArray();

    private async Task WaitUntilHeldAsync()
    {
        var waited = Stopwatch.StartNew();
        while (Run("flock", "-n", Sequence, "true") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "flock did not take the lock");
            await Task.Delay(20);
        }
    }

    private static string FileKind(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        var kind = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return kind == "regular empty file" ? "regular file" : kind;
    }

    private static int Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        return process.ExitCode;
    }
}
