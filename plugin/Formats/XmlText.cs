using System.Text;

namespace IlertNotify.Formats;

/// <summary>
/// Writes any .NET string as XML 1.0 character data or attribute text that parses back to the same string,
/// minus the characters XML 1.0 cannot carry at all (control characters other than tab/LF/CR, lone surrogates,
/// U+FFFE/U+FFFF): those are removed, since iLert rejects a document that holds them.
/// </summary>
internal static class XmlText
{
    public static void Append(StringBuilder output, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Append(c).Append(text[++i]);
                continue;
            }
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                // Parsers fold raw CR, and raw tab/LF inside attributes, into other characters: escape them.
                case '\r': output.Append("&#xD;"); break;
                case '\n': output.Append("&#xA;"); break;
                case '\t': output.Append("&#x9;"); break;
                default:
                    if (IsAllowed(c))
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
    }

    private static bool IsAllowed(char c) =>
        c >= 0x20 && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
}
