using System.Buffers;
using System.Globalization;

namespace IlertNotify.Spool;

/// <summary>
/// Names that sort in the order events were saved: <c>s</c> + the spool's sequence number, then, for humans, the
/// UTC time and the process id, then the alert source (<c>AlertSourceId</c>), so a flush can plan its lanes from the
/// names alone and read only what it can send. The sequence, not the clock, decides the order, so a clock step back between a
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

    public static string Next(long sequence, DateTimeOffset now, string? source = null) => string.Create(CultureInfo.InvariantCulture,
        $"{SequencePrefix}{sequence.ToString(CultureInfo.InvariantCulture).PadLeft(SequenceDigits, '0')}-{now.UtcDateTime:yyyyMMdd'T'HHmmssfffffff}Z-{Environment.ProcessId:x8}{(IsSourceId(source) ? "-" + source : "")}");

    /// <summary>The alert source a name carries, or null (names of earlier versions, or a name someone made by hand).</summary>
    public static string? SourceOf(string name) => SourceSpanOf(name) is { IsEmpty: false } source ? source.ToString() : null;

    /// <summary>The alert source a name carries, or an empty span: without a string per name (a flush reads 100,000).</summary>
    public static ReadOnlySpan<char> SourceSpanOf(ReadOnlySpan<char> name)
    {
        var stem = name[..(name.IndexOf('.') is var dot and >= 0 ? dot : name.Length)];
        if (!stem.StartsWith(SequencePrefix, StringComparison.Ordinal) || stem.Count('-') != 3)
        {
            return [];
        }
        var source = stem[(stem.LastIndexOf('-') + 1)..];
        return IsSourceId(source) ? source : [];
    }

    /// <summary>The same name with another alert source (<c>queue retarget</c>): its place in the order is kept.</summary>
    public static string WithSource(string name, string source)
    {
        var stem = name[..(name.IndexOf('.') is var dot and >= 0 ? dot : name.Length)];
        var kept = SourceOf(name) is null ? stem : stem[..stem.LastIndexOf('-')];
        return kept + (IsSourceId(source) ? "-" + source : "") + name[stem.Length..];
    }

    private static bool IsSourceId(string? text) => text is not null && IsSourceId(text.AsSpan());

    private static bool IsSourceId(ReadOnlySpan<char> text) => text.Length == 16 && !text.ContainsAnyExcept(LowerHexDigits);

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>The sequence number in a name, or null for names of earlier versions.</summary>
    public static long? SequenceOf(ReadOnlySpan<char> name) =>
        name.StartsWith(SequencePrefix, StringComparison.Ordinal) && name.Length > SequenceDigits
        && long.TryParse(name.Slice(SequencePrefix.Length, SequenceDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
}
