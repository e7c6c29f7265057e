using System.Net;
using System.Text;

namespace IlertNotify.Formats;

/// <summary>The body iLert's Nagios/Icinga alert source parses: the reference plugin's document, escaped correctly.</summary>
internal static class EventXml
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    public static byte[] Build(string apiKey, IEnumerable<KeyValuePair<string, string>> entries)
    {
        var xml = new StringBuilder(4096).Append(Declaration).Append("<event><apiKey>");
        XmlText.Append(xml, apiKey);
        xml.Append("</apiKey><payload>");
        foreach (var (key, value) in entries)
        {
            xml.Append("<entry key=\"");
            XmlText.Append(xml, key);
            xml.Append("\">");
            XmlText.Append(xml, value);
            xml.Append("</entry>");
        }
        xml.Append("</payload></event>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    /// <summary>The same body with another API key (<c>queue retarget</c>); a body without one is returned as it is.</summary>
    public static byte[] WithApiKey(byte[] body, string apiKey)
    {
        var start = body.AsSpan().IndexOf("<apiKey>"u8);
        var end = body.AsSpan().IndexOf("</apiKey>"u8);
        if (start < 0 || end < start)
        {
            return body;
        }
        var key = new StringBuilder();
        XmlText.Append(key, apiKey);
        return [.. body.AsSpan(0, start + "<apiKey>".Length), .. Encoding.UTF8.GetBytes(key.ToString()), .. body.AsSpan(end)];
    }

    /// <summary>The API key inside a body built by <see cref="Build"/> (so a flush can mask it in its logs).</summary>
    public static string? ReadApiKey(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOf("<apiKey>"u8);
        var end = body.IndexOf("</apiKey>"u8);
        return start < 0 || end < start ? null : WebUtility.HtmlDecode(Encoding.UTF8.GetString(body[(start + "<apiKey>".Length)..end]));
    }
}
