namespace IlertNotify.Delivery;

/// <summary>The last attempt got no answer from this endpoint (refused, TLS, timeout, hanging): saves leave it to cron until <paramref name="Until"/>.</summary>
internal sealed record EndpointTrouble(DateTimeOffset Until, string Reason);
