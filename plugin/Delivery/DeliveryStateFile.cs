using System.Globalization;
using System.Text;
using IlertNotify.Platform;
using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>
/// <c>spool/.delivery-state</c>: one line per alert source (budget, pause, request times) and per troubled
/// endpoint. Advisory: a lost or unreadable file costs at most one 429 or one slow attempt, never an event.
/// </summary>
internal static class DeliveryStateFile
{
    private const string Magic = "ilert-notify-state 1";

    public static DeliveryState Load(string path, DateTimeOffset now, TimeSpan longestPause)
    {
        var state = new DeliveryState();
        foreach (var line in StateFileLines.After(path, Magic))
        {
            try
            {
                Apply(state, line.Split(' '), now, longestPause);
            }
            catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
            {
                // One damaged line loses only what it said.
            }
        }
        return state;
    }

    /// <returns>What stood in the way of the file and was cleared (see <see cref="AtomicFile.Write"/>), else null.</returns>
    public static string? Save(string path, DeliveryState state, DateTimeOffset now)
    {
        var text = new StringBuilder(Magic).Append('\n');
        foreach (var (source, pacer) in state.Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $"source {source} {pacer.Budget.Format()} {Millis(pacer.BlockedUntil)}");
            foreach (var time in pacer.SentWithinWindow(now))
            {
                text.Append(' ').Append(Millis(time));
            }
            text.Append('\n');
        }
        foreach (var (endpoint, trouble) in state.Troubles.Where(t => t.Value.Until > now))
        {
            text.Append(CultureInfo.InvariantCulture, $"endpoint {endpoint} {Millis(trouble.Until)} {trouble.Reason.Replace('\n', ' ').Replace('\r', ' ')}\n");
        }
        return AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static void Apply(DeliveryState state, string[] fields, DateTimeOffset now, TimeSpan longestPause)
    {
        switch (fields[0])
        {
            case "source":
                var pacer = new SourcePacer(RateBudget.Parse(fields[2]));
                pacer.Restore(fields.Skip(4).Select(Time), Time(fields[3]), now, longestPause);
                state.AddPacer(fields[1], pacer);
                break;
            case "endpoint":
                var until = Time(fields[2]);
                if (until > now && until - now <= longestPause)
                {
                    state.MarkTrouble(fields[1], new EndpointTrouble(until, string.Join(' ', fields.Skip(3))));
                }
                break;
        }
    }

    private static string Millis(DateTimeOffset time) =>
        (time == DateTimeOffset.MinValue ? 0 : time.ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(millis, NumberStyles.None, CultureInfo.InvariantCulture));
}
