using System.Globalization;
using System.Text;

namespace IlertNotify.Events;

/// <summary>
/// Names the alert source an event goes to (endpoint + API key) without spelling the key: iLert's throttle counts
/// per key, so pacing groups by this. FNV-1a, not SHA-256: a hash from OpenSSL would load libssl into every save,
/// and the id protects nothing the 0600 spool file does not already hold.
/// </summary>
internal static class AlertSourceId
{
    public static string For(Uri url, string apiKey)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(url.GetLeftPart(UriPartial.Authority) + "\n" + apiKey))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
