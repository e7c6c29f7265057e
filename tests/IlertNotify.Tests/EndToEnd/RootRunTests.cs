using System.Diagnostics;
using IlertNotify.Platform;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// An admin runs the notifier as root on a site's spool. Root is refused before it writes anything; files an older
/// version left as root (a root-owned lock, an unreadable event) do not stop the site user's delivery.
/// Runs as root (CI does) with <c>nobody</c> playing the site user, through util-linux's setpriv.
/// </summary>
public sealed class RootRunTests : NotifierTestBase
{
    private const uint Nobody = 65534;
    private readonly string siteDirectory;

    public RootRunTests(PublishedNotifier notifier) : base(notifier)
    {
        // The test's own work directory is root's 0700: the "site" lives in a world-traversable one beside it.
        siteDirectory = Directory.CreateTempSubdirectory("ilert-site-").FullName;
        File.SetUnixFileMode(siteDirectory, (UnixFileMode)0b111_101_101);
        Chown(siteDirectory, Nobody);
    }

    private string SiteSpool => Path.Combine(siteDirectory, "spool");

    [RootFact("it plays root against a site user")]
    public async Task Root_is_refused_with_the_site_user_hint_and_leaves_no_file()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        foreach (var host in new[] { "first", "second" })
        {
            Assert.Equal(0, (await AsNobody(OnSpool(ServiceNotification(endpoint, host: host), SiteSpool), ["save"])).ExitCode);
        }
        await using var ilert = await FakeIlert.StartAsync(port);

        var rootSave = await SaveAsync(OnSpool(ServiceNotification(endpoint, host: "by-root"), SiteSpool));
        var rootSend = await SendFromAsync(SiteSpool);

        Assert.Equal(2, rootSave.ExitCode);
        Assert.Equal(2, rootSend.ExitCode);
        Assert.Contains("omd su mysite", rootSave.Output);
        Assert.Contains("omd su", rootSend.Output);
        Assert.Empty(FilesNotOwnedBy(siteDirectory, Nobody));

        var send = await AsNobody(new Dictionary<string, string>(), ["send", "-d", SiteSpool]);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(["first", "second"], ilert.Received.Select(e => e.Get("NOTIFY_HOSTNAME")).ToArray());
        Assert.Empty(Directory.GetFiles(SiteSpool, "*.event"));
    }

    [RootFact("it plays root against a site user")]
    public async Task A_root_owned_lock_and_an_unreadable_event_do_not_stop_the_others()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var down = DownEndpoint();
        foreach (var host in new[] { "a", "b" })
        {
            Assert.Equal(0, (await AsNobody(OnSpool(ServiceNotification(down, host: host), SiteSpool), ["save"])).ExitCode);
        }
        // What an older version run as root left behind: its lock file and one event only root can read.
        var lockFile = Path.Combine(SiteSpool, ".lock");
        File.WriteAllText(lockFile, "");
        Chown(lockFile, 0);
        File.SetUnixFileMode(lockFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var unreadable = Directory.GetFiles(SiteSpool, "*.event").Order(StringComparer.Ordinal).First();
        Chown(unreadable, 0);
        foreach (var file in Directory.GetFiles(SiteSpool, "*.event"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(down, ilert.Endpoint, StringComparison.Ordinal));
        }

        var send = await AsNobody(new Dictionary<string, string>(), ["send", "-d", SiteSpool]);

        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(["b"], ilert.Received.Select(e => e.Get("NOTIFY_HOSTNAME")).ToArray());
        Assert.Contains($"Cannot read spool file {Path.GetFileNameWithoutExtension(unreadable)}", send.Output);
        Assert.DoesNotContain("Unhandled", send.Output);
        Assert.DoesNotContain("UnauthorizedAccess_IODenied_Path", send.Output);
        Assert.True(File.Exists(unreadable), "the unreadable event is kept for when its owner is fixed");
    }

    [RootFact("it plays root against a site user")]
    public async Task A_sequence_the_site_user_cannot_write_is_replaced_and_saves_keep_their_order()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await AsNobody(OnSpool(ServiceNotification(down, host: "first"), SiteSpool), ["save"])).ExitCode);
        // Left read-only by hand, or by root running an older version: every save exited 1, for good.
        var sequence = Path.Combine(SiteSpool, ".sequence");
        Chown(sequence, 0);
        File.SetUnixFileMode(sequence, UnixFileMode.UserRead);

        var second = await AsNobody(OnSpool(ServiceNotification(down, host: "second"), SiteSpool), ["save"]);
        var third = await AsNobody(OnSpool(ServiceNotification(down, host: "third"), SiteSpool), ["save"]);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Contains("Repaired the spool's event counter", second.Output);
        Assert.Equal(Nobody, FileOwner.OwnerOf(sequence));
        var hosts = Directory.GetFiles(SiteSpool, "*.event").Order(StringComparer.Ordinal)
            .Select(file => File.ReadAllLines(file).First(line => line.StartsWith("incident: ", StringComparison.Ordinal))["incident: ".Length..].Split('/')[0]);
        Assert.Equal(["first", "second", "third"], hosts);
    }

    private Task<NotifierResult> AsNobody(IReadOnlyDictionary<string, string> environment, string[] args) =>
        NotifierProcess.RunAsync("setpriv", environment, ["--reuid", $"{Nobody}", "--regid", $"{Nobody}", "--clear-groups", Notifier.BinaryPath, .. args]);

    private static void Chown(string path, uint uid)
    {
        using var chown = Process.Start("chown", [$"{uid}:{uid}", path])!;
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    private static IEnumerable<string> FilesNotOwnedBy(string directory, uint uid) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Where(path => FileOwner.OwnerOf(path) != uid);

    protected override void CleanUp() => Directory.Delete(siteDirectory, recursive: true);
}
