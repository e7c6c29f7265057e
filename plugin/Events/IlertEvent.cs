using IlertNotify.Formats;
using IlertNotify.Settings;

namespace IlertNotify.Events;

/// <summary>
/// One event as it waits in the spool: everything needed to send it (so events of many alert sources share
/// one spool). Its delivery state is the spool's (<c>Spool.DeliveryRecord</c>).
/// </summary>
internal sealed record IlertEvent
{
    public required Uri Url { get; init; }

    /// <summary>How the body is encoded and posted; recorded per event, so a queue outlives a rule change.</summary>
    public EventFormat Format { get; init; } = EventFormats.Default;

    /// <summary>Host, or host/service: events with the same key are delivered in order.</summary>
    public required string Incident { get; init; }

    public required string NotificationType { get; init; }
    public required string Proxy { get; init; }
    public required bool VerifyTls { get; init; }
    public required int TimeoutSeconds { get; init; }

    /// <summary>The alert source (endpoint + key) as <see cref="AlertSourceId"/> names it: the unit iLert throttles.</summary>
    public required string Source { get; init; }

    /// <summary>The source's request budget, as the rule (or flag) set it when the event was saved.</summary>
    public required RateBudget RateBudget { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The request body, API key included.</summary>
    public required byte[] Body { get; init; }

    /// <summary>The key this event carries (in its URL or its body), so a flush can mask it in every log line.</summary>
    public string? ApiKey() => Format.ApiKeyOf(Url, Body);
}
