namespace IlertNotify.Delivery;

/// <summary>How hard to try: defaults are right for Checkmk; tests and benchmarks may shorten them.</summary>
internal sealed record DeliveryOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries inside one run, for a short hiccup; longer outages are bridged by the spool.</summary>
    public int MaxRetries { get; init; } = 2;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A <c>Retry-After</c> up to this long is waited out in the run; a longer one schedules the event.</summary>
    public TimeSpan MaxRetryAfterInRun { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Alert sources are sent in parallel, each over its own connection (one request at a time per source).</summary>
    public int MaxConnectionsPerServer { get; init; } = 8;

    /// <summary>First delay after iLert answered 408/429/5xx; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A save's whole delivery attempt (connect, TLS, answer): Checkmk Raw runs notifications one after
    /// another, so every second here delays every later alert of the site. The rest is cron's job.</summary>
    public TimeSpan SaveBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A cron run ends before the next one starts, waiting for the lock included.</summary>
    public TimeSpan SendBudget { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>The end of <see cref="SendBudget"/> kept for the heartbeat call, when the site has one; also the longest
    /// heartbeat timeout <c>setup</c> stores.</summary>
    public TimeSpan HeartbeatReserve { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The part of <see cref="SendBudget"/> the flush leaves to the two-way sync when the site has it on (it gets
    /// whatever the flush did not use, and at least this).</summary>
    public TimeSpan AckSyncReserve { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long saves leave an endpoint that did not answer to cron (which tries it every minute).</summary>
    public TimeSpan TroubleMemory { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No <c>Retry-After</c> holds an event or an alert source longer than this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The furthest a stored retry time can lie ahead of now when it was written with a right clock: the longest
    /// <c>Retry-After</c> or the longest jittered backoff. One further ahead was written under a clock that ran
    /// ahead, and is not waited for.
    /// </summary>
    public TimeSpan LongestHold => MaxRetryAfter > MaxBackoff * 1.2 ? MaxRetryAfter : MaxBackoff * 1.2;

    /// <summary>
    /// A 429 pauses its alert source at least this long, whatever <c>Retry-After</c> says (0 or a past date would
    /// mean every run posts every queued event once more into the throttle); iLert suggests waiting 10 to 30 s.
    /// </summary>
    public TimeSpan MinThrottlePause { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A number in [0, 1) for the backoff's jitter; tests hand in a fixed one.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The CA bundles iLert's certificate is verified against besides the system's (the command's environment
    /// decides them: <c>App</c>).</summary>
    public TrustedRoots TrustedRoots { get; init; } = TrustedRoots.For(null, null);

    /// <summary>Temp files older than this were left by a writer that crashed.</summary>
    public TimeSpan StaleTempAge { get; init; } = TimeSpan.FromHours(1);
}
