using System.Globalization;

namespace IlertNotify.Settings;

/// <summary>
/// The site's iLert heartbeat (<c>setup --heartbeat KEY</c>): kept in <c>$OMD_ROOT/etc/ilert_notify/heartbeat</c>,
/// 0600, so the key is in neither the crontab line nor the cron job's arguments.
/// </summary>
internal sealed record HeartbeatSettings(string Key, Uri Endpoint, string Proxy, bool VerifyTls, int TimeoutSeconds, TimeSpan MaxQueueAge)
{
    public static readonly TimeSpan DefaultMaxQueueAge = TimeSpan.FromMinutes(5);

    /// <summary>What fixes a damaged file; <c>-</c> reads the key from stdin, so it stays out of the shell history.</summary>
    public const string RepairHint = "run 'ilert-notify setup --heartbeat -' again";

    // Within the cron run's minute; setup itself writes at most 10.
    public const int MaxTimeoutSeconds = 30;
    public const int MinQueueAgeSeconds = 60;
    public const int MaxQueueAgeSeconds = 86_400;

    private static readonly string[] FieldNames = ["key", "endpoint", "proxy", "verify-tls", "timeout", "max-queue-age"];

    /// <returns>Null when no heartbeat is set up.</returns>
    /// <exception cref="ConfigurationException">The file is not what setup writes: a line twice, a line that is not
    /// one of its fields, a field missing or out of range. Names the file and the field, never a value.</exception>
    public static HeartbeatSettings? Load(string path)
    {
        if (SettingsFile.Read(path, FieldNames) is not { } file)
        {
            return null;
        }
        return new HeartbeatSettings(file.Key(), file.Endpoint(), file.Proxy(), file.VerifyTls(), file.Seconds("timeout", 1, MaxTimeoutSeconds),
            TimeSpan.FromSeconds(file.Seconds("max-queue-age", MinQueueAgeSeconds, MaxQueueAgeSeconds)));
    }

    public void Save(string path) => SettingsFile.Write(path,
    [
        ("key", Key), ("endpoint", Endpoint.AbsoluteUri), ("proxy", Proxy), ("verify-tls", VerifyTls ? "true" : "false"),
        ("timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture)),
        ("max-queue-age", MaxQueueAge.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)),
    ], "the heartbeat key or proxy");
}
