namespace IlertNotify.Spool;

/// <summary>
/// Small files the notifier keeps beside the spool and in the site (delivery state, heartbeat settings, cron file):
/// written to <c>NAME.tmp</c> and renamed, so a reader sees the old or the new content, with the given mode whatever
/// the umask. Not fsynced: unlike spooled events, losing one costs no notification. Events use
/// <see cref="SpoolDirectory"/>'s own durable write.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = Private)
    {
        var temp = path + ".tmp";
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
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
