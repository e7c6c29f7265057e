using IlertNotify.Checkmk;
using IlertNotify.Formats;

namespace IlertNotify.Settings;

/// <summary>Everything a call needs to know, after flags, rule parameters and defaults are merged.</summary>
internal sealed record NotifierSettings
{
    /// <summary>Null for commands that do not create events (<c>send</c>, <c>status</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>iLert's API base URL (with the port of <c>-p</c>); each format adds its own path.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Which alert source type receives the events (<see cref="EventFormats"/>).</summary>
    public EventFormat Format { get; init; } = EventFormats.Default;
    public required string SpoolDirectory { get; init; }
    public ProxySetting Proxy { get; init; } = ProxySetting.FromEnvironment;
    public bool VerifyTls { get; init; } = true;
    public int TimeoutSeconds { get; init; } = RuleFields.Timeout.DefaultNumber;
    public RateBudget RateBudget { get; init; } = RateBudget.Default;
    public required NotificationTypeFilter TypeFilter { get; init; }

}
