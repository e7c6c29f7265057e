using System.Runtime.InteropServices;

namespace IlertNotify.Platform;

/// <summary>
/// The POSIX calls .NET does not offer: flock, fsync of a directory, a file's owner, our user id, syslog.
/// Their flag, errno and struct values differ by architecture: take them from <see cref="LinuxAbi.Current"/>.
/// </summary>
internal static partial class Libc
{
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

    /// <summary><c>stat(2)</c> into a raw buffer of <see cref="LinuxAbi.StatSize"/> bytes; <see cref="FileOwner"/> reads it.</summary>
    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int Stat(string path, byte* buffer);

    /// <summary><c>fstat(2)</c> into a raw buffer of <see cref="LinuxAbi.StatSize"/> bytes; <see cref="FileKind"/> reads it.</summary>
    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static unsafe partial int Fstat(int fd, byte* buffer);

    /// <summary><c>lstat(2)</c>: the link itself, not what it points at.</summary>
    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int Lstat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "openlog")]
    public static partial void OpenLog(nint ident, int option, int facility);

    [LibraryImport("libc", EntryPoint = "syslog", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Syslog(int priority, string format, string message);

    /// <summary>The text of the last failed call's errno, for messages.</summary>
    public static string LastErrorMessage() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
