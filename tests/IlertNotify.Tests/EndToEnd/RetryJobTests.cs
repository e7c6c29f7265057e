using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The retry job arrives by itself: a remote site that got the package through Activate changes never saw
/// anyone run <c>setup</c>, so the first notification installs the cron file, once, unless the admin removed it.
/// </summary>
public sealed class RetryJobTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private string Site => Path.Combine(WorkDirectory, "site");
    private string Installed => Path.Combine(Site, "etc", "cron.d", "ilert_notify");
    private string OmdCalls => Path.Combine(WorkDirectory, "omd-calls");

    [Fact]
    public async Task The_first_save_in_a_site_installs_the_job_once_and_status_says_so()
    {
        var down = DownEndpoint();

        var first = await SaveAsync(InSite(ServiceNotification(down, host: "first")));
        var second = await SaveAsync(InSite(ServiceNotification(down, host: "second")));
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Installed the retry job", first.Output);
        Assert.DoesNotContain("Installed the retry job", second.Output);
        Assert.Equal(File.ReadAllText(Shipped()), File.ReadAllText(Installed));
        Assert.Equal(["reload crontab"], File.ReadAllLines(OmdCalls));
        Assert.Contains($"retry job: installed ({Installed})", status.Stdout);
        Assert.Equal(2, QueuedFiles().Length);
    }

    [Fact]
    public async Task After_setup_remove_a_save_does_not_add_it_again()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(InSite(ServiceNotification(down)))).ExitCode);

        var remove = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--remove"]);
        var save = await SaveAsync(InSite(ServiceNotification(down, host: "after")));
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);

        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(0, save.ExitCode);
        Assert.False(File.Exists(Installed));
        Assert.Contains("removed with 'setup --remove'", status.Stdout);
        Assert.Equal(["reload crontab", "reload crontab"], File.ReadAllLines(OmdCalls));

        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup"])).ExitCode);
        Assert.True(File.Exists(Installed));
    }

    [Fact]
    public async Task A_failing_omd_reload_is_logged_and_the_save_still_exits_0_with_the_event_spooled()
    {
        var down = DownEndpoint();

        var save = await SaveAsync(InSite(ServiceNotification(down), omdExit: 3));

        Assert.Equal(0, save.ExitCode);
        Assert.Contains("omd reload crontab failed (3)", save.Output);
        Assert.Single(QueuedFiles());
        Assert.True(File.Exists(Installed));
    }

    [Fact]
    public async Task After_a_failed_omd_reload_status_says_so_and_setup_reloads_again()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(InSite(ServiceNotification(down), omdExit: 3))).ExitCode);

        var failedStatus = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(omdExit: 3), ["status"]);
        var setup = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup"]);
        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["status"]);

        Assert.Contains("retry job: installed, but 'omd reload crontab' failed: omd reload crontab failed (3)", failedStatus.Stdout);
        Assert.Contains("run it as the site user", failedStatus.Stdout);
        Assert.True(setup.ExitCode == 0, setup.Output);
        Assert.DoesNotContain("already installed", setup.Output);
        Assert.Equal(["reload crontab", "reload crontab"], File.ReadAllLines(OmdCalls));
        Assert.Contains($"retry job: installed ({Installed})", status.Stdout);
        Assert.DoesNotContain("failed", status.Stdout.Split('\n').Single(line => line.StartsWith("retry job:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task After_setup_remove_the_first_save_of_a_day_says_the_job_is_off_and_how_to_turn_it_on()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, SiteEnvironment(), ["setup", "--remove"])).ExitCode);

        var first = await SaveAsync(InSite(ServiceNotification(down, host: "first")));
        var second = await SaveAsync(InSite(ServiceNotification(down, host: "second")));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("The retry job is off", first.Output);
        Assert.Contains("'ilert-notify setup'", first.Output);
        Assert.DoesNotContain("The retry job is off", second.Output);
        Assert.False(File.Exists(Installed));
    }

    [Fact]
    public async Task A_hanging_omd_reload_is_stopped_within_the_saves_budget_and_the_event_is_still_queued()
    {
        var down = DownEndpoint();
        var environment = InSite(ServiceNotification(down));
        File.WriteAllText(Path.Combine(WorkDirectory, "fakebin", "omd"), $"#!/bin/sh\necho \"$*\" >> '{OmdCalls}'\nsleep 60\n");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var save = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, timeout: Notifier.Scaled(TimeSpan.FromSeconds(20)));
        var took = clock.Elapsed;

        Assert.True(save.ExitCode == 0, save.Output);
        // The save's flush has 2 s (a down endpoint ends it at once); the reload wait is a fraction of a second on top.
        Assert.True(took < Notifier.WaitPlusWork(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), $"the save took {took}:\n{save.Output}");
        Assert.Contains("omd reload crontab did not finish", save.Output);
        Assert.Contains("run 'omd reload crontab'", save.Output);
        Assert.Single(QueuedFiles());
        Assert.True(File.Exists(Installed));
        Assert.Equal(["reload crontab"], File.ReadAllLines(OmdCalls));
    }

    [Fact]
    public async Task Concurrent_first_saves_install_the_job_once_reload_once_and_none_warns_falsely()
    {
        const int Rounds = 3;
        const int Savers = 4;
        var down = DownEndpoint();
        var slowDisk = Notifier.CompileShim("fs_faults.c", WorkDirectory);
        for (var round = 0; round < Rounds; round++)
        {
            var site = Path.Combine(WorkDirectory, $"site{round}");
            var calls = Path.Combine(WorkDirectory, $"omd-calls{round}");
            var fakeBin = Path.Combine(WorkDirectory, $"fakebin{round}");
            var shipped = Path.Combine(site, "local", "lib", "ilert_notify", "ilert_notify.cron");
            Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
            File.WriteAllText(shipped, "* * * * * $OMD_ROOT/local/bin/ilert-notify send\n");
            Directory.CreateDirectory(fakeBin);
            // A reload that takes a moment, and a slow write of the cron file, widen the window in which a second save could
            // start a second install.
            File.WriteAllText(Path.Combine(fakeBin, "omd"), $"#!/bin/sh\necho \"$*\" >> '{calls}'\nsleep 0.1\n");
            File.SetUnixFileMode(Path.Combine(fakeBin, "omd"), (UnixFileMode)0b111_101_101);

            var saves = await Task.WhenAll(Enumerable.Range(0, Savers).Select(i =>
            {
                var environment = ServiceNotification(down, host: $"host{i}");
                environment["OMD_ROOT"] = site;
                environment["PATH"] = $"{fakeBin}:/usr/bin:/bin";
                environment["FAULT_SLOW_CREATE_MATCH"] = "cron.d/ilert_notify";
                Notifier.Preload(environment, slowDisk);
                return SaveAsync(environment);
            }));

            var outputs = string.Join("\n---\n", saves.Select(save => save.Output));
            Assert.All(saves, save => Assert.Equal(0, save.ExitCode));
            Assert.DoesNotContain("Cannot install the retry job", outputs);
            Assert.Single(saves, save => save.Output.Contains("Installed the retry job", StringComparison.Ordinal));
            Assert.Equal(File.ReadAllText(shipped), File.ReadAllText(Path.Combine(site, "etc", "cron.d", "ilert_notify")));
            Assert.True(File.Exists(calls), $"round {round}: no reload\n{outputs}");
            Assert.True(File.ReadAllLines(calls) is ["reload crontab"], $"round {round}: {File.ReadAllLines(calls).Length} reloads\n{outputs}");
        }
    }

    private string Shipped()
    {
        var shipped = Path.Combine(Site, "local", "lib", "ilert_notify", "ilert_notify.cron");
        if (!File.Exists(shipped))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
            File.WriteAllText(shipped, "* * * * * $OMD_ROOT/local/bin/ilert-notify send >> $OMD_ROOT/var/log/ilert_notify.log 2>&1\n");
        }
        return shipped;
    }

    private Dictionary<string, string> SiteEnvironment(int omdExit = 0)
    {
        Shipped();
        var fakeBin = Path.Combine(WorkDirectory, "fakebin");
        Directory.CreateDirectory(fakeBin);
        File.WriteAllText(Path.Combine(fakeBin, "omd"), $"#!/bin/sh\necho \"$*\" >> '{OmdCalls}'\necho 'ERROR: crontab broken' >&2\nexit {omdExit}\n");
        File.SetUnixFileMode(Path.Combine(fakeBin, "omd"), (UnixFileMode)0b111_101_101);
        return new Dictionary<string, string> { ["OMD_ROOT"] = Site, ["OMD_SITE"] = "mysite", ["PATH"] = $"{fakeBin}:/usr/bin:/bin" };
    }

    private Dictionary<string, string> InSite(Dictionary<string, string> notification, int omdExit = 0)
    {
        foreach (var (key, value) in SiteEnvironment(omdExit))
        {
            notification[key] = value;
        }
        return notification;
    }
}
