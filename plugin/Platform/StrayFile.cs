using System.Globalization;
using IlertNotify.Platform;

namespace IlertNotify.Platform;

/// <summary>
/// One of our own files (the spool's counter, lock and delivery state, a file we write in the site) whose path
/// something else took: a directory, a link, a FIFO, a file we may not open. The directory is ours, so what stands
/// there is ours to clear: a link is removed, never followed (its target is not ours); a directory with content is
/// renamed aside rather than deleted, so nothing in it is lost.
/// </summary>
internal static class StrayFile
{
    /// <summary>True when <paramref name="path"/> holds something a regular file cannot simply be renamed over or opened as.</summary>
    public static bool IsStray(string path) => FileKinds.At(path) is not (FileKind.Regular or FileKind.Missing);

    /// <returns>What was done, for the log.</returns>
    public static string Clear(string path)
    {
        switch (FileKinds.At(path))
        {
            case FileKind.Missing:
                return "it was gone";
            case FileKind.Directory:
                return ClearDirectory(path);
            case FileKind.SymbolicLink:
                File.Delete(path);
                return "removed the symbolic link that stood there (its target is untouched)";
            case FileKind.Regular:
                File.Delete(path);
                return "replaced the file, which could not be opened";
            default:
                File.Delete(path);
                return "removed the FIFO, socket or device that stood there";
        }
    }

    /// <summary>
    /// Opens the regular file at <paramref name="path"/> for an exclusive <c>flock</c> (<see cref="LockFile.Open"/>), first
    /// clearing whatever else stands there or a file another user left that we may not open.
    /// </summary>
    /// <param name="repaired">What was cleared, for the log; null when the path was fine.</param>
    /// <exception cref="IOException">Neither opened nor repaired; the message says why.</exception>
    public static int OpenLockable(string path, out string? repaired)
    {
        repaired = null;
        for (var attempt = 1; ; attempt++)
        {
            var fd = LockFile.Open(path);
            if (fd >= 0)
            {
                return fd;
            }
            var error = Libc.LastErrorMessage();
            var denied = LockFile.LastErrorIsAccessDenied();
            // What stands at the path may change between the open and the look (another process repairing it, or
            // damaging it): each attempt looks again, and only the last one gives up.
            var last = attempt == OpenAttempts;
            if (!denied && !IsStray(path))
            {
                if (last)
                {
                    throw new IOException($"cannot open {path} ({error})");
                }
                continue;
            }
            try
            {
                repaired = $"{path}: {Clear(path)}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (last)
                {
                    throw new IOException($"cannot open {path} ({error}), nor replace it: {e.Message}", e);
                }
            }
        }
    }

    private const int OpenAttempts = 5;

    private static string ClearDirectory(string path)
    {
        try
        {
            Directory.Delete(path);
            return "removed the empty directory that stood there";
        }
        catch (DirectoryNotFoundException)
        {
            return "it was gone";
        }
        catch (IOException)
        {
            // Not empty: whatever is in it is not ours to delete.
            var aside = string.Create(CultureInfo.InvariantCulture, $"{path}.aside-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Environment.ProcessId:x8}");
            Directory.Move(path, aside);
            return $"moved the directory that stood there aside to {Path.GetFileName(aside)}";
        }
    }
}
