using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IlertNotify.Events;

namespace IlertNotify.Logging;

/// <summary>
/// Replaces every secret this process has seen with a mask that keeps its last four characters, in whatever
/// text reaches a log: a safety net under "never log the key", for messages we do not control.
/// </summary>
internal sealed class SecretMasker
{
    private const int MinimumLength = 4;
    private readonly ConcurrentDictionary<string, string> masks = new(StringComparer.Ordinal);

    /// <summary>Registers the secret in every form it can take on its way out and back: an echoing server may
    /// quote it XML-, HTML-, URL- or JSON-encoded, and a log line shows it with control characters escaped.</summary>
    public void Add(string? secret)
    {
        if (secret is not { Length: >= MinimumLength })
        {
            return;
        }
        var mask = Mask(secret);
        foreach (var form in Encodings(secret))
        {
            masks.TryAdd(form, mask);
        }
    }

    private static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        var xml = new StringBuilder();
        XmlText.Append(xml, secret);
        yield return xml.ToString();
        yield return WebUtility.HtmlEncode(secret);
        yield return Uri.EscapeDataString(secret);
        yield return JsonEncodedText.Encode(secret).Value;
        yield return JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
        yield return LogText.Escape(secret);
        yield return LogText.Escape(xml.ToString());
    }

    public string Apply(string text)
    {
        // Longest first, so a secret that contains another one is masked whole.
        foreach (var (secret, mask) in masks.OrderByDescending(pair => pair.Key.Length))
        {
            text = text.Replace(secret, mask, StringComparison.Ordinal);
        }
        return text;
    }

    public static string Mask(string secret) => secret.Length <= 8 ? "****" : "****" + secret[^4..];
}
