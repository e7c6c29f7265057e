using System.Globalization;
using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Platform;

namespace IlertNotify.Settings;

/// <summary>
/// A small private settings file of <c>name: value</c> lines (the heartbeat's, the two-way sync's): read strictly,
/// every complaint naming the file and the field, never a value (a value may be a key); written 0600, atomically.
/// </summary>
internal sealed class SettingsFile
{
    private readonly string path;
    private readonly Dictionary<string, string> fields;

    private SettingsFile(string path, Dictionary<string, string> fields) => (this.path, this.fields) = (path, fields);

    /// <returns>Null when the file does not exist.</returns>
    /// <exception cref="ConfigurationException">A line twice, or a line that is not one of <paramref name="fieldNames"/>.</exception>
    public static SettingsFile? Read(string path, IReadOnlyCollection<string> fieldNames)
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
            if (parts.Length != 2 || !fieldNames.Contains(parts[0], StringComparer.Ordinal))
            {
                throw Damaged(path, $"line {lineNumber} is not one of its fields");
            }
            // Two values for one field: which one setup meant is unknown, so neither is used.
            if (!fields.TryAdd(parts[0], parts[1]))
            {
                throw Damaged(path, $"'{parts[0]}' is given twice");
            }
        }
        return new SettingsFile(path, fields);
    }

    public string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw Damaged($"'{name}' is missing");

    public string Key()
    {
        var key = Field("key");
        return string.IsNullOrWhiteSpace(key) ? throw Damaged("'key' is empty") : key;
    }

    public Uri Endpoint() =>
        Uri.TryCreate(Field("endpoint"), UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw Damaged("'endpoint' is not an http(s) URL");

    public string Proxy()
    {
        try
        {
            return ProxySetting.Parse(Field("proxy")).Value;
        }
        catch (ConfigurationException)
        {
            // Its own message shows the proxy, with credentials redacted; this one names the field only.
            throw Damaged("'proxy' is not 'environment', 'none' or a proxy URL");
        }
    }

    public bool VerifyTls() => Field("verify-tls") switch
    {
        "true" => true,
        "false" => false,
        _ => throw Damaged("'verify-tls' is neither true nor false"),
    };

    public int Seconds(string name, int min, int max) =>
        int.TryParse(Field(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Damaged($"'{name}' is not a whole number of seconds from {min} to {max}");

    public ConfigurationException Damaged(string reason) => Damaged(path, reason);

    private static ConfigurationException Damaged(string path, string reason) => new($"{path}: {reason}");

    /// <summary>Writes the fields in order, 0600 in a 0700 directory, atomically.</summary>
    /// <exception cref="ConfigurationException">A value holds a line break: it would write lines of its own (a second key).</exception>
    public static void Write(string path, IReadOnlyList<(string Name, string Value)> fields, string what)
    {
        if (fields.Any(field => field.Value.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            throw new ConfigurationException($"{what} contains a line break; give it on one line");
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
    }
}
