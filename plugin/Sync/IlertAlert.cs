namespace IlertNotify.Sync;

/// <summary>
/// What the sync reads of one alert of iLert's <c>GET /api/alerts</c> (schema <c>Alert</c> of iLert's OpenAPI description).
/// </summary>
/// <param name="Id">The alert's id: its link, and what iLert says identifies it.</param>
/// <param name="Status">PENDING, ACCEPTED or RESOLVED.</param>
/// <param name="AlertKey">Groups events into this alert (a Checkmk alert source answers an event with it as <c>incidentKey</c>).</param>
/// <param name="SourceId">The alert source's id: what <c>sources=</c> filters by.</param>
/// <param name="SourceKey">The alert source's integration key: how the sync knows the alert came from one of its events.</param>
/// <param name="AcceptedBy">The responder who accepted it, as iLert names them; null when none is named.</param>
/// <param name="MergedIntoId">Set when iLert merged this alert into another.</param>
internal sealed record IlertAlert(long Id, string Status, string? AlertKey, string Summary, long? SourceId, string? SourceKey, DateTimeOffset? ReportTime, string? AcceptedBy, long? MergedIntoId);
