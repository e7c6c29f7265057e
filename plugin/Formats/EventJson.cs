using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IlertNotify.Formats;

/// <summary>
/// The body iLert's Checkmk alert source parses: what Checkmk's built-in <c>ilert</c> script posts, one JSON
/// object of the context with the <c>NOTIFY_</c> prefix removed, every value a string, but without secrets.
/// </summary>
internal static class EventJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Build(IEnumerable<KeyValuePair<string, string>> entries)
    {
        using var buffer = new MemoryStream(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in entries)
            {
                writer.WriteString(WellFormed(key), WellFormed(value));
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A lone surrogate cannot be encoded as UTF-8: it becomes U+FFFD, as Python's json would not even write it.</summary>
    private static string WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
            {
                return Repair(text);
            }
        }
        return text;
    }

    private static string Repair(string text)
    {
        var repaired = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                repaired.Append(text[i]).Append(text[++i]);
            }
            else
            {
                repaired.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }
        return repaired.ToString();
    }
}
