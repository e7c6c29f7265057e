namespace IlertNotify.Spool;

/// <summary>What happened to a spooled event so far: kept in its file beside the event, which it does not change.</summary>
/// <param name="Attempts">Requests that got an answer or failed; waiting for the request budget is not one.</param>
/// <param name="NextAttempt">Not sent before this moment (iLert asked us to slow down, or failed on its side).</param>
/// <param name="LastError">Why the last attempt did not deliver it, for <c>status</c> and humans.</param>
internal sealed record DeliveryRecord(int Attempts = 0, DateTimeOffset? NextAttempt = null, string? LastError = null)
{
    public static readonly DeliveryRecord New = new();
}
