using System.Globalization;
using IlertNotify.Checkmk;

namespace IlertNotify.Settings;

/// <summary>
/// How many requests one iLert alert source (API key) accepts per window: 50 a minute unless iLert raised it.
/// Past it iLert answers 429 until the window ends, so we never ask for more.
/// </summary>
internal sealed record RateBudget(int Requests, TimeSpan Window)
{
    public static readonly RateBudget Default = new(RuleFields.RateLimit.DefaultNumber, TimeSpan.FromSeconds(60));

    /// <summary><c>50/60</c>: requests per window seconds, as the spool header stores it.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Requests}/{Window.TotalSeconds:0.###}");

    public static RateBudget Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var requests) && requests > 0
            && double.TryParse(text[(slash + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return new(requests, TimeSpan.FromSeconds(seconds));
        }
        throw new FormatException($"rate budget '{text}' is not REQUESTS/SECONDS");
    }
}
