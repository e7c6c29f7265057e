using System.Net;

namespace IlertNotify.Delivery;

/// <summary>What an iLert response means for the spooled event (DESIGN.md, "Responses"), read as a table.</summary>
internal static class ResponseClassifier
{
    private static readonly (int From, int To, DeliveryOutcome Outcome)[] Table =
    [
        (200, 299, DeliveryOutcome.Delivered),
        (408, 408, DeliveryOutcome.RetryLater),
        (429, 429, DeliveryOutcome.RetryLater),
        (400, 499, DeliveryOutcome.Rejected),
        (500, 599, DeliveryOutcome.RetryLater),
    ];

    /// <summary>Anything the table does not name (1xx, 3xx: a misconfigured endpoint) is kept and retried.</summary>
    public static DeliveryOutcome Classify(HttpStatusCode status)
    {
        foreach (var (from, to, outcome) in Table)
        {
            if ((int)status >= from && (int)status <= to)
            {
                return outcome;
            }
        }
        return DeliveryOutcome.RetryLater;
    }
}
