using System.Globalization;
using System.Text.Json;

namespace IlertNotify.Sync;

/// <summary>
/// Reads a page of <c>GET /api/alerts</c> with <see cref="JsonDocument"/> (no reflection: NativeAOT). An answer that is
/// not a JSON array is malformed; an element lacking what the sync needs (an id) is skipped, the others are used.
/// </summary>
internal static class AlertsJson
{
    /// <returns>Null when the answer is not a JSON array of objects.</returns>
    public static List<IlertAlert>? Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var alerts = new List<IlertAlert>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object && Number(element, "id") is { } id)
                {
                    var source = Object(element, "alertSource");
                    alerts.Add(new IlertAlert(
                        id,
                        Text(element, "status") ?? "",
                        Text(element, "alertKey"),
                        Text(element, "summary") ?? "",
                        source is { } s ? Number(s, "id") : null,
                        source is { } k ? Text(k, "integrationKey") : null,
                        Time(Text(element, "reportTime")),
                        AcceptedBy(element),
                        Number(element, "mergedIntoId")));
                }
            }
            return alerts;
        }
    }

    /// <summary>The first responder whose status is ACCEPTED, by first and last name (else their user id).</summary>
    private static string? AcceptedBy(JsonElement alert)
    {
        if (!alert.TryGetProperty("responders", out var responders) || responders.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var responder in responders.EnumerateArray())
        {
            if (responder.ValueKind == JsonValueKind.Object && Text(responder, "status") == "ACCEPTED" && Object(responder, "user") is { } user)
            {
                var name = $"{Text(user, "firstName")} {Text(user, "lastName")}".Trim();
                return name.Length > 0 ? name : Number(user, "id")?.ToString(CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
