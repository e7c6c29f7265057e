using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The modes of what the notifier creates in a site, under the umask of a Checkmk 2.5 site profile (0077) and under
/// the usual default (0022): they must not depend on it. Owner-only for everything that may hold a key (spool,
/// failed/, events, the spool's state files, the registry, the heartbeat settings); 0644 for the cron file, which
/// holds no secret and follows the site's other <c>etc/cron.d</c> files.
/// </summary>
public sealed class UmaskTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const UnixFileMode PrivateDirectory = (UnixFileMode)0b111_000_000;
    private const UnixFileMode PrivateFile = (UnixFileMode)0b110_000_000;
    private const UnixFileMode CronFile = (UnixFileMode)0b110_100_100;
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private string Site => Path.Combine(WorkDirectory, "site");
    private string FakeBin => Path.Combine(WorkDirectory, "fakebin");

    [Theory]
    [InlineData("0077")]
    [InlineData("0022")]
    public async Task Save_send_and_setup_create_what_they_create_with_the_same_modes_under_every_umask(string umask)
    {
        PrepareSite();
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Responder = e => e.Get("NOTIFY_HOSTNAME") == "rejected" ? new ScriptedResponse(401, "{\"message\":\"invalid api key\"}") : ScriptedResponse.Accepted;

        // An event iLert rejects (to failed/), one for an endpoint that is down (stays queued), the heartbeat, the
        // cron job's send (spool state, the site's default spool), then setup (the cron file).
        await RunAsync(umask, InSite(ServiceNotification(ilert.Endpoint, host: "rejected")));
        await RunAsync(umask, InSite(ServiceNotification(DownEndpoint(), host: "queued")));
        await RunAsync(umask, SiteEnvironment(), "setup", "--heartbeat", "il1heartbeatKEY", "-e", ilert.Endpoint);
        await RunAsync(umask, SiteEnvironment(), "send");
        await RunAsync(umask, SiteEnvironment(), "setup");

        var expected = new List<(string Path, UnixFileMode Mode)>
        {
            (SpoolDirectory, PrivateDirectory),
            (FailedDirectory, PrivateDirectory),
            (Path.Combine(SpoolDirectory, ".sequence"), PrivateFile),
            (Path.Combine(SpoolDirectory, ".lock"), PrivateFile),
            (Path.Combine(SpoolDirectory, ".delivery-state"), PrivateFile),
            (Path.Combine(Site, "var", "ilert_notify"), PrivateDirectory),
            (Path.Combine(Site, "var", "ilert_notify", "spools"), PrivateFile),
            (Path.Combine(Site, "var", "ilert_notify", "spool"), PrivateDirectory),
            (Path.Combine(Site, "var", "ilert_notify", "spool", "failed"), PrivateDirectory),
            (Path.Combine(Site, "etc", "ilert_notify"), PrivateDirectory),
            (Path.Combine(Site, "etc", "ilert_notify", "heartbeat"), PrivateFile),
            (Path.Combine(Site, "etc", "cron.d", "ilert_notify"), CronFile),
        };
        expected.Add((Assert.Single(QueuedFiles()), PrivateFile));
        expected.Add((Assert.Single(FailedFiles()), PrivateFile));
        expected.Add((Assert.Single(FailedFiles("*.reason")), PrivateFile));

        Assert.All(expected, item => Assert.True(
            Path.Exists(item.Path) && File.GetUnixFileMode(item.Path) == item.Mode,
            $"umask {umask}: {item.Path} is {(Path.Exists(item.Path) ? Octal(File.GetUnixFileMode(item.Path)) : "missing")}, expected {Octal(item.Mode)}"));

        // Whatever else appears (a future state file): never writable by group or others.
        var everything = new[] { SpoolDirectory, Path.Combine(Site, "var", "ilert_notify"), Path.Combine(Site, "etc", "ilert_notify") }
            .SelectMany(root => Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root));
        Assert.All(everything, path => Assert.True((File.GetUnixFileMode(path) & GroupOrOtherWrite) == 0, $"umask {umask}: {path} is {Octal(File.GetUnixFileMode(path))}"));
    }

    [Theory]
    [InlineData("0077")]
    [InlineData("0022")]
    public async Task The_heartbeat_result_is_owner_only_under_every_umask(string umask)
    {
        PrepareSite();
        await using var ilert = await FakeIlert.StartAsync();

        await RunAsync(umask, InSite(ServiceNotification(ilert.Endpoint)));
        await RunAsync(umask, SiteEnvironment(), "setup", "--heartbeat", "il1heartbeatKEY", "-e", ilert.Endpoint);
        await RunAsync(umask, SiteEnvironment(), "send");

        var last = Path.Combine(Site, "var", "ilert_notify", "heartbeat.last");
        Assert.Equal(Octal(PrivateFile), Octal(File.GetUnixFileMode(last)));
    }

    /// <summary>A site with the shipped cron file, its <c>etc/cron.d</c> (from the site skeleton) and a fake <c>omd</c>.</summary>
    private void PrepareSite()
    {
        var shipped = Path.Combine(Site, "local", "lib", "ilert_notify", "ilert_notify.cron");
        Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
        File.WriteAllText(shipped, "* * * * * $HOME/local/bin/ilert-notify send\n");
        Directory.CreateDirectory(Path.Combine(Site, "etc", "cron.d"));
        Directory.CreateDirectory(FakeBin);
        var omd = Path.Combine(FakeBin, "omd");
        File.WriteAllText(omd, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(omd, (UnixFileMode)0b111_101_101);
    }

    private Dictionary<string, string> SiteEnvironment() => new() { ["OMD_ROOT"] = Site, ["PATH"] = $"{FakeBin}:/usr/bin:/bin" };

    private Dictionary<string, string> InSite(Dictionary<string, string> environment)
    {
        foreach (var (key, value) in SiteEnvironment())
        {
            environment[key] = value;
        }
        return environment;
    }

    /// <summary>Runs the binary the way a site would, with the umask set by the shell that execs it.</summary>
    private async Task RunAsync(string umask, Dictionary<string, string> environment, params string[] args)
    {
        var result = await NotifierProcess.RunAsync("/bin/sh", environment, ["-c", $"umask {umask}; exec \"$0\" \"$@\"", Notifier.BinaryPath, .. args]);
        Assert.True(result.ExitCode == 0, $"umask {umask}, {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Output}");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
