namespace IlertNotify.Checkmk;

/// <summary>A host or service as the core sees it now.</summary>
/// <param name="State">0 OK/UP; anything else is a problem (services 1-3, hosts 1-2).</param>
/// <param name="Acknowledged">Someone acknowledged the problem already.</param>
internal sealed record MonitoredObject(int State, bool Acknowledged)
{
    public bool NeedsAcknowledgement => State != 0 && !Acknowledged;
}
