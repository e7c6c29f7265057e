namespace IlertNotify.Platform;

/// <summary>
/// The lines of a small state file (a format name on its first line, then one record a line), read so that a
/// damaged file costs what it held, never the run: the caller starts afresh and its next save repairs the file.
/// </summary>
internal static class StateFileLines
{
    /// <returns>
    /// The lines after the first, or none when the file is missing, not a regular file (a FIFO would block the read),
    /// unreadable, or of another format than <paramref name="magic"/>.
    /// </returns>
    public static IEnumerable<string> After(string path, string magic)
    {
        if (FileKinds.At(path) != FileKind.Regular)
        {
            return [];
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return lines.Length == 0 || lines[0] != magic ? [] : lines.Skip(1);
    }
}
