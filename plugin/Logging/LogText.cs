using System.Globalization;
using System.Text;

namespace IlertNotify.Logging;

/// <summary>
/// Text from outside (host and service names, plugin output, server answers) made safe for a log line: a newline
/// in a host name must not forge a second line in notify.log, nor an ESC sequence repaint a terminal.
/// </summary>
internal static class LogText
{
    public static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': escaped.Append("\\n"); break;
                case '\r': escaped.Append("\\r"); break;
                case '\t': escaped.Append("\\t"); break;
                default:
                    if (IsControl(c))
                    {
                        escaped.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
                    }
                    else
                    {
                        escaped.Append(c);
                    }
                    break;
            }
        }
        return escaped.ToString();
    }

    // C0, DEL, C1, and the Unicode line and paragraph separators that some viewers break lines at.
    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029';
}
