using System.Globalization;
using IlertNotify.Checkmk;
using IlertNotify.Logging;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>How the spool is doing; with <c>--check</c>, one Checkmk local-check line.</summary>
internal static class StatusCommand
{
    private const int DefaultWarnSeconds = 5 * 60;
    private const int DefaultCritSeconds = 15 * 60;

    public static int Run(Invocation invocation, CommandContext env)
    {
        var settings = SettingsResolver.Resolve(invocation.Overrides, env.Variables);
        var now = env.Clock.GetUtcNow();
        var selected = SpoolSelection.For(invocation, settings, env);
        // Nothing there to be healthy or not: a mistyped -d, or a site that has not spooled a notification yet.
        var missing = selected.Where(path => SpoolDirectory.OpenExisting(path) is null).Select(Path.GetFullPath).ToList();
        var spools = selected
            .Select(SpoolDirectory.OpenExisting)
            .OfType<SpoolDirectory>()
            .Select(spool => (spool.Path, spool.FailedPath, Queued: spool.EventNames(), InFailed: spool.FailedFiles().Count, SetAside: spool.SetAsideFiles().Count))
            // Set-aside rejections are failed events too, waiting beside the queue until failed/ can be written.
            .Select(spool => (spool.Path, spool.FailedPath, spool.Queued, Failed: spool.InFailed + spool.SetAside, spool.SetAside))
            .ToList();
        var queued = spools.Sum(spool => spool.Queued.Count);
        var failed = spools.Sum(spool => spool.Failed);
        var oldestAge = spools.Where(spool => spool.Queued.Count > 0)
            .Select(spool => now - SpoolDirectory.CreatedAt(Path.Join(spool.Path, spool.Queued[0])))
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();

        var warn = invocation.WarnAgeSeconds ?? DefaultWarnSeconds;
        var crit = invocation.CritAgeSeconds ?? DefaultCritSeconds;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{queued} queued, oldest {oldestAge.TotalSeconds:0} s, {failed} failed (spool {string.Join(", ", spools.Select(spool => LogText.Escape(spool.Path)).DefaultIfEmpty(LogText.Escape(settings.SpoolDirectory)))})");
        if (missing.Count > 0)
        {
            text += $"; spool {string.Join(", ", missing.Select(LogText.Escape))} does not exist: wrong -d? no notification spooled yet?";
        }
        if (!invocation.Check)
        {
            env.Stdout.WriteLine(text);
            if (env.Site is { } site)
            {
                env.Stdout.WriteLine("retry job: " + new CronJob(site).Describe());
            }
            env.Stdout.WriteLine(HeartbeatLine(env));
            env.Stdout.WriteLine(AckSyncLine(env, selected.Count > 0 ? selected[0] : settings.SpoolDirectory));
            return ExitCodes.Ok;
        }

        var state = oldestAge.TotalSeconds >= crit ? 2 : oldestAge.TotalSeconds >= warn || failed > 0 ? 1 : 0;
        // UNKNOWN, as Checkmk says of an item it cannot find; a critical backlog in another spool still outranks it.
        if (missing.Count > 0 && state != 2)
        {
            state = 3;
        }
        // Set-aside rejections (*.rejected) wait beside the queue until failed/ can be written: point there too.
        var hint = failed > 0
            ? $", see {string.Join(", ", spools.Where(spool => spool.Failed > 0).Select(spool => spool.SetAside > 0 ? $"{LogText.Escape(spool.FailedPath)} and {LogText.Escape(spool.Path)}/*{SpoolFileName.SetAsideExtension}" : LogText.Escape(spool.FailedPath)))}"
            : "";
        env.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{state} \"iLert notification spool\" queued={queued}|oldest_age={oldestAge.TotalSeconds:0};{warn};{crit}|failed={failed};1 {text}{hint}"));
        return ExitCodes.Ok;
    }

    private const string HeartbeatNotConfigured = "heartbeat: not configured (ilert-notify setup --heartbeat KEY)";

    private static string AckSyncLine(CommandContext env, string spool)
    {
        AckSyncSettings? sync;
        try
        {
            sync = AckSyncSettings.Load(AckSyncSettings.PathFor(env.Site, spool));
        }
        catch (ConfigurationException e)
        {
            return $"ack sync: settings damaged: {e.Message}; {AckSyncSettings.RepairHint}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"ack sync: settings unreadable: {e.Message}";
        }
        if (sync is null)
        {
            return "ack sync: off (ilert-notify setup --ack-sync - reads an iLert user API key from stdin)";
        }
        var core = sync.CommandFile.Length > 0 ? "command file " + LogText.Escape(sync.CommandFile) : "livestatus";
        var (last, acted, _, _) = AckSyncStep.ReadLast(AckSyncStep.LastResultPath(env.Site, spool));
        return $"ack sync: on, key {Logging.SecretMasker.Mask(sync.Key)} at {sync.Endpoint.Authority}, author {sync.Author}, via {core}; last run {last ?? "not yet"}"
            + (acted is not null && acted != last ? $"; last acknowledgement or error {acted}" : "");
    }

    private static string HeartbeatLine(CommandContext env)
    {
        if (env.Site is not { } site)
        {
            return HeartbeatNotConfigured;
        }
        HeartbeatSettings? heartbeat;
        try
        {
            heartbeat = HeartbeatSettings.Load(site.HeartbeatSettings);
        }
        catch (ConfigurationException e)
        {
            return $"heartbeat: settings damaged: {e.Message}; {HeartbeatSettings.RepairHint}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"heartbeat: settings unreadable: {e.Message}";
        }
        if (heartbeat is null)
        {
            return HeartbeatNotConfigured;
        }
        var last = File.Exists(site.HeartbeatLastResult) ? File.ReadAllText(site.HeartbeatLastResult).Trim() : "not called yet";
        return $"heartbeat: key {Logging.SecretMasker.Mask(heartbeat.Key)} at {heartbeat.Endpoint.Authority}; last run {last}";
    }
}
