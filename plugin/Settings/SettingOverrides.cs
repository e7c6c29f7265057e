namespace IlertNotify.Settings;

/// <summary>What the command line says about the settings: each flag, when given, wins over the rule's parameter.</summary>
internal sealed record SettingOverrides
{
    public string? ApiKey { get; init; }
    public string? Endpoint { get; init; }
    public int? Port { get; init; }
    public string? SpoolDirectory { get; init; }
    public bool DisableTlsVerification { get; init; }
    public string? Proxy { get; init; }
    public int? TimeoutSeconds { get; init; }

    /// <summary><c>--source-type nagios|checkmk</c>: the iLert alert source type the events go to.</summary>
    public string? SourceType { get; init; }

    /// <summary>Requests per window one alert source accepts (iLert: 50 a minute unless raised).</summary>
    public int? RateLimit { get; init; }

    /// <summary>The throttle window; only tests and benchmarks shorten it.</summary>
    public int? RateWindowSeconds { get; init; }

    public IReadOnlyList<string>? NotificationTypes { get; init; }
}
