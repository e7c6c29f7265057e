using IlertNotify.Delivery;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>
/// Takes the spool lock (waiting at most <c>lockWait</c>), loads what earlier runs learned about iLert, sends
/// what is queued until the policy's deadline, and stores what this run learned for the next one.
/// </summary>
internal static class Flush
{
    public static async Task<FlushSummary?> RunAsync(SpoolDirectory spool, CommandEnvironment env, TimeSpan lockWait, FlushPolicy policy)
    {
        using var held = SpoolLock.TryAcquire(spool.LockPath, lockWait);
        if (held is null)
        {
            env.Log.Information("Another flush holds {Lock}; it sends the queued events", spool.LockPath);
            return null;
        }
        var state = DeliveryStateFile.Load(spool.StatePath, env.Clock.GetUtcNow(), env.Delivery.MaxRetryAfter);
        try
        {
            using var clients = new HttpClientPool(env.Delivery);
            var sender = new EventSender(clients, env.Delivery, env.Clock);
            var flusher = new SpoolFlusher(spool, sender, state, policy, env.Delivery, env.Log, env.Masker, env.Clock);
            var remaining = policy.Deadline - env.Clock.GetUtcNow();
            using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, env.Clock);
            return await flusher.FlushAsync(held, deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                DeliveryStateFile.Save(spool.StatePath, state, env.Clock.GetUtcNow());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                env.Log.Warning("Cannot store the delivery state in {File}: {Error}", spool.StatePath, e.Message);
            }
        }
    }
}
