using System.Globalization;
using IlertNotify.Checkmk;

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
        if (SettingsFile.Read(path, FieldNames) is not { } file)
        {
            return null;
        }
        var author = file.Field("author");
        if (!IsUsableName(author))
        {
            throw file.Damaged("'author' is empty or contains ';' or a line break");
        }
        return new AckSyncSettings(file.Key(), file.Endpoint(), file.Proxy(), file.VerifyTls(), file.Seconds("timeout", 1, MaxTimeoutSeconds), author, file.Field("command-file"));
    }

    /// <summary>An author goes into a core command between semicolons: none there, and no line break.</summary>
    public static bool IsUsableName(string name) => name.Trim().Length > 0 && name.AsSpan().IndexOfAny(";\r\n") < 0;

    public void Save(string path)
    {
        if (!IsUsableName(Author))
        {
            throw new ConfigurationException("--ack-sync-author must not be empty nor contain ';' or a line break");
        }
        SettingsFile.Write(path,
        [
            ("key", Key), ("endpoint", Endpoint.AbsoluteUri), ("proxy", Proxy), ("verify-tls", VerifyTls ? "true" : "false"),
            ("timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture)), ("author", Author), ("command-file", CommandFile),
        ], "the ack-sync key, proxy or command file");
    }
}
