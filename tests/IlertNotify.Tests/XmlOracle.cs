using System.Text;

namespace IlertNotify.Tests;

/// <summary>What tests expect back from the event XML, written independently of the product's escaper.</summary>
public static class XmlOracle
{
    /// <summary>
    /// The oracle, written independently of the escaper: what an XML 1.0 document can carry of a string
    /// (Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
    /// </summary>
    public static string Readable(string text)
    {
        var kept = new StringBuilder();
        foreach (var rune in EnumerateScalars(text))
        {
            var value = rune;
            if (value is 0x9 or 0xA or 0xD || value is >= 0x20 and <= 0xD7FF || value is >= 0xE000 and <= 0xFFFD || value >= 0x10000)
            {
                kept.Append(char.ConvertFromUtf32(value));
            }
        }
        return kept.ToString();
    }

    /// <summary>Code points of the string; a lone surrogate yields a value no branch above keeps.</summary>
    private static IEnumerable<int> EnumerateScalars(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else
            {
                yield return text[i];
            }
        }
    }
}
