using System.Net;

namespace IlertNotify.Delivery;

/// <param name="Status">The HTTP status, or null when no response arrived.</param>
/// <param name="Detail">The response body or the error, for the log and <c>failed/</c>.</param>
/// <param name="RetryAfter">What the server asked for with <c>Retry-After</c>.</param>
/// <param name="EndpointUnavailable">No answer at all (refused, DNS, TLS, timeout): skip the endpoint for the rest of this run.</param>
internal sealed record DeliveryResult(DeliveryOutcome Outcome, HttpStatusCode? Status, string Detail, TimeSpan? RetryAfter, bool EndpointUnavailable)
{
    public static readonly DeliveryResult Paced = new(DeliveryOutcome.Paced, null, "waiting for the alert source's request budget", null, EndpointUnavailable: false);

    public bool Throttled => Status == HttpStatusCode.TooManyRequests;

    public string Describe() => Status is { } status ? $"HTTP {(int)status} {Detail}".TrimEnd() : Detail;
}
