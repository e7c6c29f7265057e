namespace IlertNotify.Spool;

/// <summary>What an admin can do to the events of a spool by hand (<c>queue retry</c>, <c>queue purge</c>), under its lock.</summary>
internal static class SpoolEvents
{
    /// <summary>
    /// Puts a failed (or set-aside) event back into the queue under its own name, so it keeps its place before later
    /// events of its incident, then removes its <c>.reason</c>: the rename comes first, so a crash between the two
    /// leaves the event queued and a reason that no longer has its event (which counts for nothing).
    /// </summary>
    /// <returns>The queued file.</returns>
    public static string Requeue(SpoolDirectory spool, string failedOrSetAside)
    {
        var name = Path.GetFileName(failedOrSetAside);
        if (name.EndsWith(SpoolFileName.SetAsideExtension, StringComparison.Ordinal))
        {
            name = name[..^SpoolFileName.SetAsideExtension.Length];
        }
        var queued = Path.Combine(spool.Path, name);
        File.Move(failedOrSetAside, queued, overwrite: false);
        File.Delete(ReasonOf(spool, name));
        spool.SyncBoth();
        return queued;
    }

    /// <summary>Deletes an event for good, with its <c>.reason</c> when it had failed.</summary>
    public static void Purge(SpoolDirectory spool, string file)
    {
        File.Delete(file);
        File.Delete(ReasonOf(spool, Path.GetFileName(file)));
        spool.SyncBoth();
    }

    public static string ReasonOf(SpoolDirectory spool, string eventName) =>
        Path.Combine(spool.FailedPath, Path.GetFileNameWithoutExtension(eventName) + SpoolFileName.ReasonExtension);
}
