using IlertNotify.Context;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>The cron job: send everything still queued. Events carry their own endpoint and key.</summary>
internal static class SendCommand
{
    // A flush running longer than a minute makes the next cron run wait here, not pile up.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(Invocation invocation, CommandEnvironment env)
    {
        var settings = SettingsResolver.Resolve(invocation, env.Variables);
        var spools = SpoolSelection.For(invocation, settings, env);
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
                var summary = await Flush.RunAsync(spool, env, LockWait, Budget).ConfigureAwait(false);
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
        return ExitCodes.Ok;
    }
}
