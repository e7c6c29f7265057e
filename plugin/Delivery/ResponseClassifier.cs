using System.Net;
using System.Text.Json;

namespace IlertNotify.Delivery;

/// <summary>What an iLert response means for the spooled event (docs/DESIGN.md, "Responses"), read as a table.</summary>
internal static class ResponseClassifier
{
    /// <summary>iLert's error code for a resolve or accept when no alert is open for the key: nothing left to do.</summary>
    public const string NoneOpenForKey = "NONE_OPEN_FOR_KEY";

    // First match wins. JsonCode, when set, must equal the "code" field of the JSON error body.
    private static readonly (int From, int To, string? JsonCode, DeliveryOutcome Outcome)[] Table =
    [
        (200, 299, null, DeliveryOutcome.Delivered),
        (400, 400, NoneOpenForKey, DeliveryOutcome.Delivered),
        (408, 408, null, DeliveryOutcome.RetryLater),
        (429, 429, null, DeliveryOutcome.RetryLater),
        (400, 499, null, DeliveryOutcome.Rejected),
        (500, 599, null, DeliveryOutcome.RetryLater),
    ];

    /// <summary>Anything the table does not name (1xx, 3xx: a misconfigured endpoint) is kept and retried.</summary>
    public static DeliveryOutcome Classify(HttpStatusCode status, string? body = null)
    {
        var code = (int)status;
        string? jsonCode = null;
        foreach (var (from, to, wanted, outcome) in Table)
        {
            if (code < from || code > to)
            {
                continue;
            }
            if (wanted is null || wanted == (jsonCode ??= ErrorCode(body)))
            {
                return outcome;
            }
        }
        return DeliveryOutcome.RetryLater;
    }

    /// <summary>The <c>code</c> of iLert's JSON error body <c>{status, message, code}</c>, or empty.</summary>
    public static string ErrorCode(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString() ?? ""
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
