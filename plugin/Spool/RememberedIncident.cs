namespace IlertNotify.Spool;

/// <summary>
/// A problem iLert accepted as an event, remembered while the two-way sync is on, so that an alert accepted in iLert can
/// be found again: its incident (host, or host/service), its alert source, and what iLert answered that identifies it.
/// </summary>
/// <param name="Incident">Host, or host/service, as the event named it.</param>
/// <param name="Source">The alert source (endpoint + key) as <c>Events.AlertSourceId</c> names it.</param>
/// <param name="Endpoint">Scheme and authority the event went to: with an alert's integration key it gives the source id again.</param>
/// <param name="Opened">When iLert took the PROBLEM.</param>
/// <param name="AlertKey">The <c>incidentKey</c> iLert answered with (Checkmk alert sources), else null.</param>
/// <param name="AcknowledgedFor">The iLert alert the sync acknowledged it for; null while not acknowledged.</param>
internal sealed record RememberedIncident(string Incident, string Source, string Endpoint, DateTimeOffset Opened, string? AlertKey, long? AcknowledgedFor = null)
{
    /// <summary>The host: the incident up to its first '/' (host names have none; service names may).</summary>
    public string Host => Incident.Split('/', 2)[0];

    /// <summary>The service, or empty for a host problem.</summary>
    public string Service => Incident.Split('/', 2) is [_, var service] ? service : "";
}
