using System.Globalization;

namespace IlertNotify.Sync;

/// <summary>
/// The alert's page in iLert's web app, for the acknowledgement's comment: the API host <c>api.ilert.com</c> serves
/// the app as <c>app.ilert.com</c>; any other endpoint (a proxy, a test) keeps its own host.
/// </summary>
internal static class AlertLink
{
    public static string For(Uri endpoint, long alertId)
    {
        var builder = new UriBuilder(endpoint)
        {
            Path = "/alert/view",
            Query = string.Create(CultureInfo.InvariantCulture, $"id={alertId}"),
        };
        if (builder.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
        {
            builder.Host = "app." + builder.Host["api.".Length..];
        }
        return builder.Uri.AbsoluteUri;
    }
}
