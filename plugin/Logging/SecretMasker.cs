using System.Collections.Concurrent;
using System.Text;

namespace IlertNotify.Logging;

/// <summary>
/// Replaces every secret this process has seen with a mask that keeps its last four characters, in whatever
/// text reaches a log: a safety net under "never log the key", for messages we do not control.
/// </summary>
internal sealed class SecretMasker
{
    private const int MinimumLength = 4;
    private readonly ConcurrentDictionary<string, string> masks = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        if (secret is { Length: >= MinimumLength })
        {
            masks.TryAdd(secret, Mask(secret));
        }
    }

    /// <summary>
    /// Masks each secret as it is, then as an echoing server may have escaped it (XML, HTML, URL, JSON, or a log
    /// line's control-character escapes, in any mix and hex case): found in the decoded text, masked in the original.
    /// </summary>
    public string Apply(string text)
    {
        // Longest first, so a secret that contains another one is masked whole.
        var secrets = masks.OrderByDescending(pair => pair.Key.Length).ToList();
        foreach (var (secret, mask) in secrets)
        {
            text = text.Replace(secret, mask, StringComparison.Ordinal);
        }
        if (secrets.Count > 0 && EscapedText.MayContainEscapes(text))
        {
            text = MaskEscaped(text, secrets, plusIsSpace: false);
            text = MaskEscaped(text, secrets, plusIsSpace: true);
        }
        return text;
    }

    private static string MaskEscaped(string text, List<KeyValuePair<string, string>> secrets, bool plusIsSpace)
    {
        var escaped = EscapedText.Decode(text, plusIsSpace);
        var decoded = escaped.Decoded;
        var spans = new List<(int Start, int End, string Mask)>();
        foreach (var (secret, mask) in secrets)
        {
            for (var at = decoded.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = decoded.IndexOf(secret, at + secret.Length, StringComparison.Ordinal))
            {
                var (start, end) = escaped.Origin(at, secret.Length);
                if (!spans.Any(span => start < span.End && span.Start < end))
                {
                    spans.Add((start, end, mask));
                }
            }
        }
        if (spans.Count == 0)
        {
            return text;
        }
        var masked = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, end, mask) in spans.OrderBy(span => span.Start))
        {
            masked.Append(text, copied, start - copied).Append(mask);
            copied = end;
        }
        return masked.Append(text, copied, text.Length - copied).ToString();
    }

    public static string Mask(string secret) => secret.Length <= 8 ? "****" : "****" + secret[^4..];
}
