using System.Text.RegularExpressions;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The docs hold: every <c>ilert-notify</c> command in a shell block of README.md and docs/INSTALL.md is run, in the
/// order the docs give them, as the site user would type it, in a fake site (site PATH, a recording <c>omd</c>, the
/// shipped cron file). A doc line that stops being true fails here. Lines for Checkmk's own tools (<c>mkp</c>,
/// <c>omd</c>, <c>crontab</c>) need a real site and are left out.
/// </summary>
public sealed partial class DocumentedCommandsTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/INSTALL.md")]
    public async Task Every_ilert_notify_command_in_the_docs_runs_in_a_site_and_exits_0(string document)
    {
        var commands = Commands(File.ReadAllText(Path.Combine(PublishedNotifier.RepositoryRoot(), document))).ToList();
        Assert.NotEmpty(commands);
        var environment = SiteEnvironment();

        foreach (var command in commands)
        {
            var run = await NotifierProcess.RunAsync("/bin/bash", environment, ["-c", command]);

            Assert.True(run.ExitCode == 0, $"{document}: '{command}' exited {run.ExitCode}:\n{run.Output}");
            Assert.DoesNotContain("[ERR]", run.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>Lines of <c>bash</c>/<c>sh</c> blocks that call ilert-notify (directly or fed by <c>echo ... |</c>), comments cut off.</summary>
    private static IEnumerable<string> Commands(string markdown)
    {
        foreach (Match block in ShellBlock().Matches(markdown))
        {
            foreach (var line in block.Groups["body"].Value.Split('\n'))
            {
                var command = TrailingComment().Replace(line, "").Trim();
                if (IlertNotifyCall().IsMatch(command))
                {
                    yield return command;
                }
            }
        }
    }

    private Dictionary<string, string> SiteEnvironment()
    {
        var site = Path.Combine(WorkDirectory, "site");
        var bin = Path.Combine(WorkDirectory, "bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "ilert-notify"), Notifier.BinaryPath);
        File.WriteAllText(Path.Combine(bin, "omd"), "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(Path.Combine(bin, "omd"), (UnixFileMode)0b111_101_101);
        var shipped = Path.Combine(site, "local", "lib", "ilert_notify", "ilert_notify.cron");
        Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
        File.WriteAllText(shipped, "* * * * * $OMD_ROOT/local/bin/ilert-notify send >> $OMD_ROOT/var/log/ilert_notify.log 2>&1\n");
        Directory.CreateDirectory(Path.Combine(site, "var", "ilert_notify", "spool"));
        return new Dictionary<string, string> { ["OMD_ROOT"] = site, ["OMD_SITE"] = "mysite", ["HOME"] = site, ["PATH"] = $"{bin}:/usr/bin:/bin" };
    }

    [GeneratedRegex(@"^```(?:bash|sh)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"^(?:echo '[^']*' \| )?ilert-notify( |$)")]
    private static partial Regex IlertNotifyCall();
}
