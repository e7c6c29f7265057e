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
    public static IReadOnlyList<(RememberedIncident Incident, IlertAlert Alert)> Match(IReadOnlyList<RememberedIncident> open, IReadOnlyList<IlertAlert> accepted)
    {
        var bySource = BySource(open, accepted);
        var matches = new List<(RememberedIncident, IlertAlert)>();
        foreach (var incident in open.Where(incident => incident.AcknowledgedFor is null))
        {
            if (bySource.TryGetValue(incident.Source, out var alerts) && alerts.FirstOrDefault(alert => Identifies(incident, alert)) is { } found)
            {
                matches.Add((incident, found));
            }
        }
        return matches;
    }

    /// <summary>
    /// The alerts by the alert source they came from, named as the spool names sources (endpoint + integration key): one
    /// hash per endpoint and key, not per incident and alert (1,000 open problems and 200 alerts stay cheap).
    /// </summary>
    public static Dictionary<string, List<IlertAlert>> BySource(IReadOnlyList<RememberedIncident> open, IReadOnlyList<IlertAlert> accepted)
    {
        var endpoints = open.Select(incident => incident.Endpoint).Distinct(StringComparer.Ordinal)
            .Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>().ToList();
        var bySource = new Dictionary<string, List<IlertAlert>>(StringComparer.Ordinal);
        foreach (var group in accepted.Where(alert => alert.SourceKey is { Length: > 0 }).GroupBy(alert => alert.SourceKey!, StringComparer.Ordinal))
        {
            foreach (var endpoint in endpoints)
            {
                var source = AlertSourceId.For(endpoint, group.Key);
                if (!bySource.TryGetValue(source, out var list))
                {
                    bySource[source] = list = [];
                }
                list.AddRange(group);
            }
        }
        return bySource;
    }

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
