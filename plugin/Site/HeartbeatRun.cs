using System.Globalization;
using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Platform;
using IlertNotify.Settings;
using IlertNotify.Spool;

namespace IlertNotify.Site;

/// <summary>
/// After <c>send</c> flushed: tells iLert's heartbeat the site is alive, but only while notifications get through.
/// Then iLert alerts when the server is down, cron stopped, or events pile up or are rejected. Never fails <c>send</c>.
/// </summary>
internal static class HeartbeatRun
{
    // A rejected event silences the heartbeat this long, so iLert raises its alert; it comes back by itself.
    public static readonly TimeSpan FailedQuietPeriod = TimeSpan.FromHours(1);

    public static async Task RunAsync(IReadOnlyList<string> spools, DateTimeOffset deadline, CommandContext env)
    {
        if (env.Site is not { } site)
        {
            return;
        }
        HeartbeatSettings? heartbeat;
        try
        {
            heartbeat = HeartbeatSettings.Load(site.HeartbeatSettings);
        }
        catch (ConfigurationException e)
        {
            env.Log.Warning("Heartbeat not called: its settings are damaged ({Error}); {Repair}", e.Message, HeartbeatSettings.RepairHint);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Log.Warning("Heartbeat not called: its settings are unreadable ({Error})", e.Message);
            return;
        }
        if (heartbeat is null)
        {
            return;
        }
        env.Masker.Add(heartbeat.Key);
        var now = env.Clock.GetUtcNow();
        var problem = spools.Select(SpoolDirectory.OpenExisting).OfType<SpoolDirectory>()
            .Select(spool => SpoolHealth.Problem(spool, now, heartbeat.MaxQueueAge, FailedQuietPeriod))
            .FirstOrDefault(p => p is not null);
        string result;
        if (problem is not null)
        {
            result = "withheld: " + problem;
            env.Log.Warning("Heartbeat withheld, so that iLert alerts: {Problem}", problem);
        }
        else if (await HeartbeatSender.BeatAsync(heartbeat, Until(deadline, env), env.Delivery, env.Clock).ConfigureAwait(false) is { } failure)
        {
            result = "failed: " + failure;
            env.Log.Warning("Heartbeat call failed: {Error}", failure);
        }
        else
        {
            result = "ok";
            env.Log.Debug("Heartbeat called");
        }
        Remember(site, string.Create(CultureInfo.InvariantCulture, $"{now:u} {result}"), env);
    }

    private static TimeSpan Until(DateTimeOffset deadline, CommandContext env) =>
        deadline - env.Clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static void Remember(SitePaths site, string line, CommandContext env)
    {
        try
        {
            AtomicFile.Write(site.HeartbeatLastResult, System.Text.Encoding.UTF8.GetBytes(env.Masker.Apply(line) + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Log.Debug("Cannot record the heartbeat result: {Error}", e.Message);
        }
    }
}
