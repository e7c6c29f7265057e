using IlertNotify.Delivery;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>Takes the spool lock (waiting at most <c>lockWait</c>) and sends what is queued within the budget.</summary>
internal static class Flush
{
    public static async Task<FlushSummary?> RunAsync(SpoolDirectory spool, CommandEnvironment env, TimeSpan lockWait, TimeSpan budget)
    {
        using var held = SpoolLock.TryAcquire(spool.LockPath, lockWait);
        if (held is null)
        {
            env.Log.Information("Another flush holds {Lock}; it sends the queued events", spool.LockPath);
            return null;
        }
        using var clients = new HttpClientPool(env.Delivery);
        var flusher = new SpoolFlusher(spool, new EventSender(clients, env.Delivery), env.Delivery, env.Log, env.Masker, env.Clock);
        using var deadline = new CancellationTokenSource(budget);
        return await flusher.FlushAsync(held, deadline.Token).ConfigureAwait(false);
    }
}
