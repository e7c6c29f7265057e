namespace IlertNotify.Checkmk;

/// <summary>
/// Checkmk's bulk format on stdin: a block of parameter lines, then per notification an empty line and its
/// <c>KEY=VALUE</c> lines; keys lack the <c>NOTIFY_</c> prefix and newlines in values arrive as byte 0x01.
/// </summary>
internal sealed record BulkInput(IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<IReadOnlyDictionary<string, string>> Notifications)
{
    public static BulkInput Read(TextReader reader)
    {
        var blocks = new List<Dictionary<string, string>> { new(StringComparer.Ordinal) };
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                blocks.Add(new(StringComparer.Ordinal));
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                blocks[^1]["NOTIFY_" + line[..equals]] = line[(equals + 1)..].Replace('\u0001', '\n');
            }
        }
        return new BulkInput(blocks[0], blocks.Skip(1).Where(block => block.Count > 0).ToList());
    }
}
