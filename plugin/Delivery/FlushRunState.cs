using System.Collections.Concurrent;

namespace IlertNotify.Delivery;

/// <summary>What one run has learned: incidents that must wait, endpoints that did not answer, what was said once.</summary>
internal sealed class FlushRunState
{
    private readonly ConcurrentDictionary<string, byte> blockedIncidents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> unavailableEndpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> told = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> exhaustedSources = new(StringComparer.Ordinal);

    /// <summary>
    /// A source that can send nothing more before the deadline: the rest of its queue stays unread, so its incidents
    /// are not known to be blocked, and a later pass must not send an event saved meanwhile ahead of them.
    /// </summary>
    public bool IsExhausted(string source) => exhaustedSources.ContainsKey(source);
    public void Exhaust(string source) => exhaustedSources.TryAdd(source, 0);

    public bool IsBlocked(string incident) => blockedIncidents.ContainsKey(incident);
    public void Block(string incident) => blockedIncidents.TryAdd(incident, 0);
    public bool IsUnavailable(string endpoint) => unavailableEndpoints.ContainsKey(endpoint);
    public void MarkUnavailable(string endpoint) => unavailableEndpoints.TryAdd(endpoint, 0);

    /// <summary>True the first time a message key is seen: one log line per endpoint or source, not per event.</summary>
    public bool FirstTime(string message) => told.TryAdd(message, 0);
}
