using System.Globalization;
using System.Text;
using IlertNotify.Platform;
using Microsoft.Win32.SafeHandles;

namespace IlertNotify.Spool;

/// <summary>
/// The spool's event counter (<c>spool/.sequence</c>), taken under its own short <c>flock</c>: the order of
/// saves, whatever the wall clock did between them (NTP steps, a resumed VM). Never held while sending.
/// </summary>
internal static class SpoolSequence
{
    private const int Width = 20;

    /// <param name="path">The counter file.</param>
    /// <param name="highestInUse">Reseeds a missing or damaged counter from the names already queued.</param>
    public static long Next(string path, Func<long> highestInUse)
    {
        var fd = LockFile.Open(path);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} ({Libc.LastErrorMessage()})");
        }
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        try
        {
            LockFile.Lock(fd);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot lock {path} ({e.Message})", e);
        }
        var buffer = new byte[Width];
        var length = stream.Read(buffer);
        var last = Stored(buffer.AsSpan(0, length)) ?? highestInUse();
        var next = last + 1;
        stream.Position = 0;
        stream.Write(Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture).PadLeft(Width - 1, '0') + "\n"));
        // Durable before the event that carries the number: after a power loss the counter never goes back below
        // a queued event's number (which would put a new event before it).
        stream.Flush(flushToDisk: true);
        return next;
        // Closing the descriptor releases the lock.
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
