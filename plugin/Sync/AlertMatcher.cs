using IlertNotify.Events;
using IlertNotify.Spool;

namespace IlertNotify.Sync;

/// <summary>
/// Pairs accepted iLert alerts with the problems this site sent: same alert source (the alert's integration key, hashed
/// as the spool names sources), then the <c>incidentKey</c> iLert answered with; where iLert answered none (Nagios XML),
/// the alert key or summary naming the host and service. Incidents the sync acknowledged already are left alone.
/// </summary>
internal static class AlertMatcher
{
    public static IReadOnlyList<(RememberedIncident Incident, IlertAlert Alert)> Match(IEnumerable<RememberedIncident> open, IReadOnlyList<IlertAlert> accepted)
    {
        var matches = new List<(RememberedIncident, IlertAlert)>();
        foreach (var incident in open.Where(incident => incident.AcknowledgedFor is null))
        {
            if (accepted.FirstOrDefault(alert => FromSource(incident, alert) && Identifies(incident, alert)) is { } found)
            {
                matches.Add((incident, found));
            }
        }
        return matches;
    }

    /// <summary>The alert came from the alert source the incident's events went to.</summary>
    public static bool FromSource(RememberedIncident incident, IlertAlert alert) =>
        alert.SourceKey is { Length: > 0 } key
        && Uri.TryCreate(incident.Endpoint, UriKind.Absolute, out var endpoint)
        && AlertSourceId.For(endpoint, key) == incident.Source;

    private static bool Identifies(RememberedIncident incident, IlertAlert alert)
    {
        if (incident.AlertKey is { } key)
        {
            return alert.AlertKey == key;
        }
        if (alert.AlertKey is { } alertKey && string.Equals(alertKey, incident.Incident, StringComparison.Ordinal))
        {
            return true;
        }
        return Names(alert.Summary, incident.Host) && (incident.Service.Length == 0 ? !NamesAService(alert.Summary, incident.Host) : Names(alert.Summary, incident.Service));
    }

    /// <summary>The summary holds the name as a word of its own (web01 is not named by "web010").</summary>
    private static bool Names(string summary, string name)
    {
        for (var at = summary.IndexOf(name, StringComparison.Ordinal); at >= 0; at = summary.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !IsNameCharacter(summary[at - 1]);
            var end = at + name.Length;
            var after = end == summary.Length || !IsNameCharacter(summary[end]);
            if (before && after)
            {
                return true;
            }
        }
        return false;
    }

    // A host problem's alert must not be taken for one of the host's services ("web01/HTTP is CRITICAL").
    private static bool NamesAService(string summary, string host) => summary.Contains(host + "/", StringComparison.Ordinal);

    private static bool IsNameCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.';
}
