using System.Globalization;

namespace IlertNotify.Spool;

/// <summary>
/// Names that sort by creation: UTC time to the tick, then process id and a per-process sequence, then a random
/// suffix; order therefore never depends on file-system timestamp resolution. The suffix need not be
/// unpredictable: a cryptographic generator would load OpenSSL into every save.
/// </summary>
internal static class SpoolFileName
{
    public const string EventExtension = ".event";
    public const string TempExtension = ".tmp";
    public const string ReasonExtension = ".reason";

    private static int sequence;

    public static string Next(DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'.'fffffff}Z-{Environment.ProcessId:x8}-{Interlocked.Increment(ref sequence) & 0xFFFFFF:x6}-{Random.Shared.Next():x8}");
}
