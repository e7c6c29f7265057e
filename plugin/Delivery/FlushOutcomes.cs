using IlertNotify.Logging;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Delivery;

/// <summary>What a flush does with each answer: delete, move to <c>failed/</c>, reschedule, pause a source, or mark an endpoint.</summary>
internal sealed class FlushOutcomes(SpoolDirectory spool, DeliveryState state, DeliveryOptions options, ILogger log, SecretMasker masker, TimeProvider clock, IncidentMemory? incidents = null)
{
    /// <summary>
    /// Reads an event's header when the flush reaches it; an unusable file is moved aside or skipped, never fatal.
    /// With <paramref name="quiet"/> (a look ahead) a bad file is left for the read that handles it.
    /// </summary>
    public Func<string, SpoolEntry?> ReadOne(FlushSummary summary, bool quiet = false) => file =>
    {
        try
        {
            return SpoolDirectory.ReadHeader(file);
        }
        catch (FileNotFoundException)
        {
            // Gone since the listing (another flush after the lock file was removed): nothing to do.
        }
        catch (FormatException e) when (!quiet)
        {
            MoveToFailed(file, $"unreadable spool file: {e.Message}", summary);
            log.Error("Unreadable spool file {File}: {Reason}", Path.GetFileName(file), e.Message);
        }
        catch (Exception e) when (!quiet && e is UnauthorizedAccessException or IOException)
        {
            // Typically written by root: skip it, send the rest. It stays until its owner is fixed.
            summary.CountKept();
            log.Error("Cannot read spool file {File} ({Error}); skipped, the other events are sent. Fix: chown it to the site user", Path.GetFileName(file), e.Message);
        }
        catch (Exception e) when (quiet && e is FormatException or UnauthorizedAccessException or IOException)
        {
            // The lane's own pass reports it.
        }
        return null;
    };

    /// <returns>True when the event left the queue (delivered or moved to <c>failed/</c>).</returns>
    public bool Record(SpoolEntry entry, DeliveryResult result, SourcePacer pacer, FlushRunState run, FlushSummary summary)
    {
        var e = entry.Event;
        var endpoint = e.Url.GetLeftPart(UriPartial.Authority);
        var now = clock.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                SpoolDirectory.Remove(entry.Path);
                state.ClearTrouble(endpoint);
                summary.CountDelivered();
                if (result.Status is System.Net.HttpStatusCode.BadRequest)
                {
                    log.Information("iLert had no open alert for {Type} of {Incident} to act on ({Code}): nothing left to do, counted as delivered", e.NotificationType, e.Incident, ResponseClassifier.NoneOpenForKey);
                }
                else
                {
                    log.Debug("Delivered {Type} for {Incident} ({Status}): {Answer}", e.NotificationType, e.Incident, (int?)result.Status, result.Detail);
                }
                if (incidents is not null)
                {
                    IncidentRecorder.Record(incidents, e, result, now, log);
                }
                return true;
            case DeliveryOutcome.Rejected:
                state.ClearTrouble(endpoint);
                log.Error("iLert rejected {Type} for {Incident}: {Reason}", e.NotificationType, e.Incident, result.Describe());
                MoveToFailed(entry.Path, masker.Apply(FailureReason(entry, result, now)), summary);
                return true;
            case DeliveryOutcome.Paced:
                summary.CountPaced();
                return false;
        }

        DateTimeOffset? next;
        if (result.Throttled)
        {
            var wait = result.RetryAfter is { } asked ? Max(Min(asked, options.MaxRetryAfter), options.MinThrottlePause) : pacer.Budget.Window;
            next = now + wait;
            pacer.Block(next.Value);
            if (run.FirstTime("throttled " + e.Source))
            {
                log.Warning("iLert throttles the alert source of {Incident} (HTTP 429): no request for it until {Until:u}; its events wait, other sources go on", e.Incident, next.Value);
            }
        }
        else
        {
            next = RetrySchedule.NextAttempt(result, entry.Record.Attempts + 1, now, options);
        }
        if (result.EndpointUnavailable)
        {
            run.MarkUnavailable(endpoint);
            state.MarkTrouble(endpoint, new EndpointTrouble(now + options.TroubleMemory, result.Detail));
        }
        if (spool.Update(entry, new DeliveryRecord(entry.Record.Attempts + 1, next, result.Describe())) is { } unsynced)
        {
            log.Warning("Retry time of {File} stored, not yet durable: {Warning}", Path.GetFileName(entry.Path), unsynced);
        }
        log.Warning("{Type} for {Incident} stays queued (attempt {Attempt}{Next}): {Reason}", e.NotificationType, e.Incident, entry.Record.Attempts + 1, next is { } at ? $", next not before {at:u}" : "", result.Describe());
        return false;
    }

    /// <summary>Events iLert rejected while <c>failed/</c> could not be written: moved there now, if it can be.</summary>
    public void RetireSetAside(FlushSummary summary)
    {
        foreach (var file in spool.SetAsideFiles())
        {
            MoveToFailed(file, "iLert rejected this event (see the log of that run); the disk was full then, so its answer was not kept", summary);
        }
    }

    private void MoveToFailed(string file, string reason, FlushSummary summary)
    {
        try
        {
            var unsynced = spool.MoveToFailed(file, reason);
            summary.CountFailed();
            log.Error("Moved {File} to {Failed}", Path.GetFileName(file), spool.FailedPath);
            if (unsynced is not null)
            {
                log.Warning("The move of {File} is not yet durable: {Warning}", Path.GetFileName(file), unsynced);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpoolException)
        {
            // Not sent again either way: a .rejected file is no longer an event, and the next flush retries the move.
            var aside = spool.TrySetAside(file);
            log.Error("Cannot move {File} to {Failed} ({Error}); {Aside}", Path.GetFileName(file), spool.FailedPath, e.Message,
                aside ? "set aside as .rejected until failed/ can be written: it is not sent again" : "it stays in the spool");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string FailureReason(SpoolEntry entry, DeliveryResult result, DateTimeOffset now) => $"""
        rejected-at: {now:O}
        status: {(int?)result.Status}
        url: {entry.Event.Url.AbsoluteUri}
        type: {entry.Event.NotificationType}
        incident: {entry.Event.Incident}
        attempts: {entry.Record.Attempts + 1}
        response:
        {result.Detail}
        """;
}
