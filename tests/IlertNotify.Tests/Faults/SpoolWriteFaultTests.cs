using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// Spool writes that fail half-way, injected with an LD_PRELOAD shim (Faults/fs_faults.c): exit 1 always means "not
/// in the spool", one bad notification of a bulk does not take the others with it, and a rejection that cannot
/// reach <c>failed/</c> is set aside once, counted, and moved there later.
/// </summary>
[Trait("Arm64", "true")]
public sealed class SpoolWriteFaultTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string EIO = "5";

    [Fact]
    public async Task A_save_whose_directory_fsync_fails_is_spooled_with_a_warning_and_exit_0()
    {
        var environment = WithFaults(ServiceNotification(DownEndpoint()), ("FAULT_DIRSYNC_ERRNO", EIO));

        var save = await SaveAsync(environment);

        // The event was renamed into the spool: an exit 1 would make a retrying Checkmk edition deliver it twice.
        Assert.True(save.ExitCode == 0, save.Output);
        Assert.Single(QueuedFiles());
        Assert.Contains("durability not confirmed", save.Output, StringComparison.Ordinal);
        Assert.Contains("Input/output error", save.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT spooled", save.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_notification_that_cannot_be_spooled_does_not_stop_the_others_and_is_named()
    {
        var stdin = $"PARAMETER_API_KEY=password\t{ApiKey}\nPARAMETER_ENDPOINT={DownEndpoint()}\nPARAMETER_SPOOL_DIR={SpoolDirectory}\n"
            + string.Concat(Enumerable.Range(1, 3).Select(i => $"\nWHAT=SERVICE\nNOTIFICATIONTYPE=PROBLEM\nHOSTNAME=host{i}\nSERVICEDESC=Disk\nSERVICEOUTPUT=full\n"));
        // The second event's temp file (spool/s...tmp) cannot be created: that notification alone is lost to us.
        var environment = WithFaults([], ("FAULT_CREATE_MATCH", SpoolDirectory + "/s"), ("FAULT_CREATE_NTH", "2"));

        var bulk = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, ["--bulk"], stdin);

        Assert.True(bulk.ExitCode == 1, bulk.Output);
        Assert.Contains("1 of 3 notifications NOT spooled: PROBLEM for host2/Disk", bulk.Output, StringComparison.Ordinal);
        Assert.Equal(["host1", "host3"], QueuedFiles().Select(file => Header(file, "incident").Split('/')[0]).ToArray());
    }

    [Fact]
    public async Task A_rejection_that_cannot_reach_failed_is_set_aside_once_counted_and_moved_there_later()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = _ => new ScriptedResponse(400, """{"status":400,"message":"Invalid payload","code":"INVALID_INPUT"}""");
        Assert.Equal(0, (await SaveAsync(ServiceNotification(DownEndpoint()))).ExitCode);
        RedirectQueuedEventsTo(ilert.Endpoint);
        var noFailedDirectory = WithFaults([], ("FAULT_CREATE_MATCH", "/failed/"));

        var first = await NotifierProcess.RunAsync(Notifier.BinaryPath, noFailedDirectory, ["send", "-d", SpoolDirectory]);
        var second = await NotifierProcess.RunAsync(Notifier.BinaryPath, noFailedDirectory, ["send", "-d", SpoolDirectory]);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Output + second.Output);
        Assert.Equal(1, ilert.Requests);
        var setAside = Assert.Single(Directory.GetFiles(SpoolDirectory, "*.rejected"));
        Assert.EndsWith(".event.rejected", setAside, StringComparison.Ordinal);
        Assert.Empty(QueuedFiles());

        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "-d", SpoolDirectory]);
        var check = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "--check", "-d", SpoolDirectory]);
        Assert.Contains("0 queued", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 failed", status.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("1 \"iLert notification spool\"", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("failed=1;", check.Stdout, StringComparison.Ordinal);

        var healed = await SendAsync();

        Assert.True(healed.ExitCode == 0, healed.Output);
        Assert.Equal(1, ilert.Requests);
        Assert.Empty(Directory.GetFiles(SpoolDirectory, "*.rejected"));
        Assert.Single(FailedFiles());
        Assert.Single(FailedFiles("*.reason"));
    }

    private Dictionary<string, string> WithFaults(Dictionary<string, string> environment, params (string Name, string Value)[] faults)
    {
        Notifier.Preload(environment, Notifier.CompileShim("fs_faults.c", WorkDirectory));
        foreach (var (name, value) in faults)
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>The events were saved while iLert was down; its stand-in now listens elsewhere.</summary>
    private void RedirectQueuedEventsTo(string endpoint)
    {
        foreach (var file in QueuedFiles())
        {
            var text = File.ReadAllText(file);
            var url = text.Split('\n').First(line => line.StartsWith("url: ", StringComparison.Ordinal))["url: ".Length..];
            File.WriteAllText(file, text.Replace(new Uri(url).GetLeftPart(UriPartial.Authority), endpoint, StringComparison.Ordinal));
        }
    }

    private static string Header(string file, string name) =>
        File.ReadLines(file).First(line => line.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
}
