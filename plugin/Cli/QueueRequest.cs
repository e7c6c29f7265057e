namespace IlertNotify.Cli;

/// <summary><c>queue list|retry|purge</c> and which events it touches.</summary>
/// <param name="Action">What to do.</param>
/// <param name="All">Every event (retry: every failed one; purge: every queued one).</param>
/// <param name="Incident">Only the events of this incident (<c>host</c> or <c>host/service</c>).</param>
/// <param name="OlderThanSeconds">Only events saved at least this long ago.</param>
/// <param name="Failed">purge: the failed events instead of the queued ones.</param>
/// <param name="KeyFromStdin">retarget: the new API key is the first line of stdin (never an argument).</param>
/// <param name="FromRule">retarget: to the endpoint, proxy and key the site's iLert (spooled) rule holds today.</param>
/// <param name="Rule">retarget --from-rule: the rule to follow (its number or rule id), when the site has several.</param>
internal sealed record QueueRequest(QueueAction Action = QueueAction.List, bool All = false, string? Incident = null, int? OlderThanSeconds = null, bool Failed = false, bool KeyFromStdin = false, bool FromRule = false, string? Rule = null)
{
    /// <summary>retry and purge change files: they need a selection said out loud (they run from scripts, without a prompt).</summary>
    public bool HasSelection => All || Incident is not null || OlderThanSeconds is not null;
}

internal enum QueueAction
{
    List,
    Retry,
    Purge,
    Retarget,
}
