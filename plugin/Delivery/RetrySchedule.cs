namespace IlertNotify.Delivery;

/// <summary>When to try a kept event again.</summary>
internal static class RetrySchedule
{
    /// <summary>
    /// Null when the endpoint was not reached: the cron cadence (one cheap attempt a minute) is backoff enough,
    /// and the event goes out as soon as iLert is back. When iLert answered 408/429/5xx: exponential backoff
    /// with jitter, never earlier than its <c>Retry-After</c>.
    /// </summary>
    public static DateTimeOffset? NextAttempt(DeliveryResult result, int attempts, DateTimeOffset now, DeliveryOptions options)
    {
        if (result.EndpointUnavailable)
        {
            return null;
        }
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(options.FirstBackoff.Ticks * (1L << exponent), options.MaxBackoff.Ticks));
        var jittered = backoff * (0.8 + (0.4 * options.Jitter()));
        var retryAfter = result.RetryAfter is { } asked && asked > options.MaxRetryAfter ? options.MaxRetryAfter : result.RetryAfter;
        var delay = retryAfter is { } wait && wait > jittered ? wait : jittered;
        return now + delay;
    }

    /// <summary>
    /// Whether a kept event may go now. Its retry time was written by an earlier run, maybe under a clock that ran
    /// ahead (a day, after a bad NTP source or a resumed VM): a time further ahead than any run could have asked
    /// for is not waited for, so no clock step holds an event longer than <see cref="DeliveryOptions.LongestHold"/>.
    /// </summary>
    public static bool IsDue(DateTimeOffset? nextAttempt, DateTimeOffset now, DeliveryOptions options) =>
        nextAttempt is not { } next || next <= now || next - now > options.LongestHold;
}
