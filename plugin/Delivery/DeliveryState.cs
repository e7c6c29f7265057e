using System.Collections.Concurrent;
using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>
/// What every process sending from one spool must know of the others' requests: each alert source's request
/// budget, and which endpoints did not answer lately. Kept in the spool (<see cref="DeliveryStateFile"/>) and only
/// read and written under the spool lock.
/// </summary>
internal sealed class DeliveryState
{
    private readonly ConcurrentDictionary<string, SourcePacer> sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndpointTrouble> troubles = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SourcePacer> Sources => sources;
    public IReadOnlyDictionary<string, EndpointTrouble> Troubles => troubles;

    /// <summary>The pacer of a source, with the budget this flush uses for it.</summary>
    public SourcePacer Pacer(string source, RateBudget budget)
    {
        var pacer = sources.GetOrAdd(source, _ => new SourcePacer(budget));
        pacer.Budget = budget;
        return pacer;
    }

    public void AddPacer(string source, SourcePacer pacer) => sources[source] = pacer;

    public EndpointTrouble? Trouble(string endpoint, DateTimeOffset now) =>
        troubles.TryGetValue(endpoint, out var trouble) && trouble.Until > now ? trouble : null;

    public void MarkTrouble(string endpoint, EndpointTrouble trouble) => troubles[endpoint] = trouble;

    public void ClearTrouble(string endpoint) => troubles.TryRemove(endpoint, out _);
}
