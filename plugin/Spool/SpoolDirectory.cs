using System.Buffers;
using System.IO.Enumeration;
using System.Text;
using IlertNotify.Events;
using IlertNotify.Platform;

namespace IlertNotify.Spool;

/// <summary>
/// The durable queue: one 0600 file per event in a 0700 directory, written to <c>NAME.tmp</c>, fsynced and renamed
/// to <c>NAME.event</c>, so a reader never sees half an event. Events iLert rejects for good go to <c>failed/</c>.
/// </summary>
internal sealed class SpoolDirectory
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Headers are a few hundred bytes; one read usually holds the whole of it.
    private const int HeaderChunk = 4096;

    private SpoolDirectory(string path) => Path = path;

    public string Path { get; }
    public string FailedPath => System.IO.Path.Combine(Path, "failed");
    public string LockPath => System.IO.Path.Combine(Path, ".lock");
    public string SequencePath => System.IO.Path.Combine(Path, ".sequence");

    /// <summary>Request budgets and endpoint health shared by every process that sends from this spool.</summary>
    public string StatePath => System.IO.Path.Combine(Path, ".delivery-state");

    /// <summary>Problems iLert took, remembered while the two-way sync is on (<see cref="IncidentMemory"/>).</summary>
    public string IncidentsPath => System.IO.Path.Combine(Path, ".incidents");

    /// <summary>Opens the spool, creating it (and <c>failed/</c>) owner-only if needed.</summary>
    public static SpoolDirectory Open(string path)
    {
        var spool = new SpoolDirectory(System.IO.Path.GetFullPath(path));
        try
        {
            EnsurePrivateDirectory(spool.Path);
            EnsurePrivateDirectory(spool.FailedPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpoolException($"spool {spool.Path} is not usable: {e.Message}", e);
        }
        return spool;
    }

    /// <summary>Opens an existing spool without creating anything (for <c>status</c>).</summary>
    public static SpoolDirectory? OpenExisting(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return Directory.Exists(full) ? new SpoolDirectory(full) : null;
    }

    /// <returns>Where the event now is, and a warning when the rename into the spool could not be made durable.</returns>
    public SpoolWrite Add(IlertEvent e, DateTimeOffset now)
    {
        long sequence;
        string? repaired;
        try
        {
            sequence = SpoolSequence.Next(SequencePath, HighestSequenceInUse, out repaired);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new SpoolException($"cannot number the event in spool {Path}: {failure.Message}", failure);
        }
        var name = SpoolFileName.Next(sequence, now, e.Source);
        var target = System.IO.Path.Combine(Path, name + SpoolFileName.EventExtension);
        return new(target, WriteAtomically(target, SpoolFileFormat.Serialize(e, DeliveryRecord.New)), repaired);
    }

    /// <summary>Stores the new delivery state of an event in place (same name, so its position is kept).</summary>
    /// <returns>A warning when the update could not be made durable (the event itself is in place either way).</returns>
    public string? Update(SpoolEntry entry, DeliveryRecord record) => WriteAtomically(entry.Path, SpoolFileFormat.Serialize(entry.Event, record));

    /// <summary>
    /// Stores an event with a new target (<c>queue retarget</c>) under the name of its new alert source, same sequence:
    /// written first, then the old file removed, so a crash between costs a duplicate, never the event.
    /// </summary>
    public string? Rewrite(SpoolEntry entry, IlertEvent e, DeliveryRecord record)
    {
        var target = System.IO.Path.Combine(Path, SpoolFileName.WithSource(System.IO.Path.GetFileName(entry.Path), e.Source));
        var warning = WriteAtomically(target, SpoolFileFormat.Serialize(e, record));
        if (target != entry.Path)
        {
            File.Delete(entry.Path);
            warning ??= TrySync(Path);
        }
        return warning;
    }

    public IReadOnlyList<string> EventFiles() => SortedFiles(Path, "*" + SpoolFileName.EventExtension);

    /// <summary>
    /// The queued events' file names, sorted, without the directory: what a flush plans its lanes from. At 100,000
    /// queued a name is two thirds of a path's memory, and a flush reads only the few it reaches (<see cref="PathOf"/>).
    /// </summary>
    public IReadOnlyList<string> EventNames()
    {
        var names = new FileSystemEnumerable<string>(Path, (ref FileSystemEntry entry) => entry.FileName.ToString())
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.EndsWith(SpoolFileName.EventExtension, StringComparison.Ordinal),
        }.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public string PathOf(string name) => System.IO.Path.Join(Path, name);

    /// <summary>Events iLert rejected at a time <c>failed/</c> could not be written.</summary>
    public IReadOnlyList<string> SetAsideFiles() => SortedFiles(Path, "*" + SpoolFileName.SetAsideExtension);

    public IReadOnlyList<string> FailedFiles() => Directory.Exists(FailedPath) ? SortedFiles(FailedPath, "*" + SpoolFileName.EventExtension) : [];

    public static SpoolEntry Read(string file)
    {
        var (e, record) = SpoolFileFormat.Parse(File.ReadAllBytes(file));
        return new(file, e, record);
    }

    /// <summary>Reads only as far as the end of the header: a flush plans thousands of events without their bodies.</summary>
    public static SpoolEntry ReadHeader(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderChunk);
        try
        {
            var length = 0;
            while (true)
            {
                var read = stream.Read(buffer, length, buffer.Length - length);
                length += read;
                if (buffer.AsSpan(0, length).IndexOf(SpoolFileFormat.HeaderEnd) >= 0)
                {
                    var (e, record) = SpoolFileFormat.ParseHeader(buffer.AsSpan(0, length), out _);
                    return new(file, e, record);
                }
                if (read == 0)
                {
                    throw new FormatException("no header/body separator");
                }
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>When an event was saved: from its header, or from the file time if the header cannot be read.</summary>
    public static DateTimeOffset CreatedAt(string file)
    {
        try
        {
            return ReadHeader(file).Event.Created;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return File.GetLastWriteTimeUtc(file);
        }
    }

    /// <summary>Deletes a delivered event. Losing this on a crash means a duplicate, never a loss.</summary>
    public static void Remove(string file) => File.Delete(file);

    /// <summary>Moves an event to <c>failed/</c>, with a <c>.reason</c> file beside it that says why.</summary>
    /// <returns>A warning when the move is done but could not be made durable.</returns>
    public string? MoveToFailed(string file, string reason)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        if (name.EndsWith(SpoolFileName.EventExtension, StringComparison.Ordinal))
        {
            name = name[..^SpoolFileName.EventExtension.Length];
        }
        EnsurePrivateDirectory(FailedPath);
        var reasonWarning = WriteAtomically(System.IO.Path.Combine(FailedPath, name + SpoolFileName.ReasonExtension), Encoding.UTF8.GetBytes(reason.TrimEnd() + "\n"));
        File.Move(file, System.IO.Path.Combine(FailedPath, name + SpoolFileName.EventExtension), overwrite: true);
        // Both directories are synced whatever came before: a failed sync of one does not excuse skipping the other.
        var failedWarning = TrySync(FailedPath);
        var spoolWarning = TrySync(Path);
        return reasonWarning ?? failedWarning ?? spoolWarning;
    }

    /// <summary>
    /// Renames a rejected event to <c>NAME.event.rejected</c> beside it: a rename needs no free blocks, so it works on a
    /// full disk, and the file is no longer an event, so it is not POSTed again.
    /// </summary>
    public bool TrySetAside(string file)
    {
        if (file.EndsWith(SpoolFileName.SetAsideExtension, StringComparison.Ordinal))
        {
            // Already set aside (a later flush could not move it either): it stays as it is, not renamed again.
            return true;
        }
        try
        {
            File.Move(file, file + SpoolFileName.SetAsideExtension);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Makes renames between the spool and <c>failed/</c> durable, as far as the file system lets us.</summary>
    public void SyncBoth()
    {
        if (Directory.Exists(FailedPath))
        {
            TrySync(FailedPath);
        }
        TrySync(Path);
    }

    private long HighestSequenceInUse() => Math.Max(HighestSequenceIn(Path), Directory.Exists(FailedPath) ? HighestSequenceIn(FailedPath) : 0);

    /// <summary>Read from the names as they are listed: no string per file (a save behind 100,000 queued lists them all).</summary>
    private static long HighestSequenceIn(string directory) =>
        new FileSystemEnumerable<long>(directory, (ref FileSystemEntry entry) => SpoolFileName.SequenceOf(entry.FileName) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>Removes what crashed writers left behind; younger temp files may belong to a writer still running.</summary>
    public int RemoveStaleTempFiles(TimeSpan olderThan, DateTimeOffset now)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Path, "*" + SpoolFileName.TempExtension))
        {
            if (now - File.GetLastWriteTimeUtc(file) > olderThan)
            {
                File.Delete(file);
                removed++;
            }
        }
        return removed;
    }

    private static IReadOnlyList<string> SortedFiles(string directory, string pattern)
    {
        var files = Directory.GetFiles(directory, pattern);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Writes <c>NAME.tmp</c>, fsyncs it and renames it over <paramref name="target"/>. A failure before the rename
    /// throws and leaves nothing behind; once renamed the content is in place, and a failed directory fsync only
    /// means it might not survive a power loss: returned as a warning, never thrown as "not written".
    /// </summary>
    private string? WriteAtomically(string target, byte[] content)
    {
        var temp = System.IO.Path.ChangeExtension(target, SpoolFileName.TempExtension);
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = PrivateFileMode,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new SpoolException($"cannot write {System.IO.Path.GetFileName(target)} into spool {Path}: {e.Message}", e);
        }
        return TrySync(System.IO.Path.GetDirectoryName(target)!);
    }

    private static string? TrySync(string directory)
    {
        try
        {
            DirectorySync.Sync(directory);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{e.Message}; the file is in place, but a power loss could still undo its last change";
        }
    }

    private static void EnsurePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path, DirectoryMode);
        if ((File.GetUnixFileMode(path) & ~DirectoryMode) != 0)
        {
            File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temp file stays; a later flush removes it once it is an hour old.
        }
    }
}
