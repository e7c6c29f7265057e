using IlertNotify.Site;

namespace IlertNotify.Cli;

/// <summary><c>setup [--remove]</c>: the site's retry job (<see cref="CronJob"/>); with <c>--heartbeat</c>, the heartbeat too. Idempotent.</summary>
internal static class SetupCommand
{
    public static int Run(Invocation invocation, CommandContext env)
    {
        if (AckSyncSetup.IsRequested(invocation))
        {
            var configured = AckSyncSetup.Run(invocation, env);
            // The cron job runs the sync: in a site, setting it up installs the job as well.
            return configured == ExitCodes.Ok && !invocation.AckSyncRemove && env.Site is { } syncSite ? Install(new CronJob(syncSite), env) : configured;
        }
        if (env.Site is not { } site)
        {
            env.Log.Error("setup works inside a Checkmk site (OMD_ROOT is not set). Elsewhere add to the crontab of the monitoring user: * * * * * /path/to/ilert-notify send");
            return ExitCodes.Permanent;
        }
        var job = new CronJob(site);
        SiteUserGuard.EnsureMayWrite(job.Installed, env);
        if (invocation.HeartbeatRemove || invocation.Heartbeat is not null)
        {
            var configured = HeartbeatSetup.Run(invocation, env, site);
            // The cron job calls the heartbeat: setting one up installs the job as well.
            return configured == ExitCodes.Ok && !invocation.HeartbeatRemove ? Install(job, env) : configured;
        }
        return invocation.Remove ? Remove(job, env) : Install(job, env);
    }

    private static int Remove(CronJob job, CommandContext env)
    {
        var wasInstalled = job.IsInstalled;
        job.Remove();
        if (!wasInstalled)
        {
            env.Log.Information("Flush job not installed ({File}): nothing to remove; the notifier will not install it by itself", job.Installed);
            return ExitCodes.Ok;
        }
        env.Log.Information("Removed {File}; the notifier will not install it by itself again ('ilert-notify setup' does)", job.Installed);
        return Reload(job, env);
    }

    private static int Install(CronJob job, CommandContext env)
    {
        if (!job.IsShipped)
        {
            env.Log.Error("{File} is missing: is the ilert_notify package installed and enabled?", job.Shipped);
            return ExitCodes.Permanent;
        }
        using var installing = job.HoldInstallLock(CronJob.SetupReloadWait);
        if (installing is null)
        {
            env.Log.Error("Another process is installing the retry job ({File}); run 'ilert-notify setup' again in a moment", job.Installed);
            return ExitCodes.Permanent;
        }
        job.WriteFile(out var changed);
        if (!changed && job.LastReloadFailure is null)
        {
            env.Log.Information("Flush job already installed ({File})", job.Installed);
            return ExitCodes.Ok;
        }
        env.Log.Information(changed ? "Installed {File}" : "Flush job installed ({File}), but the last 'omd reload crontab' failed: reloading again", job.Installed);
        return Reload(job, env);
    }

    private static int Reload(CronJob job, CommandContext env)
    {
        if (job.Reload(CronJob.SetupReloadWait) is { } failure)
        {
            env.Log.Error("{Failure}; run 'omd reload crontab' yourself", failure);
            return ExitCodes.Permanent;
        }
        env.Log.Information("Reloaded the site crontab (omd reload crontab)");
        return ExitCodes.Ok;
    }
}
