using IlertNotify.Logging;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Delivery;

/// <summary>
/// One flush of a spool, wired in one place: take the spool lock (waiting at most <c>lockWait</c>), load what
/// earlier runs learned about iLert, deliver the queue until the policy's deadline, store what this run learned.
/// </summary>
internal static class FlushRun
{
    /// <returns>What the flush did, or null when another flush holds the lock (it sends the queue).</returns>
    public static async Task<FlushSummary?> RunAsync(SpoolDirectory spool, TimeSpan lockWait, FlushPolicy policy, DeliveryOptions options, ILogger log, SecretMasker masker, TimeProvider clock)
    {
        using var held = SpoolLock.TryAcquire(spool.LockPath, lockWait, out var lockRepaired);
        if (lockRepaired is not null)
        {
            log.Warning("Repaired the spool's lock file: {Repair}", lockRepaired);
        }
        if (held is null)
        {
            log.Information("Another flush holds {Lock}; it sends the queued events", spool.LockPath);
            return null;
        }
        var state = DeliveryStateFile.Load(spool.StatePath, clock.GetUtcNow(), options.MaxRetryAfter);
        var incidents = policy.RememberIncidents ? IncidentMemory.Load(spool.IncidentsPath, clock.GetUtcNow()) : null;
        try
        {
            using var clients = new HttpClientPool(options);
            var sender = new EventSender(clients, options, masker, clock);
            var delivery = new QueueDelivery(spool, sender, state, policy, options, log, masker, clock, incidents);
            var remaining = policy.Deadline - clock.GetUtcNow();
            using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, clock);
            return await delivery.DeliverAsync(held, deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (DeliveryStateFile.Save(spool.StatePath, state, clock.GetUtcNow()) is { } stateRepaired)
                {
                    log.Warning("Repaired the delivery state: {Repair}", stateRepaired);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warning("Cannot store the delivery state in {File}: {Error}", spool.StatePath, e.Message);
            }
            SaveIncidents(spool, incidents, log, clock);
        }
    }

    private static void SaveIncidents(SpoolDirectory spool, IncidentMemory? incidents, ILogger log, TimeProvider clock)
    {
        if (incidents is not { Changed: true })
        {
            return;
        }
        try
        {
            if (incidents.Save(spool.IncidentsPath, clock.GetUtcNow()) is { } repaired)
            {
                log.Warning("Repaired the remembered incidents: {Repair}", repaired);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("Cannot store the incidents for the two-way sync in {File}: {Error}", spool.IncidentsPath, e.Message);
        }
    }
}
