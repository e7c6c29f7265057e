using System.Globalization;
using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Platform;

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
        if (!File.Exists(path))
        {
            return null;
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var parts = line.Split(": ", 2);
            if (parts.Length != 2 || !FieldNames.Contains(parts[0], StringComparer.Ordinal))
            {
                throw Damaged(path, $"line {lineNumber} is not one of its fields");
            }
            // Two values for one field: which one setup meant is unknown, so neither is used.
            if (!fields.TryAdd(parts[0], parts[1]))
            {
                throw Damaged(path, $"'{parts[0]}' is given twice");
            }
        }
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw Damaged(path, $"'{name}' is missing");
        int Seconds(string name, int min, int max) =>
            int.TryParse(Field(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Damaged(path, $"'{name}' is not a whole number of seconds from {min} to {max}");

        var key = Field("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw Damaged(path, "'key' is empty");
        }
        if (!Uri.TryCreate(Field("endpoint"), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw Damaged(path, "'endpoint' is not an http(s) URL");
        }
        var proxyText = Field("proxy");
        string proxy;
        try
        {
            proxy = ProxySetting.Parse(proxyText).Value;
        }
        catch (ConfigurationException)
        {
            // Its own message shows the proxy, with credentials redacted; this one names the field only.
            throw Damaged(path, "'proxy' is not 'environment', 'none' or a proxy URL");
        }
        var verifyTls = Field("verify-tls") switch
        {
            "true" => true,
            "false" => false,
            _ => throw Damaged(path, "'verify-tls' is neither true nor false"),
        };
        return new HeartbeatSettings(key, endpoint, proxy, verifyTls, Seconds("timeout", 1, MaxTimeoutSeconds),
            TimeSpan.FromSeconds(Seconds("max-queue-age", MinQueueAgeSeconds, MaxQueueAgeSeconds)));
    }

    private static ConfigurationException Damaged(string path, string reason) => new($"{path}: {reason}");

    public void Save(string path)
    {
        // One value per line: a line break inside one would write lines of its own (a second key, another endpoint).
        if (Key.AsSpan().IndexOfAny('\r', '\n') >= 0 || Proxy.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ConfigurationException("the heartbeat key or proxy contains a line break; give it on one line");
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            key: {Key}
            endpoint: {Endpoint.AbsoluteUri}
            proxy: {Proxy}
            verify-tls: {(VerifyTls ? "true" : "false")}
            timeout: {TimeoutSeconds}
            max-queue-age: {MaxQueueAge.TotalSeconds:0}

            """);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text));
    }
}
