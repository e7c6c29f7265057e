namespace IlertNotify.Formats;

/// <summary>URLs under iLert's API base: each format's (<see cref="EventFormat.Url"/>) and the heartbeat's.</summary>
internal static class EventTarget
{
    /// <summary>iLert's heartbeat URL: an alert source of type Heartbeat alerts when it is not called in time.</summary>
    public static Uri Heartbeat(Uri endpoint, string key) => Append(endpoint, "/api/heartbeats/" + Uri.EscapeDataString(key));

    /// <summary>The URL without the path a format appended to it.</summary>
    public static Uri Without(Uri url, string appendedPath)
    {
        var builder = new UriBuilder(url);
        if (builder.Path.EndsWith(appendedPath, StringComparison.Ordinal))
        {
            builder.Path = builder.Path[..^appendedPath.Length];
        }
        return builder.Uri;
    }

    public static Uri Append(Uri endpoint, string path)
    {
        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + path;
        return builder.Uri;
    }
}
