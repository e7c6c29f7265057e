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

    /// <returns>The held lock, or null when another process still held it after <paramref name="wait"/>.</returns>
    public static SpoolLock? TryAcquire(string lockPath, TimeSpan wait)
    {
        var fd = LockFile.Open(lockPath);
        if (fd < 0 && LockFile.LastErrorIsAccessDenied())
        {
            fd = ReplaceForeignLockFile(lockPath);
        }
        if (fd < 0)
        {
            throw new SpoolException($"cannot open lock file {lockPath} ({Libc.LastErrorMessage()})");
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
    /// A lock file we may not open was left by another user (root running an older version). The spool directory is
    /// ours, so we may replace it; a flush still holding the old one notices (<see cref="IsInPlace"/>) and stops.
    /// </summary>
    private static int ReplaceForeignLockFile(string lockPath)
    {
        try
        {
            File.Delete(lockPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpoolException($"cannot open lock file {lockPath}, nor replace it: {e.Message}", e);
        }
        return LockFile.Open(lockPath);
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
