using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace IlertNotify.Logging;

/// <summary>
/// Text with its escapes undone (percent and <c>+</c>, JSON and log backslash escapes, HTML character references),
/// each decoded character remembering the span of the original text it came from. A server may echo a secret in any
/// mix of these, in either hex case: searching the decoded text finds it without listing every way to write it.
/// </summary>
internal sealed class EscapedText
{
    private const int LongestEntity = 32;
    private static readonly SearchValues<char> EscapeStarts = SearchValues.Create("%+\\&");
    private static readonly SearchValues<char> ReferenceCharacters =
        SearchValues.Create("#0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private readonly StringBuilder decoded = new();
    private readonly List<(int Start, int End)> origins = [];

    private EscapedText()
    {
    }

    public string Decoded => decoded.ToString();

    /// <summary>Whether there is anything to decode at all: most log lines have none of these characters.</summary>
    public static bool MayContainEscapes(string text) => text.AsSpan().IndexOfAny(EscapeStarts) >= 0;

    /// <param name="text">The original text.</param>
    /// <param name="plusIsSpace">Form encoding writes a space as <c>+</c>; a secret may hold a literal <c>+</c> too.</param>
    public static EscapedText Decode(string text, bool plusIsSpace)
    {
        var result = new EscapedText();
        var i = 0;
        while (i < text.Length)
        {
            var length = text[i] switch
            {
                '%' => result.PercentRun(text, i),
                '\\' => result.BackslashEscape(text, i),
                '&' => result.CharacterReference(text, i),
                '+' when plusIsSpace => result.Emit(" ", i, 1),
                _ => 0,
            };
            i += length > 0 ? length : result.Emit(text[i].ToString(), i, 1);
        }
        return result;
    }

    /// <summary>The span of the original text that <paramref name="length"/> decoded characters from <paramref name="start"/> came from.</summary>
    public (int Start, int End) Origin(int start, int length) => (origins[start].Start, origins[start + length - 1].End);

    private int Emit(string chars, int start, int length)
    {
        foreach (var c in chars)
        {
            decoded.Append(c);
            origins.Add((start, start + length));
        }
        return length;
    }

    /// <summary><c>%xx</c> bytes, one UTF-8 sequence at a time, so <c>%C3%A9</c> becomes one <c>é</c>.</summary>
    private int PercentRun(string text, int start)
    {
        var bytes = new List<byte>();
        for (var i = start; i + 2 < text.Length && text[i] == '%' && IsHex(text[i + 1]) && IsHex(text[i + 2]); i += 3)
        {
            bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        var taken = 0;
        while (taken < bytes.Count)
        {
            var length = Math.Min(SequenceLength(bytes[taken]), bytes.Count - taken);
            Emit(Encoding.UTF8.GetString(bytes.GetRange(taken, length).ToArray()), start + (3 * taken), 3 * length);
            taken += length;
        }
        return 3 * bytes.Count;
    }

    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xF0 and < 0xF8 => 4,
        >= 0xE0 and < 0xF0 => 3,
        >= 0xC0 and < 0xE0 => 2,
        _ => 1,
    };

    /// <summary>JSON's <c>\uXXXX</c> and one-letter escapes, and the <c>\xXX</c> a log line shows a control character as.</summary>
    private int BackslashEscape(string text, int start)
    {
        if (start + 1 >= text.Length)
        {
            return 0;
        }
        var next = text[start + 1];
        var code = next switch
        {
            'u' => HexAt(text, start + 2, 4),
            'x' => HexAt(text, start + 2, 2),
            _ => null,
        };
        if (code is { } c)
        {
            return Emit(((char)c).ToString(), start, next == 'u' ? 6 : 4);
        }
        var single = next switch
        {
            'n' => "\n",
            'r' => "\r",
            't' => "\t",
            'b' => "\b",
            'f' => "\f",
            '/' or '\\' or '"' or '\'' => next.ToString(),
            _ => null,
        };
        return single is null ? 0 : Emit(single, start, 2);
    }

    /// <summary><c>&amp;#39;</c>, <c>&amp;#x27;</c> (any case) and named references such as <c>&amp;eacute;</c>.</summary>
    private int CharacterReference(string text, int start)
    {
        var end = text.IndexOf(';', start + 1, Math.Min(LongestEntity, text.Length - start - 1));
        if (end < 0)
        {
            return 0;
        }
        var reference = text[start..(end + 1)];
        if (end == start + 1 || reference.AsSpan(1, reference.Length - 2).IndexOfAnyExcept(ReferenceCharacters) >= 0)
        {
            return 0;
        }
        var value = WebUtility.HtmlDecode(reference);
        return value == reference ? 0 : Emit(value, start, reference.Length);
    }

    private static int? HexAt(string text, int start, int digits) =>
        start + digits <= text.Length && int.TryParse(text.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
