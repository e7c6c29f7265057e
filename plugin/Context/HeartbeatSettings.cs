using System.Globalization;
using System.Text;

namespace IlertNotify.Context;

/// <summary>
/// The site's iLert heartbeat (<c>setup --heartbeat KEY</c>): kept in <c>$OMD_ROOT/etc/ilert_notify/heartbeat</c>,
/// 0600, so the key is in neither the crontab line nor the cron job's arguments.
/// </summary>
internal sealed record HeartbeatSettings(string Key, Uri Endpoint, string Proxy, bool VerifyTls, int TimeoutSeconds, TimeSpan MaxQueueAge)
{
    public static readonly TimeSpan DefaultMaxQueueAge = TimeSpan.FromMinutes(5);

    public static HeartbeatSettings? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var fields = File.ReadAllLines(path)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw new ConfigurationException($"{path}: '{name}' is missing; run 'ilert-notify setup --heartbeat KEY' again");
        return new HeartbeatSettings(
            Field("key"),
            new Uri(Field("endpoint"), UriKind.Absolute),
            Field("proxy"),
            Field("verify-tls") == "true",
            int.Parse(Field("timeout"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Field("max-queue-age"), CultureInfo.InvariantCulture)));
    }

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
        Spool.AtomicFile.Write(path, Encoding.UTF8.GetBytes(text));
    }
}
