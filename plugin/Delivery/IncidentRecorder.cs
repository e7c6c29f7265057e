using System.Text.Json;
using IlertNotify.Events;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Delivery;

/// <summary>
/// While the two-way sync is on: a PROBLEM iLert took (2xx) is remembered with what identifies its alert (the
/// <c>incidentKey</c> a Checkmk alert source answers with; else source, host, service and time), a RECOVERY iLert took
/// (also "nothing open to resolve") forgets it.
/// </summary>
internal static class IncidentRecorder
{
    /// <param name="result">An answer the flush counts as delivered.</param>
    public static void Record(IncidentMemory incidents, IlertEvent e, DeliveryResult result, DateTimeOffset now, ILogger log)
    {
        var accepted = result.Status is { } status && (int)status is >= 200 and < 300;
        switch (e.NotificationType)
        {
            case "PROBLEM" when accepted:
                incidents.Remember(new RememberedIncident(e.Incident, e.Source, e.Url.GetLeftPart(UriPartial.Authority), now, IncidentKeyIn(result.Detail)));
                break;
            case "RECOVERY":
                if (incidents.Forget(e.Incident, e.Source))
                {
                    log.Debug("Recovery of {Incident}: no longer watched for an accept in iLert", e.Incident);
                }
                break;
        }
    }

    /// <summary>The <c>incidentKey</c> of a JSON answer (Checkmk alert sources; Checkmk's built-in script reads it too), else null.</summary>
    public static string? IncidentKeyIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("incidentKey", out var key) && key.ValueKind == JsonValueKind.String
                && key.GetString() is { Length: > 0 } text
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
