using System.Runtime.InteropServices;

namespace IlertNotify.Spool;

/// <summary>The few POSIX calls .NET does not offer: blocking-free flock, fsync of a directory, a file's owner.</summary>
internal static partial class Libc
{
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_CLOEXEC = 0x80000;
    public const int O_DIRECTORY = 0x10000;
    public const int EINTR = 4;
    public const int EWOULDBLOCK = 11;
    public const int EACCES = 13;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    /// <summary><c>stat(2)</c> into a raw buffer; <see cref="FileOwner"/> reads the fields it needs.</summary>
    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int Stat(string path, byte* buffer);
}
