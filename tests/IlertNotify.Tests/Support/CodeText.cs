using System.Text;

namespace IlertNotify.Tests.Support;

/// <summary>
/// C# source with comments and the contents of string and character literals blanked out (line breaks kept, so line
/// numbers still match): what is left is code, and a layer's name in a comment or a message is not a reference.
/// The holes of interpolated strings are blanked too; the notifier's code names no layer inside one.
/// </summary>
public static class CodeText
{
    public static string Of(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var end = LiteralOrCommentEnd(source, i);
            if (end == i)
            {
                code.Append(source[i++]);
                continue;
            }
            foreach (var c in source.AsSpan(i, end - i))
            {
                code.Append(c == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return code.ToString();
    }

    /// <returns>Where the comment or literal starting at <paramref name="at"/> ends; <paramref name="at"/> if none starts there.</returns>
    private static int LiteralOrCommentEnd(string s, int at)
    {
        if (Starts(s, at, "//"))
        {
            var eol = s.IndexOf('\n', at);
            return eol < 0 ? s.Length : eol;
        }
        if (Starts(s, at, "/*"))
        {
            var close = s.IndexOf("*/", at + 2, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + 2;
        }
        if (s[at] == '\'')
        {
            return QuotedEnd(s, at + 1, '\'', verbatim: false);
        }
        var prefix = at;
        while (prefix < s.Length && s[prefix] is '$' or '@')
        {
            prefix++;
        }
        if (prefix >= s.Length || s[prefix] != '"')
        {
            return at;
        }
        var quotes = 0;
        while (prefix + quotes < s.Length && s[prefix + quotes] == '"')
        {
            quotes++;
        }
        if (quotes >= 3)
        {
            var close = s.IndexOf(new string('"', quotes), prefix + quotes, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + quotes;
        }
        return QuotedEnd(s, prefix + 1, '"', verbatim: s.AsSpan(at, prefix - at).Contains('@'));
    }

    private static int QuotedEnd(string s, int from, char quote, bool verbatim)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (!verbatim && s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == quote)
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == quote)
                {
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return s.Length;
    }

    private static bool Starts(string s, int at, string text) => string.CompareOrdinal(s, at, text, 0, text.Length) == 0;
}
