namespace IlertNotify.Sync;

/// <summary>Why iLert's alerts could not be read this run; each is handled differently by the sync run.</summary>
internal enum AlertsFailure
{
    /// <summary>401/403: the key is wrong or may not read these alerts. Logged at most once an hour.</summary>
    Unauthorized,

    /// <summary>429: iLert's limit for user keys; this run reads nothing more.</summary>
    Throttled,

    /// <summary>No answer (down, network, timeout) or a 5xx: the next run tries again.</summary>
    Unavailable,

    /// <summary>An answer that is not a list of alerts.</summary>
    Malformed,
}

/// <summary>What one run read: the accepted alerts (of every page it got), how many requests it made, and what failed.</summary>
internal sealed record AlertsAnswer(IReadOnlyList<IlertAlert> Alerts, int Requests, AlertsFailure? Failure = null, string? Detail = null)
{
    /// <summary>Where the next run starts reading: 0 once a run got to the last page.</summary>
    public int NextStartIndex { get; init; }
}
