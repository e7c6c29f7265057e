using System.Globalization;
using System.Text;
using IlertNotify.Platform;
using Microsoft.Win32.SafeHandles;

namespace IlertNotify.Spool;

/// <summary>
/// The spool's event counter (<c>spool/.sequence</c>), taken under its own short <c>flock</c>: the order of
/// saves, whatever the wall clock did between them (NTP steps, a resumed VM). Never held while sending.
/// </summary>
/// <remarks>
/// Nothing at that path may stall or stop a save, since Checkmk waits for it and runs the next notification only
/// after: a directory, link, FIFO or file we may not open is replaced (<see cref="StrayFile"/>), and a lock held past
/// <see cref="LockWait"/> (a stopped or hung process) makes a fresh counter file take the held one's place. Either way
/// the next number is above the old counter's and every queued or failed event's, so the order holds; a process that
/// still holds the old file may hand out the same number once, and the two names then sort by their time.
/// </remarks>
internal static class SpoolSequence
{
    private const int Width = 20;

    /// <summary>Far above the moments a save holds it, far below a save's 2 s budget.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMilliseconds(500);

    // Each attempt either locks the file at the path or replaces what was there; a few cover any race between savers.
    private const int Attempts = 10;

    /// <param name="path">The counter file.</param>
    /// <param name="highestInUse">The highest number queued or failed: the next one is above it, whatever the counter says.</param>
    /// <param name="repaired">What stood in the counter's way and was replaced, for the log; else null.</param>
    public static long Next(string path, Func<long> highestInUse, out string? repaired)
    {
        repaired = null;
        // The number a replaced counter had reached: never handed out again.
        long floor = 0;
        for (var attempt = 1; ; attempt++)
        {
            var fd = StrayFile.OpenLockable(path, out var cleared);
            repaired = cleared ?? repaired;
            using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
            if (!LockFile.TryLockWithin(fd, LockWait))
            {
                if (attempt == Attempts)
                {
                    throw new IOException($"cannot lock {path}: another process holds it");
                }
                floor = Math.Max(floor, Read(stream) ?? 0);
                File.Delete(path);
                repaired = $"{path}: held by another process for over {LockWait.TotalMilliseconds:0} ms; replaced by a fresh counter";
                continue;
            }
            if (!FileKinds.IsStillAt(fd, path))
            {
                // Replaced by another saver while we waited: the file now at the path is the counter.
                if (attempt == Attempts)
                {
                    throw new IOException($"cannot lock {path}: it keeps being replaced");
                }
                continue;
            }
            // The counter is a hint, the queue the truth: a well-formed but lower counter (restored from a backup,
            // written by hand, another spool's) must not number a new event before a queued one.
            var next = Math.Max(Math.Max(Read(stream) ?? 0, highestInUse()), floor) + 1;
            stream.Position = 0;
            stream.Write(Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture).PadLeft(Width - 1, '0') + "\n"));
            // Durable before the event that carries the number: after a power loss the counter never goes back below
            // a queued event's number (which would put a new event before it).
            stream.Flush(flushToDisk: true);
            return next;
            // Closing the descriptor releases the lock.
        }
    }

    private static long? Read(FileStream stream)
    {
        var buffer = new byte[Width];
        stream.Position = 0;
        var length = stream.ReadAtLeast(buffer, Width, throwOnEndOfStream: false);
        return Stored(buffer.AsSpan(0, length));
    }

    /// <summary>
    /// The counter exactly as written (<see cref="Width"/> - 1 digits and a newline, within what a name holds), else
    /// null: a torn or damaged file often still parses ("00000", "0", a huge number) and would number new events
    /// before queued ones, so anything else is reseeded from the queue.
    /// </summary>
    private static long? Stored(ReadOnlySpan<byte> content) =>
        content.Length == Width && content[^1] == (byte)'\n'
        && long.TryParse(content[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var stored)
        && stored <= SpoolFileName.MaxSequence
            ? stored
            : null;
}
