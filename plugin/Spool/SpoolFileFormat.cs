using System.Globalization;
using System.Text;
using IlertNotify.Events;
using IlertNotify.Formats;
using IlertNotify.Settings;

namespace IlertNotify.Spool;

/// <summary>
/// A spool file: a short header of <c>name: value</c> lines, an empty line, then the request body as it is sent.
/// </summary>
internal static class SpoolFileFormat
{
    private const string Magic = "ilert-notify-spool 1";

    public static ReadOnlySpan<byte> HeaderEnd => "\n\n"u8;

    public static byte[] Serialize(IlertEvent e, DeliveryRecord record)
    {
        var header = new StringBuilder(512).Append(Magic).Append('\n');
        void Field(string name, string value) =>
            header.Append(name).Append(": ").Append(value.Replace('\r', ' ').Replace('\n', ' ')).Append('\n');

        Field("url", e.Url.AbsoluteUri);
        Field("format", e.Format.Name);
        Field("incident", e.Incident);
        Field("type", e.NotificationType);
        Field("proxy", e.Proxy);
        Field("verify-tls", e.VerifyTls ? "true" : "false");
        Field("timeout", e.TimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        Field("source", e.Source);
        Field("rate-budget", e.RateBudget.Format());
        Field("created", e.Created.ToString("O", CultureInfo.InvariantCulture));
        Field("attempts", record.Attempts.ToString(CultureInfo.InvariantCulture));
        Field("next-attempt", record.NextAttempt?.ToString("O", CultureInfo.InvariantCulture) ?? "");
        Field("last-error", record.LastError ?? "");
        header.Append('\n');

        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var bytes = new byte[headerBytes.Length + e.Body.Length];
        headerBytes.CopyTo(bytes, 0);
        e.Body.CopyTo(bytes, headerBytes.Length);
        return bytes;
    }

    /// <exception cref="FormatException">The file is not a complete spool file.</exception>
    public static (IlertEvent Event, DeliveryRecord Record) Parse(ReadOnlySpan<byte> bytes)
    {
        var (header, record) = ParseHeader(bytes, out var bodyStart);
        return (header with { Body = bytes[bodyStart..].ToArray() }, record);
    }

    /// <summary>The event without its body: what a flush needs to plan, at a fraction of the memory.</summary>
    /// <exception cref="FormatException">The bytes hold no complete header.</exception>
    public static (IlertEvent Event, DeliveryRecord Record) ParseHeader(ReadOnlySpan<byte> bytes, out int bodyStart)
    {
        var end = bytes.IndexOf(HeaderEnd);
        if (end < 0)
        {
            throw new FormatException("no header/body separator");
        }
        bodyStart = end + HeaderEnd.Length;
        var lines = Encoding.UTF8.GetString(bytes[..end]).Split('\n');
        if (lines[0] != Magic)
        {
            throw new FormatException($"unknown format '{lines[0]}'");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"malformed header line '{line}'");
            }
            fields[line[..colon]] = line[(colon + 2)..];
        }
        string Required(string name) => fields.TryGetValue(name, out var value) ? value : throw new FormatException($"missing header '{name}'");

        var nextAttempt = Required("next-attempt");
        var lastError = Required("last-error");
        var url = new Uri(Required("url"), UriKind.Absolute);
        var e = new IlertEvent
        {
            Url = url,
            Format = fields.TryGetValue("format", out var format) ? EventFormats.FromSpoolName(format) : EventFormats.Default,
            // Files written before pacing existed: one source per endpoint, the default budget.
            Source = fields.GetValueOrDefault("source") ?? url.GetLeftPart(UriPartial.Authority),
            RateBudget = fields.TryGetValue("rate-budget", out var budget) ? RateBudget.Parse(budget) : RateBudget.Default,
            Incident = Required("incident"),
            NotificationType = Required("type"),
            Proxy = Required("proxy"),
            VerifyTls = Required("verify-tls") == "true",
            TimeoutSeconds = int.Parse(Required("timeout"), CultureInfo.InvariantCulture),
            Created = DateTimeOffset.Parse(Required("created"), CultureInfo.InvariantCulture),
            Body = [],
        };
        var record = new DeliveryRecord(
            int.Parse(Required("attempts"), CultureInfo.InvariantCulture),
            nextAttempt.Length == 0 ? null : DateTimeOffset.Parse(nextAttempt, CultureInfo.InvariantCulture),
            lastError.Length == 0 ? null : lastError);
        return (e, record);
    }
}
