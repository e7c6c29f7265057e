using System.Globalization;
using IlertNotify.Events;
using IlertNotify.Logging;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>
/// <c>queue list|retry|purge</c>: what an admin needs once events wait. <c>list</c> shows each queued and failed event;
/// <c>retry</c> queues failed ones again (after the cause is fixed); <c>purge</c> deletes queued (or, with
/// <c>--failed</c>, failed) ones. The changes run as the site user under the spool's lock, one logged line per event.
/// </summary>
internal static class QueueCommand
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public static int Run(Invocation invocation, CommandContext env)
    {
        var request = invocation.Queue ?? new QueueRequest();
        if (request.Action != QueueAction.List && !request.HasSelection)
        {
            throw new UsageException($"queue {request.Action.ToString().ToLowerInvariant()} needs --all, --incident NAME or --older-than SEC");
        }
        var settings = SettingsResolver.Resolve(invocation.Overrides, env.Variables);
        var paths = SpoolSelection.For(invocation, settings, env);
        if (request.Action != QueueAction.List)
        {
            foreach (var path in paths)
            {
                SiteUserGuard.EnsureMayWrite(path, env);
            }
        }
        if ((request.FromRule || request.Rule is not null) && !(request.FromRule && request.Action == QueueAction.Retarget))
        {
            throw new UsageException("--from-rule and --rule N belong to queue retarget: queue retarget --from-rule [--rule N]");
        }
        Func<SpoolDirectory, IEnumerable<string>, CommandContext, int>? retarget = request.Action != QueueAction.Retarget ? null
            : request.FromRule ? QueueRuleRetarget.From(invocation, request, env).Run
            : QueueRetarget.From(invocation, request, env).Run;
        var spools = paths.Select(SpoolDirectory.OpenExisting).OfType<SpoolDirectory>().ToList();
        var now = env.Clock.GetUtcNow();
        var changed = 0;
        foreach (var spool in spools)
        {
            if (request.Action == QueueAction.List)
            {
                List(spool, now, env);
                continue;
            }
            using var held = SpoolLock.TryAcquire(spool.LockPath, LockWait)
                ?? throw new SpoolException($"a flush of {spool.Path} still runs after {LockWait.TotalSeconds:0} s; try again in a minute");
            changed += request.Action switch
            {
                QueueAction.Retry => Retry(spool, request, now, env),
                QueueAction.Retarget => retarget!(spool, spool.EventFiles().Where(file => Selected(file, request, now)).ToList(), env),
                _ => Purge(spool, request, now, env),
            };
        }
        if (request.Action != QueueAction.List)
        {
            env.Log.Information("{Count} event(s) {Done}", changed, request.Action switch
            {
                QueueAction.Retry => "queued again",
                QueueAction.Retarget => "re-targeted",
                _ => "purged",
            });
        }
        return ExitCodes.Ok;
    }

    private static void List(SpoolDirectory spool, DateTimeOffset now, CommandContext env)
    {
        foreach (var file in spool.EventFiles())
        {
            env.Stdout.WriteLine(Describe("queued", file, now, env, reason: null));
        }
        foreach (var file in spool.SetAsideFiles().Concat(spool.FailedFiles()))
        {
            var reason = SpoolEvents.ReasonOf(spool, Path.GetFileName(file).Replace(SpoolFileName.SetAsideExtension, "", StringComparison.Ordinal));
            env.Stdout.WriteLine(Describe("failed", file, now, env, File.Exists(reason) ? Status(reason) : "rejected (no reason kept)"));
        }
    }

    private static string Describe(string state, string file, DateTimeOffset now, CommandContext env, string? reason)
    {
        try
        {
            var (_, e, record) = SpoolDirectory.Read(file);
            var key = e.ApiKey();
            env.Masker.Add(key);
            var age = now - e.Created;
            var last = reason ?? record.LastError ?? "";
            return env.Masker.Apply(string.Create(CultureInfo.InvariantCulture,
                $"{state}\t{Path.GetFileName(file)}\t{e.Incident}\t{e.NotificationType}\tage {age.TotalMinutes:0} min\tattempts {record.Attempts}\t{e.Format.Name} {e.Url.GetLeftPart(UriPartial.Authority)} key {SecretMasker.Mask(key ?? "")}\t{Logging.LogText.Escape(last)}"));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or FormatException)
        {
            return $"{state}\t{Path.GetFileName(file)}\tunreadable: {failure.Message}";
        }
    }

    private static string Status(string reasonFile) =>
        File.ReadLines(reasonFile).FirstOrDefault(line => line.StartsWith("status: ", StringComparison.Ordinal)) is { } status
            ? "iLert answered " + status["status: ".Length..]
            : "rejected";

    private static int Retry(SpoolDirectory spool, QueueRequest request, DateTimeOffset now, CommandContext env)
    {
        var retried = 0;
        foreach (var file in spool.SetAsideFiles().Concat(spool.FailedFiles()).Where(file => Selected(file, request, now)))
        {
            var queued = SpoolEvents.Requeue(spool, file);
            env.Log.Information("Queued again: {File}; the next flush sends it", Path.GetFileName(queued));
            retried++;
        }
        return retried;
    }

    private static int Purge(SpoolDirectory spool, QueueRequest request, DateTimeOffset now, CommandContext env)
    {
        var purged = 0;
        var files = request.Failed ? spool.SetAsideFiles().Concat(spool.FailedFiles()) : spool.EventFiles();
        foreach (var file in files.Where(file => Selected(file, request, now)).ToList())
        {
            var what = Summary(file);
            SpoolEvents.Purge(spool, file);
            env.Log.Warning("Purged {File} ({What}): it will not be sent", Path.GetFileName(file), what);
            purged++;
        }
        return purged;
    }

    private static bool Selected(string file, QueueRequest request, DateTimeOffset now)
    {
        if (request.All)
        {
            return true;
        }
        try
        {
            var (_, e, _) = SpoolDirectory.ReadHeader(file);
            return (request.Incident is null || e.Incident == request.Incident)
                && (request.OlderThanSeconds is not { } seconds || now - e.Created >= TimeSpan.FromSeconds(seconds));
        }
        catch (Exception failure) when (failure is IOException or FormatException)
        {
            // An unreadable file is only ever touched by --all.
            return false;
        }
    }

    private static string Summary(string file)
    {
        try
        {
            var (_, e, record) = SpoolDirectory.ReadHeader(file);
            return $"{e.NotificationType} for {e.Incident}, saved {e.Created:u}, {record.Attempts} attempt(s)";
        }
        catch (Exception failure) when (failure is IOException or FormatException)
        {
            return "unreadable";
        }
    }
}
