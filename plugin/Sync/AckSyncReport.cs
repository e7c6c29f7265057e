using System.Globalization;

namespace IlertNotify.Sync;

/// <summary>What one sync run did, for the log and <c>status</c>.</summary>
internal sealed record AckSyncReport
{
    /// <summary>Remembered problems not yet acknowledged by the sync: with none, the run asks iLert nothing.</summary>
    public int Open { get; init; }
    public int Requests { get; init; }
    public int Accepted { get; init; }
    public int Acknowledged { get; init; }

    /// <summary>Accepted in iLert, but OK, gone or acknowledged already in the core: left alone.</summary>
    public int Skipped { get; init; }

    public AlertsFailure? Failure { get; init; }

    /// <summary>Where the next run starts reading the accepted alerts (0: from the first page).</summary>
    public int NextStartIndex { get; init; }
    public string? Error { get; init; }

    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Open} open, {Requests} request(s) to iLert, {Accepted} matched accepted alert(s), {Acknowledged} acknowledged, {Skipped} left alone");
        return Error is { } error ? $"{text}; error: {error}" : text;
    }
}
