using IlertNotify.Events;
using IlertNotify.Logging;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Delivery;

/// <summary>
/// Sends the spool, oldest first. The caller holds the spool lock. Events of one incident go strictly in order:
/// once one of them stays queued, every later one of that incident waits too. Each alert source (endpoint + key)
/// has its own lane, paced to iLert's throttle; lanes go in parallel. Within a lane one request is in flight at a
/// time: iLert's budget (50 a minute) needs no more, and when iLert counts more than we know of (another site on
/// the same key), the first 429 stops the lane instead of a volley of parallel requests all getting one.
/// The flush stops as soon as its lock file is gone, since another flush may then be sending the same files.
/// </summary>
internal sealed class QueueDelivery(SpoolDirectory spool, EventSender sender, DeliveryState state, FlushPolicy policy, DeliveryOptions options, ILogger log, SecretMasker masker, TimeProvider clock, IncidentMemory? incidents = null)
{
    // Events saved while a flush runs are picked up by another pass; the bound keeps a busy site from starving it.
    private const int MaxPasses = 5;

    private readonly FlushOutcomes outcomes = new(spool, state, options, log, masker, clock, incidents);
    private int lockLost;

    public async Task<FlushSummary> DeliverAsync(SpoolLock held, CancellationToken budget)
    {
        var summary = new FlushSummary();
        var removed = spool.RemoveStaleTempFiles(options.StaleTempAge, clock.GetUtcNow());
        if (removed > 0)
        {
            log.Warning("Removed {Count} unfinished spool file(s) older than {Age} left by crashed writers", removed, options.StaleTempAge);
        }
        outcomes.RetireSetAside(summary);

        // Each pass picks up what was saved while the last one ran: a new event's name sorts after every name there was
        // (its sequence is above all queued and failed ones), so the last name seen is all a pass needs to remember.
        // Two saves numbered 7 and 8 that land in the other order, around a listing, leave 7 to the next flush.
        string? lastSeen = null;
        var run = new FlushRunState();
        for (var pass = 0; pass < MaxPasses && !budget.IsCancellationRequested && StillLocked(held); pass++)
        {
            IReadOnlyList<string> names;
            try
            {
                names = spool.EventNames();
            }
            catch (DirectoryNotFoundException)
            {
                log.Warning("Spool {Spool} was removed during the flush; nothing left to send", spool.Path);
                break;
            }
            var first = lastSeen is null ? 0 : FirstAfter(names, lastSeen);
            if (first == names.Count)
            {
                break;
            }
            lastSeen = names[^1];
            var lanes = Lanes(names, first);
            await Task.WhenAll(lanes.Select(lane => Task.Run(() => SendLaneAsync(lane.Key, lane.Value, held, run, summary, budget)))).ConfigureAwait(false);
        }
        return summary;
    }


    /// <summary>
    /// Lanes from the names alone: a backlog of 100,000 costs a listing, not 100,000 reads; the source's text is made once
    /// per lane, not per name (names of earlier versions carry no source: they share one lane and are read one by one).
    /// </summary>
    private static Dictionary<string, List<string>> Lanes(IReadOnlyList<string> names, int first)
    {
        var lanes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var bySource = lanes.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = first; i < names.Count; i++)
        {
            var source = SpoolFileName.SourceSpanOf(names[i]);
            if (!bySource.TryGetValue(source, out var lane))
            {
                lane = [];
                bySource[source] = lane;
            }
            lane.Add(names[i]);
        }
        return lanes;
    }

    private static int FirstAfter(IReadOnlyList<string> sorted, string name)
    {
        var (low, high) = (0, sorted.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = string.CompareOrdinal(sorted[middle], name) <= 0 ? (middle + 1, high) : (low, middle);
        }
        return low;
    }

    private bool StillLocked(SpoolLock held)
    {
        if (held.IsInPlace)
        {
            return true;
        }
        if (Interlocked.Exchange(ref lockLost, 1) == 0)
        {
            log.Warning("Lock file {Lock} was removed while this flush held it: stopping, so that no second flush sends the same events; the rest waits for the next run", spool.LockPath);
        }
        return false;
    }

    private async Task SendLaneAsync(string source, IReadOnlyList<string> lane, SpoolLock held, FlushRunState run, FlushSummary summary, CancellationToken budget)
    {
        // One budget for the whole lane: the command line's, else the one the newest event was saved with (the rule's
        // current setting), so that a rule change does not make the pace switch back and forth.
        var newest = lane.Reverse().Select(spool.PathOf).Select(outcomes.ReadOne(summary, quiet: true)).FirstOrDefault(entry => entry is not null);
        var laneBudget = policy.RateBudget ?? newest?.Event.RateBudget;
        var exhausted = false;
        for (var i = 0; i < lane.Count; i++)
        {
            if (exhausted && source.Length > 0)
            {
                run.Exhaust(source);
            }
            if (run.IsExhausted(source) || budget.IsCancellationRequested || !StillLocked(held))
            {
                // Nothing more can go from this lane in this run: the rest waits unread, in its order.
                summary.CountKept(lane.Count - i);
                return;
            }
            if (outcomes.ReadOne(summary)(spool.PathOf(lane[i])) is not { } entry)
            {
                continue;
            }
            var e = entry.Event;
            var incident = e.Incident;
            var pacer = state.Pacer(e.Source, laneBudget ?? e.RateBudget);
            if (run.IsUnavailable(Endpoint(e)) || LeftToCron(e, pacer, run) || pacer.BlockedUntil > policy.Deadline)
            {
                // The source cannot take a request before the deadline (or its endpoint did not answer): so for every event of a named lane.
                exhausted = true;
                Keep(incident, run, summary);
                continue;
            }
            if (run.IsBlocked(incident) || !RetrySchedule.IsDue(entry.Record.NextAttempt, clock.GetUtcNow(), options))
            {
                Keep(incident, run, summary);
                continue;
            }
            try
            {
                var sent = SpoolDirectory.Read(entry.Path);
                masker.Add(sent.Event.ApiKey());
                var result = await sender.SendAsync(sent.Event, new SlotGate(pacer, policy.Deadline, clock), budget).ConfigureAwait(false);
                if (!outcomes.Record(sent, result, pacer, run, summary))
                {
                    Keep(incident, run, summary);
                    exhausted = result.Outcome == DeliveryOutcome.Paced || result.EndpointUnavailable;
                }
            }
            catch (FileNotFoundException)
            {
                // Taken by another flush after the lock file was removed: nothing left to send here.
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                Keep(incident, run, summary);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or SpoolException or FormatException)
            {
                log.Error("Spool file {File}: {Error}; it stays queued", entry.Name, failure.Message);
                Keep(incident, run, summary);
            }
        }
    }

    /// <summary>A save does not wait on an endpoint that did not answer lately, nor on a paused source: cron sends those.</summary>
    private bool LeftToCron(IlertEvent e, SourcePacer pacer, FlushRunState run)
    {
        if (!policy.AvoidTroubledEndpoints)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (state.Trouble(Endpoint(e), now) is { } trouble)
        {
            if (run.FirstTime("trouble " + Endpoint(e)))
            {
                log.Information("{Endpoint} did not answer at the last attempt ({Reason}): events for it wait for the cron job, this save does not", Endpoint(e), trouble.Reason);
            }
            return true;
        }
        if (pacer.BlockedUntil > now)
        {
            if (run.FirstTime("paused " + e.Source))
            {
                log.Information("iLert throttles this alert source until {Until:u}: its events wait for the cron job", pacer.BlockedUntil);
            }
            return true;
        }
        return false;
    }

    private static string Endpoint(IlertEvent e) => e.Url.GetLeftPart(UriPartial.Authority);

    private static void Keep(string incident, FlushRunState run, FlushSummary summary)
    {
        run.Block(incident);
        summary.CountKept();
    }
}
