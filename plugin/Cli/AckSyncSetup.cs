using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>
/// <c>setup --ack-sync KEY|- [--ack-sync-author NAME] [--command-file PATH]</c> and <c>setup --ack-sync-remove</c>. In a site
/// the settings go beside the heartbeat's; outside one (plain Nagios/Icinga) into the spool directory (<c>-d</c>).
/// </summary>
internal static class AckSyncSetup
{
    public static bool IsRequested(Invocation invocation) =>
        invocation.AckSync is not null || invocation.AckSyncRemove || invocation.AckSyncAuthor is not null || invocation.CommandFile is not null;

    public static int Run(Invocation invocation, CommandContext env)
    {
        var notifier = SettingsResolver.Resolve(invocation.Overrides, env.Variables);
        var spool = notifier.SpoolDirectory;
        var path = AckSyncSettings.PathFor(env.Site, spool);
        SiteUserGuard.EnsureMayWrite(path, env);
        if (invocation.AckSyncRemove)
        {
            File.Delete(path);
            env.Log.Information("Ack sync removed ({File}): alerts accepted in iLert are no longer acknowledged here. Delete the user API key in iLert if nothing else uses it", path);
            return ExitCodes.Ok;
        }
        if (invocation.AckSync is null)
        {
            env.Log.Error("--ack-sync-author and --command-file go with --ack-sync KEY|- (the iLert user API key; '-' reads it from stdin)");
            return ExitCodes.Permanent;
        }
        var key = invocation.AckSync == "-" ? env.Stdin.ReadLine()?.Trim() : invocation.AckSync.Trim();
        if (string.IsNullOrEmpty(key))
        {
            env.Log.Error("--ack-sync needs an iLert user API key allowed to read the alerts of your alert sources (or '-' to read it from stdin)");
            return ExitCodes.Permanent;
        }
        env.Masker.Add(key);
        var commandFile = invocation.CommandFile is { Length: > 0 } file ? Path.GetFullPath(file) : "";
        if (env.Site is null && commandFile.Length == 0)
        {
            env.Log.Error("Outside a Checkmk site the sync acknowledges through the core's external command file: add --command-file PATH (e.g. /var/lib/nagios4/rw/nagios.cmd)");
            return ExitCodes.Permanent;
        }
        if (env.Site is null)
        {
            // The settings live in the spool there, which must exist with its private modes.
            SpoolDirectory.Open(spool);
        }
        var settings = new AckSyncSettings(key, notifier.Endpoint, notifier.Proxy.Value, notifier.VerifyTls,
            Math.Min(notifier.TimeoutSeconds, AckSyncSettings.MaxTimeoutSeconds), invocation.AckSyncAuthor ?? AckSyncSettings.DefaultAuthor, commandFile);
        settings.Save(path);
        env.Log.Information("Ack sync configured in {File}: each cron run, while problems sent to iLert are open, reads the alerts accepted in {Endpoint} and acknowledges them as {Author} through {Core}",
            path, settings.Endpoint.Authority, settings.Author, commandFile.Length > 0 ? "the command file " + commandFile : "livestatus");
        return ExitCodes.Ok;
    }
}
