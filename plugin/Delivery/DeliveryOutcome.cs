namespace IlertNotify.Delivery;

internal enum DeliveryOutcome
{
    /// <summary>iLert accepted the event: remove it from the spool.</summary>
    Delivered,

    /// <summary>Keep it and try again later (429, 5xx, 408, network, TLS, timeout).</summary>
    RetryLater,

    /// <summary>iLert rejected it for good (other 4xx): move it to <c>failed/</c> with the response.</summary>
    Rejected,

    /// <summary>Not sent: its alert source has no request left in this run. Not an attempt, no backoff.</summary>
    Paced,
}
