using System.Runtime.InteropServices;

namespace IlertNotify.Platform;

/// <summary>An owner-only file opened for an exclusive <c>flock(2)</c>: the spool's flush lock and its counter.</summary>
internal static class LockFile
{
    private const int OwnerReadWrite = 0b110_000_000;

    public enum Attempt
    {
        Locked,
        HeldElsewhere,
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Opens (creating) a regular file only: a link is not followed (it would write through to its target), and a FIFO
    /// is opened without waiting for a writer and then refused, as is a directory or device.
    /// </summary>
    /// <returns>The descriptor, or -1 (errno set when the open failed, not when the path is no regular file).</returns>
    public static int Open(string path)
    {
        var abi = LinuxAbi.Current;
        var fd = Libc.Open(path, abi.OpenReadWrite | abi.OpenCreate | abi.OpenCloseOnExec | abi.OpenNonBlocking | abi.OpenNoFollow, OwnerReadWrite);
        if (fd >= 0 && FileKinds.Of(fd) != FileKind.Regular)
        {
            Libc.Close(fd);
            return -1;
        }
        return fd;
    }

    /// <summary>True when the last <see cref="Open"/> failed for lack of permission.</summary>
    public static bool LastErrorIsAccessDenied() => Marshal.GetLastPInvokeError() == LinuxAbi.Current.ErrorAccessDenied;

    /// <summary>One non-blocking try; any failure other than "held elsewhere" or an interruption is an <see cref="IOException"/>.</summary>
    public static Attempt TryLock(int fd)
    {
        var abi = LinuxAbi.Current;
        if (Libc.Flock(fd, abi.LockExclusive | abi.LockNonBlocking) == 0)
        {
            return Attempt.Locked;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno == abi.ErrorWouldBlock || errno == abi.ErrorInterrupted)
        {
            return Attempt.HeldElsewhere;
        }
        throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
    }

    /// <summary>Polls <see cref="TryLock"/> for at most <paramref name="wait"/> (the monotonic clock, which a wall-clock step cannot stretch).</summary>
    /// <returns>False when another process still held it after the wait.</returns>
    public static bool TryLockWithin(int fd, TimeSpan wait)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (TryLock(fd) != Attempt.Locked)
        {
            if (waited.Elapsed >= wait)
            {
                return false;
            }
            Thread.Sleep(PollInterval);
        }
        return true;
    }
}
