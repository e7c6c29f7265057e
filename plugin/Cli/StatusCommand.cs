using System.Globalization;
using IlertNotify.Context;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>How the spool is doing; with <c>--check</c>, one Checkmk local-check line.</summary>
internal static class StatusCommand
{
    private const int DefaultWarnSeconds = 5 * 60;
    private const int DefaultCritSeconds = 15 * 60;

    public static int Run(Invocation invocation, CommandEnvironment env)
    {
        var settings = SettingsResolver.Resolve(invocation, env.Variables);
        var spool = SpoolDirectory.OpenExisting(settings.SpoolDirectory);
        var queued = spool?.EventFiles() ?? [];
        var failed = spool?.FailedFiles().Count ?? 0;
        var oldestAge = queued.Count > 0 ? Age(queued[0], env.Clock.GetUtcNow()) : TimeSpan.Zero;

        var warn = invocation.WarnAgeSeconds ?? DefaultWarnSeconds;
        var crit = invocation.CritAgeSeconds ?? DefaultCritSeconds;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{queued.Count} queued, oldest {oldestAge.TotalSeconds:0} s, {failed} failed (spool {settings.SpoolDirectory})");
        if (!invocation.Check)
        {
            env.Stdout.WriteLine(text);
            return ExitCodes.Ok;
        }

        var state = oldestAge.TotalSeconds >= crit ? 2 : oldestAge.TotalSeconds >= warn || failed > 0 ? 1 : 0;
        var hint = failed > 0 ? $", see {Path.Combine(settings.SpoolDirectory, "failed")}" : "";
        env.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{state} \"iLert notification spool\" queued={queued.Count}|oldest_age={oldestAge.TotalSeconds:0};{warn};{crit}|failed={failed};1 {text}{hint}"));
        return ExitCodes.Ok;
    }

    /// <summary>The age of an event: from its header, or from the file time if it cannot be read.</summary>
    private static TimeSpan Age(string file, DateTimeOffset now)
    {
        try
        {
            return now - SpoolDirectory.Read(file).Event.Created;
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return now - File.GetLastWriteTimeUtc(file);
        }
    }
}
