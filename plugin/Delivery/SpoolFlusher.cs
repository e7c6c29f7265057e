using System.Collections.Concurrent;
using IlertNotify.Events;
using IlertNotify.Logging;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Delivery;

/// <summary>
/// Sends the spool, oldest first. The caller holds the spool lock. Events of one incident go strictly in order:
/// once one of them stays queued, every later one of that incident waits too. Incidents go in parallel.
/// The flush stops as soon as its lock file is gone, since another flush may then be sending the same files.
/// </summary>
internal sealed class SpoolFlusher(SpoolDirectory spool, EventSender sender, DeliveryOptions options, ILogger log, SecretMasker masker, TimeProvider clock)
{
    // Events saved while a flush runs are picked up by another pass; the bound keeps a busy site from starving it.
    private const int MaxPasses = 5;

    private int lockLost;

    public async Task<FlushSummary> FlushAsync(SpoolLock held, CancellationToken budget)
    {
        var summary = new FlushSummary();
        var removed = spool.RemoveStaleTempFiles(options.StaleTempAge, clock.GetUtcNow());
        if (removed > 0)
        {
            log.Warning("Removed {Count} unfinished spool file(s) older than {Age} left by crashed writers", removed, options.StaleTempAge);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var run = new RunState();
        for (var pass = 0; pass < MaxPasses && !budget.IsCancellationRequested && StillLocked(held); pass++)
        {
            List<string> files;
            try
            {
                files = spool.EventFiles().Where(seen.Add).ToList();
            }
            catch (DirectoryNotFoundException)
            {
                log.Warning("Spool {Spool} was removed during the flush; nothing left to send", spool.Path);
                break;
            }
            if (files.Count == 0)
            {
                break;
            }
            var incidents = ReadAll(files, summary).GroupBy(entry => entry.Event.Incident, StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                incidents,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelIncidents },
                async (incident, _) => await SendInOrderAsync(incident, held, run, summary, budget).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return summary;
    }

    private List<SpoolEntry> ReadAll(IEnumerable<string> files, FlushSummary summary)
    {
        var entries = new List<SpoolEntry>();
        foreach (var file in files)
        {
            try
            {
                entries.Add(SpoolDirectory.ReadHeader(file));
            }
            catch (FileNotFoundException)
            {
                // Gone since the listing (another flush after the lock file was removed): nothing to do.
            }
            catch (FormatException e)
            {
                spool.MoveToFailed(file, $"unreadable spool file: {e.Message}");
                summary.CountFailed();
                log.Error("Moved unreadable spool file {File} to {Failed}: {Reason}", Path.GetFileName(file), spool.FailedPath, e.Message);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Typically written by root: skip it, send the rest. It stays until its owner is fixed.
                summary.CountKept();
                log.Error("Cannot read spool file {File} ({Error}); skipped, the other events are sent. Fix: chown it to the site user", Path.GetFileName(file), e.Message);
            }
        }
        return entries;
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

    private async Task SendInOrderAsync(IGrouping<string, SpoolEntry> incident, SpoolLock held, RunState run, FlushSummary summary, CancellationToken budget)
    {
        foreach (var entry in incident)
        {
            var e = entry.Event;
            if (run.IsBlocked(incident.Key) || run.IsUnavailable(e.Url) || budget.IsCancellationRequested || e.NextAttempt > clock.GetUtcNow() || !StillLocked(held))
            {
                Keep(incident.Key, run, summary);
                continue;
            }
            try
            {
                await SendOneAsync(entry, run, summary, budget).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                // Taken by another flush after the lock file was removed: nothing left to send here.
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                Keep(incident.Key, run, summary);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or SpoolException)
            {
                log.Error("Spool file {File}: {Error}; it stays queued", entry.Name, failure.Message);
                Keep(incident.Key, run, summary);
            }
        }
    }

    private async Task SendOneAsync(SpoolEntry planned, RunState run, FlushSummary summary, CancellationToken budget)
    {
        // The body is read only now, so a flush holds at most one body per incident sent in parallel.
        var entry = SpoolDirectory.Read(planned.Path);
        var e = entry.Event;
        masker.Add(EventXml.ReadApiKey(e.Body));
        var result = await sender.SendAsync(e, budget).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                SpoolDirectory.Remove(entry.Path);
                summary.CountDelivered();
                log.Debug("Delivered {Type} for {Incident} ({Status})", e.NotificationType, e.Incident, (int?)result.Status);
                break;
            case DeliveryOutcome.Rejected:
                spool.MoveToFailed(entry.Path, masker.Apply(FailureReason(e, result)));
                summary.CountFailed();
                log.Error("iLert rejected {Type} for {Incident}: {Reason}; moved to {Failed}/{File}", e.NotificationType, e.Incident, result.Describe(), spool.FailedPath, Path.GetFileName(entry.Path));
                break;
            default:
                var next = RetrySchedule.NextAttempt(result, e.Attempts + 1, clock.GetUtcNow(), options);
                spool.Update(entry, e with { Attempts = e.Attempts + 1, NextAttempt = next, LastError = result.Describe() });
                if (result.EndpointUnavailable)
                {
                    run.MarkUnavailable(e.Url);
                }
                log.Warning("{Type} for {Incident} stays queued (attempt {Attempt}{Next}): {Reason}", e.NotificationType, e.Incident, e.Attempts + 1, next is { } at ? $", next not before {at:u}" : "", result.Describe());
                Keep(e.Incident, run, summary);
                break;
        }
    }

    private static void Keep(string incident, RunState run, FlushSummary summary)
    {
        run.Block(incident);
        summary.CountKept();
    }

    private static string FailureReason(IlertEvent e, DeliveryResult result) => $"""
        rejected-at: {DateTimeOffset.UtcNow:O}
        status: {(int?)result.Status}
        url: {e.Url.AbsoluteUri}
        type: {e.NotificationType}
        incident: {e.Incident}
        attempts: {e.Attempts + 1}
        response:
        {result.Detail}
        """;

    /// <summary>What one run has learned: incidents that must wait, endpoints that did not answer.</summary>
    private sealed class RunState
    {
        private readonly ConcurrentDictionary<string, byte> blockedIncidents = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> unavailableEndpoints = new(StringComparer.Ordinal);

        public bool IsBlocked(string incident) => blockedIncidents.ContainsKey(incident);
        public void Block(string incident) => blockedIncidents.TryAdd(incident, 0);
        public bool IsUnavailable(Uri url) => unavailableEndpoints.ContainsKey(url.GetLeftPart(UriPartial.Authority));
        public void MarkUnavailable(Uri url) => unavailableEndpoints.TryAdd(url.GetLeftPart(UriPartial.Authority), 0);
    }
}
