using System.Collections.Concurrent;

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
