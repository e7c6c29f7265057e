namespace IlertNotify.Spool;

/// <summary>Whether notifications get through from this spool: nothing waits too long, nothing was rejected lately.</summary>
internal static class SpoolHealth
{
    /// <returns>Null when healthy, else what is wrong (for the log and <c>status</c>).</returns>
    public static string? Problem(SpoolDirectory spool, DateTimeOffset now, TimeSpan maxQueueAge, TimeSpan failedQuietPeriod)
    {
        // Sorted by save order: the first event is the oldest (unless the clock stepped, which only errs towards alarm).
        if (spool.EventNames() is [var oldest, ..] && now - SpoolDirectory.CreatedAt(spool.PathOf(oldest)) is var age && age > maxQueueAge)
        {
            return $"an event in {spool.Path} has waited {age.TotalMinutes:0} min (more than {maxQueueAge.TotalMinutes:0})";
        }
        if (spool.SetAsideFiles().Count > 0)
        {
            return $"iLert rejected an event that could not be moved to {spool.FailedPath} yet (see {spool.Path}/*{SpoolFileName.SetAsideExtension})";
        }
        // The .reason file is written when iLert rejects; the moved .event keeps the time of its last update. A reason
        // whose event was moved back into the spool to resend it counts no more: status counts failed/*.event, and so does this.
        var lastRejection = spool.FailedFiles()
            .Select(failed => Path.ChangeExtension(failed, SpoolFileName.ReasonExtension))
            .Where(File.Exists)
            .Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        // A rejection "in the future" was recorded before the clock stepped back: it silences no longer than a
        // recent one would (a day-long step back would otherwise withhold the heartbeat for a day).
        if ((now - lastRejection).Duration() < failedQuietPeriod)
        {
            return $"iLert rejected an event {(now - lastRejection).Duration().TotalMinutes:0} min ago (see {spool.FailedPath})";
        }
        return null;
    }
}
