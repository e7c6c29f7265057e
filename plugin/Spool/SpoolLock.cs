using IlertNotify.Platform;

namespace IlertNotify.Spool;

/// <summary>
/// The exclusive <c>flock</c> on <c>spool/.lock</c> that makes one flush at a time. Waiting is bounded: a saver
/// that finds a flush running does not wait for it (that flush, or the next cron run, sends its event).
/// </summary>
internal sealed class SpoolLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private int fd;

    private SpoolLock(int fd) => this.fd = fd;

    public static SpoolLock? TryAcquire(string lockPath, TimeSpan wait) => TryAcquire(lockPath, wait, out _);

    /// <param name="repaired">
    /// What stood at the path instead of a lock file we may open, and what became of it: a lock file another user left
    /// (root with an older version), a directory, a link, a FIFO. The spool directory is ours, so we may replace it; a
    /// flush still holding the old file notices (<see cref="IsInPlace"/>) and stops.
    /// </param>
    /// <returns>The held lock, or null when another process still held it after <paramref name="wait"/>.</returns>
    public static SpoolLock? TryAcquire(string lockPath, TimeSpan wait, out string? repaired)
    {
        int fd;
        try
        {
            fd = StrayFile.OpenLockable(lockPath, out repaired);
        }
        catch (IOException e)
        {
            throw new SpoolException($"lock file: {e.Message}", e);
        }
        // A timeout, not a moment: the monotonic clock, which a wall-clock step cannot stretch or cut short.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (LockFile.TryLock(fd) == LockFile.Attempt.Locked)
                {
                    return new SpoolLock(fd);
                }
            }
            catch (IOException e)
            {
                Libc.Close(fd);
                throw new SpoolException($"cannot lock {lockPath} ({e.Message})", e);
            }
            if (waited.Elapsed >= wait)
            {
                Libc.Close(fd);
                return null;
            }
            Thread.Sleep(PollInterval);
        }
    }

    /// <summary>
    /// False once the lock file was unlinked (removed, the spool deleted, or replaced) while we hold it: a second
    /// flush would then lock a new file at the same path, and both would send the same events.
    /// </summary>
    public bool IsInPlace
    {
        get
        {
            var held = Volatile.Read(ref fd);
            if (held < 0)
            {
                return false;
            }
            try
            {
                // Without /proc (a chroot) nothing can be told: keep going, as before.
                var target = new FileInfo($"/proc/self/fd/{held}").LinkTarget;
                return target is null || !target.EndsWith(" (deleted)", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        var held = Interlocked.Exchange(ref fd, -1);
        if (held >= 0)
        {
            Libc.Close(held);
        }
    }
}
