using System.Globalization;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>setup, status, --version, --help, and input no sane caller sends.</summary>
public sealed class SiteCommandTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Setup_installs_the_shipped_cron_file_once_and_remove_undoes_it()
    {
        var site = Path.Combine(WorkDirectory, "site");
        var shipped = Path.Combine(site, "local", "lib", "ilert_notify", "ilert_notify.cron");
        Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
        File.WriteAllText(shipped, "* * * * * $HOME/local/bin/ilert-notify send\n");
        var fakeBin = Path.Combine(WorkDirectory, "fakebin");
        Directory.CreateDirectory(fakeBin);
        var omdCalls = Path.Combine(WorkDirectory, "omd-calls");
        File.WriteAllText(Path.Combine(fakeBin, "omd"), $"#!/bin/sh\necho \"$*\" >> '{omdCalls}'\n");
        File.SetUnixFileMode(Path.Combine(fakeBin, "omd"), (UnixFileMode)0b111_101_101);
        var environment = new Dictionary<string, string> { ["OMD_ROOT"] = site, ["PATH"] = $"{fakeBin}:/usr/bin:/bin" };
        var installed = Path.Combine(site, "etc", "cron.d", "ilert_notify");

        var first = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, ["setup"]);
        var second = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, ["setup"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(File.ReadAllText(shipped), File.ReadAllText(installed));
        Assert.Equal(["reload crontab"], File.ReadAllLines(omdCalls));

        var removed = await NotifierProcess.RunAsync(Notifier.BinaryPath, environment, ["setup", "--remove"]);

        Assert.Equal(0, removed.ExitCode);
        Assert.False(File.Exists(installed));
        Assert.Equal(["reload crontab", "reload crontab"], File.ReadAllLines(omdCalls));
    }

    [Fact]
    public async Task A_rules_own_spool_is_retried_by_the_cron_send_that_knows_no_rule()
    {
        var site = Path.Combine(WorkDirectory, "site");
        var port = FakeIlert.FreePort();
        var environment = ServiceNotification($"http://127.0.0.1:{port}");
        environment["OMD_ROOT"] = site;
        Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        Assert.Single(QueuedFiles());
        var cron = new Dictionary<string, string> { ["OMD_ROOT"] = site };

        var status = await NotifierProcess.RunAsync(Notifier.BinaryPath, cron, ["status"]);
        await using var ilert = await FakeIlert.StartAsync(port);
        var send = await NotifierProcess.RunAsync(Notifier.BinaryPath, cron, ["send"]);

        Assert.StartsWith("1 queued", status.Stdout);
        Assert.Equal(0, send.ExitCode);
        Assert.Single(ilert.Received);
        Assert.Empty(QueuedFiles());
        Assert.Equal([SpoolDirectory], File.ReadAllLines(Path.Combine(site, "var", "ilert_notify", "spools")));
        Assert.True(Directory.Exists(Path.Combine(site, "var", "ilert_notify", "spool")));
    }

    [Fact]
    public async Task Setup_outside_a_site_explains_the_plain_crontab_line()
    {
        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["setup"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("crontab", result.Stdout);
    }

    [Fact]
    public async Task Status_check_on_a_spool_that_does_not_exist_is_unknown_and_says_why_in_one_line()
    {
        var mistyped = Path.Combine(WorkDirectory, "no-such-spool");

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "--check", "-d", mistyped]);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Stdout.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("3 \"iLert notification spool\" ", line, StringComparison.Ordinal);
        Assert.Contains($"spool {mistyped} does not exist: wrong -d? no notification spooled yet?", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(mistyped));
    }

    [Fact]
    public async Task Status_check_prints_one_local_check_line_that_turns_critical_on_an_old_backlog()
    {
        await SaveAsync(ServiceNotification(DownEndpoint()));
        var file = Assert.Single(QueuedFiles());
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture);
        File.WriteAllLines(file, File.ReadAllLines(file).Select(line => line.StartsWith("created: ", StringComparison.Ordinal) ? "created: " + twoHoursAgo : line));

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "--check", "-d", SpoolDirectory]);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^2 \"iLert notification spool\" queued=1\\|oldest_age=7[12]\\d\\d;300;900\\|failed=0;1 1 queued", line);
    }

    [Fact]
    public async Task Status_of_an_empty_spool_is_ok()
    {
        // A missing one is not: Status_check_on_a_spool_that_does_not_exist_is_unknown_and_says_why_in_one_line.
        Directory.CreateDirectory(SpoolDirectory);

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "--check", "-d", SpoolDirectory]);

        Assert.StartsWith("0 \"iLert notification spool\" queued=0|", result.Stdout);
    }

    [Fact]
    public async Task Status_check_stays_one_line_when_the_spool_path_holds_a_newline()
    {
        var spool = Path.Combine(WorkDirectory, "spo\nol\r2");
        Directory.CreateDirectory(Path.Combine(spool, "failed"));
        File.WriteAllText(Path.Combine(spool, "failed", "s0000000000000001-x.event"), "");

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["status", "--check", "-d", spool]);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("1 \"iLert notification spool\" queued=0|", line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("spo\\nol\\r2/failed", line);
    }

    [Fact]
    public async Task Version_and_help()
    {
        var version = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["--version"]);
        var help = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), []);

        Assert.Matches(@"^\d+\.\d+\.\d+\n$", version.Stdout);
        Assert.Contains("Usage:", help.Stdout);
        Assert.Equal(0, help.ExitCode);
    }

    [Fact]
    public async Task Invalid_utf8_and_control_characters_in_the_environment_still_give_a_well_formed_event()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint);
        // Bytes no UTF-8 decoder accepts, C0 controls XML forbids, and markup that must stay text.
        var script = $"NOTIFY_SERVICEOUTPUT=\"$(printf 'bad \\377\\376 ctl \\001\\002\\033 ]]> <x a=\"1\"/> &amp;')\" exec '{Notifier.BinaryPath}'";

        var result = await NotifierProcess.RunAsync("/bin/sh", environment, ["-c", script]);

        Assert.True(result.ExitCode == 0, result.Output);
        var output = Assert.Single(ilert.Received).Get("NOTIFY_SERVICEOUTPUT");
        Assert.StartsWith("bad ", output);
        Assert.EndsWith(" ctl  ]]> <x a=\"1\"/> &amp;", output);
    }

    [Fact]
    public async Task A_corrupt_spool_file_is_moved_aside_with_its_reason_not_dropped()
    {
        Directory.CreateDirectory(SpoolDirectory);
        File.WriteAllText(Path.Combine(SpoolDirectory, "20260101T000000.0000000Z-1-1-1.event"), "not a spool file");

        var send = await SendAsync();

        Assert.Equal(0, send.ExitCode);
        Assert.Empty(QueuedFiles());
        Assert.Single(FailedFiles());
        Assert.Contains("unreadable spool file", File.ReadAllText(Assert.Single(FailedFiles("*.reason"))));
    }

    [Fact]
    public async Task An_unusable_spool_exits_1_and_names_the_spool()
    {
        var blocker = Path.Combine(WorkDirectory, "blocker");
        File.WriteAllText(blocker, "");
        var environment = ServiceNotification("http://127.0.0.1:1");
        environment["NOTIFY_PARAMETER_SPOOL_DIR"] = Path.Combine(blocker, "spool");

        var result = await SaveAsync(environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{blocker}/spool", result.Stdout);
    }
}
