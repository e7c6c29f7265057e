using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>The cron job: send everything still queued. Events carry their own endpoint and key.</summary>
internal static class SendCommand
{
    // A save's flush takes at most a few seconds; a cron run that still holds the lock ends before the next minute.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Invocation invocation, CommandContext env)
    {
        var settings = SettingsResolver.Resolve(invocation.Overrides, env.Variables);
        // --rate-limit / --rate-window given to send apply to what is queued already (saved with the rule's budget).
        var flags = invocation.Overrides;
        var budgetOverride = flags[RuleFields.RateLimit] is not null || flags.RateWindowSeconds is not null ? settings.RateBudget : null;
        // One budget for the whole run, the heartbeat's call included: it gets the end of it, the flush the rest.
        var runDeadline = env.Clock.GetUtcNow() + env.Delivery.SendBudget;
        var heartbeatReserve = env.Site is { } site && File.Exists(site.HeartbeatSettings) ? env.Delivery.HeartbeatReserve : TimeSpan.Zero;
        var spools = SpoolSelection.For(invocation, settings, env);
        // The two-way sync runs after the flush: it gets what the flush leaves, and at least its reserve.
        var syncDeadline = runDeadline - heartbeatReserve;
        var syncReserve = spools.Count > 0 && AckSyncSettings.IsOn(env.Site, spools[0]) ? env.Delivery.AckSyncReserve : TimeSpan.Zero;
        var policy = new FlushPolicy(syncDeadline - syncReserve, AvoidTroubledEndpoints: false, budgetOverride);
        foreach (var path in spools)
        {
            SiteUserGuard.EnsureMayWrite(path, env);
        }
        foreach (var path in spools)
        {
            var isPrimary = path == spools[0];
            if (!isPrimary && !Directory.Exists(path))
            {
                continue;
            }
            try
            {
                var spool = SpoolDirectory.Open(path);
                var lockWait = policy.Deadline - env.Clock.GetUtcNow() is var left && left < LockWait ? left : LockWait;
                var spoolPolicy = policy with { RememberIncidents = AckSyncSettings.IsOn(env.Site, spool.Path) };
                var summary = await FlushRun.RunAsync(spool, lockWait > TimeSpan.Zero ? lockWait : TimeSpan.Zero, spoolPolicy, env.Delivery, env.Log, env.Masker, env.Clock).ConfigureAwait(false);
                if (summary is { Delivered: > 0 } or { Failed: > 0 } or { Kept: > 0 })
                {
                    env.Log.Information("Flush of {Spool}: {Summary}", spool.Path, summary);
                }
            }
            catch (SpoolException e) when (!isPrimary)
            {
                env.Log.Warning("Skipped spool {Spool}: {Error}", path, e.Message);
            }
        }
        await AckSyncStep.RunAsync(spools, syncDeadline, env).ConfigureAwait(false);
        await HeartbeatRun.RunAsync(spools, runDeadline, env).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
