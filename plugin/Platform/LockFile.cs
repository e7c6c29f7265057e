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

    /// <returns>The descriptor, or -1 with errno set.</returns>
    public static int Open(string path)
    {
        var abi = LinuxAbi.Current;
        return Libc.Open(path, abi.OpenReadWrite | abi.OpenCreate | abi.OpenCloseOnExec, OwnerReadWrite);
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

    /// <summary>Waits as long as it takes (callers hold it for moments only), retrying after signals.</summary>
    public static void Lock(int fd)
    {
        var abi = LinuxAbi.Current;
        while (Libc.Flock(fd, abi.LockExclusive) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != abi.ErrorInterrupted)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
            }
        }
    }
}
