namespace IlertNotify.Platform;

/// <summary>
/// Small files the notifier keeps beside the spool and in the site (delivery state, heartbeat settings, cron file):
/// written to <c>NAME.tmp</c> and renamed, so a reader sees the old or the new content, with the given mode whatever
/// the umask. Not fsynced: unlike spooled events, losing one costs no notification. Events use
/// the spool's own durable write (<c>SpoolDirectory</c>).
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <returns>
    /// What stood at the file's or its temp file's path instead of a regular file (a directory, link, FIFO) and was cleared
    /// (<see cref="StrayFile"/>), for the log; else null. Left there, it would fail this write, and every later one.
    /// </returns>
    public static string? Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = Private)
    {
        var temp = path + ".tmp";
        var repaired = string.Join("; ", new[] { path, temp }.Where(StrayFile.IsStray).Select(stray => $"{stray}: {StrayFile.Clear(stray)}"));
        try
        {
            File.Delete(temp);
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                stream.Write(content);
            }
            // The umask may have taken bits away (0644 under 0077); the mode is part of what we promise.
            File.SetUnixFileMode(temp, mode);
            File.Move(temp, path, overwrite: true);
            return repaired.Length > 0 ? repaired : null;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
