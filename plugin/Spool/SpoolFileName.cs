using System.Globalization;

namespace IlertNotify.Spool;

/// <summary>
/// Names that sort in the order events were saved: <c>s</c> + the spool's sequence number, then, for humans, the
/// UTC time and the process id. The sequence, not the clock, decides the order, so a clock step back between a
/// PROBLEM and its RECOVERY cannot swap them; it is taken under a lock, so it is also what makes names unique.
/// Names of earlier versions start with the year (<c>2026...</c>) and so sort before every <c>s...</c> name: the
/// queue of an upgraded site keeps its order.
/// </summary>
internal static class SpoolFileName
{
    public const string EventExtension = ".event";
    public const string TempExtension = ".tmp";
    public const string ReasonExtension = ".reason";
    public const string SetAsideExtension = ".rejected";
    private const string SequencePrefix = "s";
    private const int SequenceDigits = 16;

    /// <summary>The largest sequence a name holds in its fixed width (a wider one would sort before narrower names).</summary>
    public const long MaxSequence = 9_999_999_999_999_999;

    public static string Next(long sequence, DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"{SequencePrefix}{sequence.ToString(CultureInfo.InvariantCulture).PadLeft(SequenceDigits, '0')}-{now.UtcDateTime:yyyyMMdd'T'HHmmssfffffff}Z-{Environment.ProcessId:x8}");

    /// <summary>The sequence number in a name, or null for names of earlier versions.</summary>
    public static long? SequenceOf(string name) =>
        name.StartsWith(SequencePrefix, StringComparison.Ordinal) && name.Length > SequenceDigits
        && long.TryParse(name.AsSpan(SequencePrefix.Length, SequenceDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
}
