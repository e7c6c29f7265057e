using IlertNotify.Checkmk;
using IlertNotify.Formats;
using IlertNotify.Settings;
using IlertNotify.Site;

namespace IlertNotify.Cli;

/// <summary><c>setup --heartbeat KEY|-</c> and <c>setup --heartbeat-remove</c>.</summary>
internal static class HeartbeatSetup
{
    public static int Run(Invocation invocation, CommandContext env, SitePaths site)
    {
        var path = site.HeartbeatSettings;
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
        var settings = SettingsResolver.Resolve(invocation.Overrides, new Dictionary<string, string>());
        var heartbeat = new HeartbeatSettings(key, settings.Endpoint, settings.Proxy.Value, settings.VerifyTls, Math.Min(settings.TimeoutSeconds, (int)env.Delivery.HeartbeatReserve.TotalSeconds),
            invocation.HeartbeatMaxAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : HeartbeatSettings.DefaultMaxQueueAge);
        heartbeat.Save(path);
        env.Log.Information("Heartbeat configured in {File}: every cron run calls {Url} while no event waits longer than {Minutes} min and iLert rejected none in the last hour",
            path, EventTarget.Heartbeat(heartbeat.Endpoint, key).AbsoluteUri, heartbeat.MaxQueueAge.TotalMinutes);
        return ExitCodes.Ok;
    }
}
