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

    /// <summary>Incidents sent in parallel (each one strictly in order).</summary>
    public int MaxParallelIncidents { get; init; } = 8;

    /// <summary>First delay after iLert answered 408/429/5xx; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Temp files older than this were left by a writer that crashed.</summary>
    public TimeSpan StaleTempAge { get; init; } = TimeSpan.FromHours(1);
}
