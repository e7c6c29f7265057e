using System.Globalization;
using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Platform;
using IlertNotify.Settings;
using IlertNotify.Spool;
using IlertNotify.Sync;

namespace IlertNotify.Site;

/// <summary>
/// <c>send</c>'s two-way sync step, after the flush and before the heartbeat: loads the site's sync settings, picks how the
/// core is told (the command file when one is set, else the site's livestatus), runs <see cref="AckSyncRun"/>, logs what
/// iLert refused (a refused key at most once an hour) and records the run for <c>status</c>. Never fails <c>send</c>.
/// </summary>
internal static class AckSyncStep
{
    public static readonly TimeSpan UnauthorizedLogInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan CommandFileWait = TimeSpan.FromSeconds(5);
    private const string LastRunPrefix = "last: ";
    private const string LastActedPrefix = "last-acted: ";
    private const string UnauthorizedPrefix = "unauthorized-logged: ";
    private const string NextPagePrefix = "next-start-index: ";

    public static string LastResultPath(SitePaths? site, string spool) => site?.AckSyncLastResult ?? Path.Combine(spool, ".ack-sync.last");

    public static async Task RunAsync(IReadOnlyList<string> spools, DateTimeOffset deadline, CommandContext env)
    {
        if (spools.Count == 0)
        {
            return;
        }
        var settingsPath = AckSyncSettings.PathFor(env.Site, spools[0]);
        var lastPath = LastResultPath(env.Site, spools[0]);
        AckSyncSettings? settings;
        try
        {
            settings = AckSyncSettings.Load(settingsPath);
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            env.Log.Warning("Ack sync not run: its settings are damaged or unreadable ({Error}); {Repair}", e.Message, AckSyncSettings.RepairHint);
            return;
        }
        if (settings is null)
        {
            return;
        }
        env.Masker.Add(settings.Key);
        ICoreChannel? core = settings.CommandFile.Length > 0 ? new CommandFileWriter(settings.CommandFile, CommandFileWait)
            : env.Site is { } site ? new LivestatusClient(site.LivestatusSocket)
            : null;
        if (core is null)
        {
            env.Log.Warning("Ack sync not run: outside a Checkmk site it needs the core's command file ({Hint})", "ilert-notify setup --ack-sync - --command-file PATH");
            return;
        }
        var open = spools.Select(SpoolDirectory.OpenExisting).OfType<SpoolDirectory>().ToList();
        var started = env.Clock.GetUtcNow();
        var (_, lastActed, unauthorizedLogged, startIndex) = ReadLast(lastPath);
        AckSyncReport report;
        try
        {
            report = await new AckSyncRun(settings, core, env.Delivery, env.Log, env.Clock).RunAsync(open, deadline, startIndex).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpoolException)
        {
            report = new AckSyncReport { Error = e.Message, NextStartIndex = startIndex };
            env.Log.Warning("Ack sync failed: {Error}", e.Message);
        }
        var quiet = false;
        switch (report.Failure)
        {
            case AlertsFailure.Unauthorized when unauthorizedLogged is { } at && started - at < UnauthorizedLogInterval:
                // Said within the hour: the log is not filled with it every minute; status shows it.
                quiet = true;
                break;
            case AlertsFailure.Unauthorized:
                env.Log.Error("Ack sync: iLert refused the user API key ({Error}); it needs a user API key allowed to read the alerts of these alert sources: {Repair}. Events are still delivered; said again in an hour",
                    report.Error, AckSyncSettings.RepairHint);
                unauthorizedLogged = started;
                break;
            case AlertsFailure.Throttled:
                env.Log.Information("Ack sync: iLert throttles the user API key (HTTP 429): skipped this run");
                break;
            case AlertsFailure.Unavailable or AlertsFailure.Malformed:
                env.Log.Warning("Ack sync: could not read the accepted alerts: {Error}", report.Error);
                break;
        }
        if (quiet)
        {
            env.Log.Debug("Ack sync: {Report}", report);
        }
        else if (report.Requests > 0 || report.Error is not null)
        {
            env.Log.Information("Ack sync: {Report} ({Millis} ms)", report, (long)(env.Clock.GetUtcNow() - started).TotalMilliseconds);
        }
        var line = string.Create(CultureInfo.InvariantCulture, $"{started:u} {report}");
        // A run that acknowledged something or failed stays visible in status after idle runs.
        WriteLast(lastPath, line, report.Acknowledged > 0 || report.Error is not null ? line : lastActed, unauthorizedLogged, report.NextStartIndex, env);
    }

    /// <returns>
    /// The last run's line, the last that acknowledged something or failed, when a refused key was last logged, and
    /// where the next run starts reading the accepted alerts.
    /// </returns>
    public static (string? LastRun, string? LastActed, DateTimeOffset? UnauthorizedLogged, int NextStartIndex) ReadLast(string path)
    {
        try
        {
            if (FileKinds.At(path) != FileKind.Regular)
            {
                return (null, null, null, 0);
            }
            var lines = File.ReadAllLines(path);
            var last = lines.FirstOrDefault(line => line.StartsWith(LastRunPrefix, StringComparison.Ordinal))?[LastRunPrefix.Length..];
            var acted = lines.FirstOrDefault(line => line.StartsWith(LastActedPrefix, StringComparison.Ordinal))?[LastActedPrefix.Length..];
            var logged = lines.FirstOrDefault(line => line.StartsWith(UnauthorizedPrefix, StringComparison.Ordinal)) is { } line
                && long.TryParse(line[UnauthorizedPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : (DateTimeOffset?)null;
            var next = lines.FirstOrDefault(line => line.StartsWith(NextPagePrefix, StringComparison.Ordinal)) is { } nextLine
                && int.TryParse(nextLine[NextPagePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : 0;
            return (last, acted, logged, next);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, null, 0);
        }
    }

    private static void WriteLast(string path, string lastRun, string? lastActed, DateTimeOffset? unauthorizedLogged, int nextStartIndex, CommandContext env)
    {
        var text = new StringBuilder(LastRunPrefix).Append(env.Masker.Apply(lastRun).ReplaceLineEndings(" ")).Append('\n');
        if (lastActed is not null)
        {
            text.Append(LastActedPrefix).Append(env.Masker.Apply(lastActed).ReplaceLineEndings(" ")).Append('\n');
        }
        if (unauthorizedLogged is { } at)
        {
            text.Append(CultureInfo.InvariantCulture, $"{UnauthorizedPrefix}{at.ToUnixTimeSeconds()}\n");
        }
        if (nextStartIndex > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{NextPagePrefix}{nextStartIndex}\n");
        }
        try
        {
            AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Log.Debug("Cannot record the ack sync result: {Error}", e.Message);
        }
    }
}
