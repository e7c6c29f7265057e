using System.Globalization;
using System.Text;
using IlertNotify.Platform;

namespace IlertNotify.Spool;

/// <summary>
/// <c>spool/.incidents</c>: the open problems iLert took while the site has the two-way sync on, and the alert source ids
/// learned from iLert's answers. Bounded: at most <see cref="MaxIncidents"/> (the oldest go first), none older than
/// <see cref="MaxAge"/>; a RECOVERY drops its incident. Written atomically; a lost or damaged file costs at most the
/// acknowledgement of problems open at the time, never an event.
/// </summary>
internal sealed class IncidentMemory
{
    public const int MaxIncidents = 10_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    private const string Magic = "ilert-notify-incidents 1";
    private readonly List<RememberedIncident> incidents = [];
    private readonly Dictionary<string, long> sourceIds = new(StringComparer.Ordinal);

    public IReadOnlyList<RememberedIncident> Open => incidents;

    /// <summary>Alert source (as <see cref="RememberedIncident.Source"/>) to iLert's id of it, learned from accepted alerts.</summary>
    public IReadOnlyDictionary<string, long> SourceIds => sourceIds;

    /// <summary>Something changed since the load: <see cref="Save"/> has work to do.</summary>
    public bool Changed { get; private set; }

    public static IncidentMemory Load(string path, DateTimeOffset now)
    {
        var memory = new IncidentMemory();
        foreach (var line in StateFileLines.After(path, Magic))
        {
            try
            {
                memory.Apply(line.Split('\t'));
            }
            catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
            {
                // One damaged line loses only what it said.
            }
        }
        memory.Trim(now);
        memory.Changed = false;
        return memory;
    }

    /// <summary>A PROBLEM iLert took: a newer one of the same incident and source replaces the older.</summary>
    public void Remember(RememberedIncident incident)
    {
        incidents.RemoveAll(known => Same(known, incident.Incident, incident.Source));
        incidents.Add(incident);
        Changed = true;
    }

    /// <summary>A RECOVERY iLert took: the incident is over.</summary>
    public bool Forget(string incident, string source)
    {
        var removed = incidents.RemoveAll(known => Same(known, incident, source)) > 0;
        Changed |= removed;
        return removed;
    }

    public void MarkAcknowledged(RememberedIncident incident, long alertId)
    {
        var at = incidents.IndexOf(incident);
        if (at >= 0)
        {
            incidents[at] = incident with { AcknowledgedFor = alertId };
            Changed = true;
        }
    }

    public void LearnSourceId(string source, long id)
    {
        if (!sourceIds.TryGetValue(source, out var known) || known != id)
        {
            sourceIds[source] = id;
            Changed = true;
        }
    }

    /// <returns>What stood in the way of the file and was cleared (see <see cref="AtomicFile.Write"/>), else null.</returns>
    public string? Save(string path, DateTimeOffset now)
    {
        Trim(now);
        var text = new StringBuilder(Magic).Append('\n');
        foreach (var (source, id) in sourceIds.Where(pair => incidents.Any(incident => incident.Source == pair.Key)))
        {
            text.Append(CultureInfo.InvariantCulture, $"source\t{source}\t{id}\n");
        }
        foreach (var incident in incidents)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"incident\t{incident.Source}\t{incident.Opened.ToUnixTimeMilliseconds()}\t{incident.AcknowledgedFor ?? 0}\t{Escape(incident.Endpoint)}\t{(incident.AlertKey is { } key ? Escape(key) : "-")}\t{Escape(incident.Incident)}\n");
        }
        var repaired = AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
        Changed = false;
        return repaired;
    }

    private void Apply(string[] fields)
    {
        switch (fields[0])
        {
            case "source":
                sourceIds[fields[1]] = long.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture);
                break;
            case "incident":
                var acknowledged = long.Parse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture);
                // Save writes each incident once: no search per line (10,000 lines would cost 10^8 comparisons).
                incidents.Add(new RememberedIncident(
                    Unescape(fields[6]),
                    fields[1],
                    Unescape(fields[4]),
                    DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture)),
                    fields[5] == "-" ? null : Unescape(fields[5]),
                    acknowledged == 0 ? null : acknowledged));
                break;
        }
    }

    private void Trim(DateTimeOffset now)
    {
        var before = incidents.Count;
        incidents.RemoveAll(incident => now - incident.Opened > MaxAge);
        if (incidents.Count > MaxIncidents)
        {
            var oldest = incidents.OrderBy(incident => incident.Opened).Take(incidents.Count - MaxIncidents).ToHashSet();
            incidents.RemoveAll(oldest.Contains);
        }
        Changed |= incidents.Count != before;
    }

    private static bool Same(RememberedIncident known, string incident, string source) =>
        known.Source == source && string.Equals(known.Incident, incident, StringComparison.Ordinal);

    // Host and service names may hold tabs and line breaks in theory; escaped, a line stays a line.
    private static string Escape(string text) => Uri.EscapeDataString(text);

    private static string Unescape(string text) => Uri.UnescapeDataString(text);
}
