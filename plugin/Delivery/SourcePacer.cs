using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>
/// The request budget of one alert source: the times of the requests in the last window (a sliding log, so no
/// window of any alignment ever sees more than the budget), and a pause after iLert answered 429.
/// </summary>
internal sealed class SourcePacer(RateBudget budget)
{
    // iLert counts a request when it arrives, we when we send it: a little slack keeps the two views apart. It is
    // small on purpose: cron comes every 60 s, and every bit beyond the window delays each later window of a storm.
    private const double WindowSlack = 1.005;
    private static readonly TimeSpan MinimumSlack = TimeSpan.FromMilliseconds(250);

    private readonly Lock gate = new();
    // Oldest first; never longer than the budget.
    private readonly List<DateTimeOffset> sent = [];

    public RateBudget Budget { get; set; } = budget;

    public DateTimeOffset BlockedUntil { get; private set; } = DateTimeOffset.MinValue;

    public TimeSpan Window => (Budget.Window * WindowSlack) + MinimumSlack;

    /// <summary>Takes a request slot now, or says when the next one frees (the pause included).</summary>
    /// <returns>Null when the slot was taken; else the earliest moment worth asking again.</returns>
    public DateTimeOffset? TryTake(DateTimeOffset now)
    {
        lock (gate)
        {
            if (BlockedUntil > now)
            {
                return BlockedUntil;
            }
            Forget(now);
            if (sent.Count >= Budget.Requests)
            {
                return sent[0] + Window;
            }
            sent.Add(now);
            return null;
        }
    }

    /// <summary>A request that never reached iLert (refused, DNS) does not count against its budget.</summary>
    public void GiveBack(DateTimeOffset time)
    {
        lock (gate)
        {
            sent.Remove(time);
        }
    }

    /// <summary>iLert said 429: nothing more for this source until then.</summary>
    public void Block(DateTimeOffset until)
    {
        lock (gate)
        {
            if (until > BlockedUntil)
            {
                BlockedUntil = until;
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> SentWithinWindow(DateTimeOffset now)
    {
        lock (gate)
        {
            Forget(now);
            return sent.ToArray();
        }
    }

    /// <summary>
    /// Restores what an earlier run recorded. After the clock stepped back, times in the future count as now, and a
    /// pause that reaches further than <paramref name="longestPause"/> from now was written under a clock that ran
    /// ahead: it is dropped (at most one 429 pauses the source again), not waited for.
    /// </summary>
    public void Restore(IEnumerable<DateTimeOffset> times, DateTimeOffset blockedUntil, DateTimeOffset now, TimeSpan longestPause)
    {
        lock (gate)
        {
            sent.AddRange(times.Select(time => time > now ? now : time).Order());
            Forget(now);
            BlockedUntil = blockedUntil > now + longestPause ? DateTimeOffset.MinValue : blockedUntil;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        sent.RemoveAll(time => time + Window <= now);
        if (sent.Count > Budget.Requests)
        {
            sent.RemoveRange(0, sent.Count - Budget.Requests);
        }
    }
}
