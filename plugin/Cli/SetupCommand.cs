using System.Diagnostics;
using IlertNotify.Context;

namespace IlertNotify.Cli;

/// <summary>
/// Activates the flush job: no MKP part maps to <c>etc/cron.d</c>, so the package ships the cron file in
/// <c>local/lib</c> and this copies it into the site's crontab directory. Idempotent.
/// </summary>
internal static class SetupCommand
{
    public static int Run(Invocation invocation, CommandEnvironment env)
    {
        if (env.OmdRoot is not { } root)
        {
            env.Log.Error("setup works inside a Checkmk site (OMD_ROOT is not set). Elsewhere add to the crontab of the monitoring user: * * * * * /path/to/ilert-notify send");
            return ExitCodes.Permanent;
        }
        var shipped = Path.Combine(root, "local", "lib", "ilert_notify", "ilert_notify.cron");
        var installed = Path.Combine(root, "etc", "cron.d", "ilert_notify");
        SiteUserGuard.EnsureMayWrite(installed, env);
        if (invocation.HeartbeatRemove || invocation.Heartbeat is not null)
        {
            var configured = ConfigureHeartbeat(invocation, env, root);
            // The cron job calls the heartbeat: setting one up installs the job as well.
            return configured == ExitCodes.Ok && !invocation.HeartbeatRemove ? InstallCronJob(env, shipped, installed) : configured;
        }

        if (invocation.Remove)
        {
            if (!File.Exists(installed))
            {
                env.Log.Information("Flush job not installed ({File}): nothing to remove", installed);
                return ExitCodes.Ok;
            }
            File.Delete(installed);
            env.Log.Information("Removed {File}", installed);
            return ReloadCrontab(env);
        }

        return InstallCronJob(env, shipped, installed);
    }

    private static int InstallCronJob(CommandEnvironment env, string shipped, string installed)
    {
        if (!File.Exists(shipped))
        {
            env.Log.Error("{File} is missing: is the ilert_notify package installed and enabled?", shipped);
            return ExitCodes.Permanent;
        }
        var content = File.ReadAllText(shipped);
        if (File.Exists(installed) && File.ReadAllText(installed) == content)
        {
            env.Log.Information("Flush job already installed ({File})", installed);
            return ExitCodes.Ok;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(installed)!);
        File.WriteAllText(installed, content);
        env.Log.Information("Installed {File}", installed);
        return ReloadCrontab(env);
    }

    private static int ConfigureHeartbeat(Invocation invocation, CommandEnvironment env, string root)
    {
        var path = HeartbeatSettings.PathIn(root);
        if (invocation.HeartbeatRemove)
        {
            File.Delete(path);
            env.Log.Information("Heartbeat removed ({File}): the cron job no longer calls it. Delete or pause the Heartbeat alert source in iLert too", path);
            return ExitCodes.Ok;
        }
        var key = invocation.Heartbeat == "-" ? env.Stdin.ReadLine()?.Trim() : invocation.Heartbeat?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            env.Log.Error("--heartbeat needs the key of an iLert alert source of type Heartbeat (or '-' to read it from stdin)");
            return ExitCodes.Permanent;
        }
        env.Masker.Add(key);
        var settings = SettingsResolver.Resolve(invocation, new Dictionary<string, string>());
        var heartbeat = new HeartbeatSettings(key, settings.Endpoint, settings.Proxy.Value, settings.VerifyTls, Math.Min(settings.TimeoutSeconds, 10),
            invocation.HeartbeatMaxAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : HeartbeatSettings.DefaultMaxQueueAge);
        heartbeat.Save(path);
        env.Log.Information("Heartbeat configured in {File}: every cron run calls {Url} while no event waits longer than {Minutes} min and iLert rejected none in the last hour",
            path, Events.EventTarget.Heartbeat(heartbeat.Endpoint, key).AbsoluteUri, heartbeat.MaxQueueAge.TotalMinutes);
        return ExitCodes.Ok;
    }

    private static int ReloadCrontab(CommandEnvironment env)
    {
        var start = new ProcessStartInfo("omd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("reload");
        start.ArgumentList.Add("crontab");
        try
        {
            using var omd = Process.Start(start)!;
            var output = omd.StandardOutput.ReadToEnd() + omd.StandardError.ReadToEnd();
            omd.WaitForExit();
            if (omd.ExitCode == 0)
            {
                env.Log.Information("Reloaded the site crontab (omd reload crontab)");
                return ExitCodes.Ok;
            }
            env.Log.Error("omd reload crontab failed ({Code}): {Output}", omd.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            env.Log.Error("Cannot run omd reload crontab: {Error}; run it yourself", e.Message);
        }
        return ExitCodes.Permanent;
    }
}
