namespace IlertNotify.Events;

/// <summary>Where an event of each format goes, and where its key sits: in the body (XML) or in the URL path (JSON).</summary>
internal static class EventTarget
{
    private const string NagiosPath = "/api/v1/events/nagios";
    private const string CheckmkPath = "/api/v1/events/checkmk-ext/";

    public static Uri Url(Uri endpoint, EventFormat format, string apiKey) => format switch
    {
        EventFormat.CheckmkJson => Append(endpoint, CheckmkPath + Uri.EscapeDataString(apiKey)),
        _ => Append(endpoint, NagiosPath),
    };

    /// <summary>iLert's heartbeat URL: an alert source of type Heartbeat alerts when it is not called in time.</summary>
    public static Uri Heartbeat(Uri endpoint, string key) => Append(endpoint, "/api/heartbeats/" + Uri.EscapeDataString(key));

    /// <summary>The key a spooled event carries, so a flush can mask it in every log line.</summary>
    public static string? ApiKeyOf(IlertEvent e) => e.Format switch
    {
        EventFormat.CheckmkJson => Uri.UnescapeDataString(e.Url.AbsolutePath[(e.Url.AbsolutePath.LastIndexOf('/') + 1)..]),
        _ => EventXml.ReadApiKey(e.Body),
    };

    private static Uri Append(Uri endpoint, string path)
    {
        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + path;
        return builder.Uri;
    }
}
