using System.Globalization;
using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Platform;

namespace IlertNotify.Settings;

/// <summary>
/// The site's opt-in to the two-way sync (<c>setup --ack-sync -</c>): an iLert user API key that may read alerts, and how
/// Checkmk is told. Kept 0600 beside the heartbeat settings (outside a site: in the spool directory), so the key is in
/// neither the crontab nor any command line.
/// </summary>
/// <param name="CommandFile">The core's external command file (plain Nagios/Icinga); empty: the site's livestatus socket.</param>
internal sealed record AckSyncSettings(string Key, Uri Endpoint, string Proxy, bool VerifyTls, int TimeoutSeconds, string Author, string CommandFile)
{
    public const string DefaultAuthor = "ilert";

    /// <summary>What fixes a damaged file; <c>-</c> reads the key from stdin, so it stays out of the shell history.</summary>
    public const string RepairHint = "run 'ilert-notify setup --ack-sync -' again";

    // Within the cron run's minute: two requests of at most this long each.
    public const int MaxTimeoutSeconds = 15;

    /// <summary>Outside a site the settings live in the spool directory (0700), under this name.</summary>
    public const string SpoolFileName = ".ack-sync";

    private static readonly string[] FieldNames = ["key", "endpoint", "proxy", "verify-tls", "timeout", "author", "command-file"];

    /// <summary>In a site: beside the heartbeat settings; elsewhere in the spool the notifier uses.</summary>
    public static string PathFor(SitePaths? site, string spool) => site?.AckSyncSettings ?? System.IO.Path.Combine(spool, SpoolFileName);

    /// <summary>The sync is set up for this spool: its flushes remember the problems iLert takes.</summary>
    public static bool IsOn(SitePaths? site, string spool) => File.Exists(PathFor(site, spool));

    /// <returns>Null when the sync is not set up.</returns>
    /// <exception cref="ConfigurationException">The file is not what setup writes; names the file and the field, never a value.</exception>
    public static AckSyncSettings? Load(string path)
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
            if (!fields.TryAdd(parts[0], parts[1]))
            {
                throw Damaged(path, $"'{parts[0]}' is given twice");
            }
        }
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : throw Damaged(path, $"'{name}' is missing");

        var key = Field("key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw Damaged(path, "'key' is empty");
        }
        if (!Uri.TryCreate(Field("endpoint"), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw Damaged(path, "'endpoint' is not an http(s) URL");
        }
        string proxy;
        try
        {
            proxy = ProxySetting.Parse(Field("proxy")).Value;
        }
        catch (ConfigurationException)
        {
            throw Damaged(path, "'proxy' is not 'environment', 'none' or a proxy URL");
        }
        var verifyTls = Field("verify-tls") switch
        {
            "true" => true,
            "false" => false,
            _ => throw Damaged(path, "'verify-tls' is neither true nor false"),
        };
        if (!int.TryParse(Field("timeout"), NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) || timeout < 1 || timeout > MaxTimeoutSeconds)
        {
            throw Damaged(path, $"'timeout' is not a whole number of seconds from 1 to {MaxTimeoutSeconds}");
        }
        var author = Field("author");
        if (!IsUsableName(author))
        {
            throw Damaged(path, "'author' is empty or contains ';' or a line break");
        }
        return new AckSyncSettings(key, endpoint, proxy, verifyTls, timeout, author, Field("command-file"));
    }

    /// <summary>An author goes into a core command between semicolons: none there, and no line break.</summary>
    public static bool IsUsableName(string name) => name.Trim().Length > 0 && name.AsSpan().IndexOfAny(";\r\n") < 0;

    private static ConfigurationException Damaged(string path, string reason) => new($"{path}: {reason}");

    public void Save(string path)
    {
        if (new[] { Key, Proxy, CommandFile }.Any(value => value.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            throw new ConfigurationException("the ack-sync key, proxy or command file contains a line break; give it on one line");
        }
        if (!IsUsableName(Author))
        {
            throw new ConfigurationException("--ack-sync-author must not be empty nor contain ';' or a line break");
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            key: {Key}
            endpoint: {Endpoint.AbsoluteUri}
            proxy: {Proxy}
            verify-tls: {(VerifyTls ? "true" : "false")}
            timeout: {TimeoutSeconds}
            author: {Author}
            command-file: {CommandFile}

            """);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text));
    }
}
