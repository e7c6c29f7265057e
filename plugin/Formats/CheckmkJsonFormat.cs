using System.Net.Http.Headers;
using IlertNotify.Checkmk;

namespace IlertNotify.Formats;

/// <summary>Alert source "Checkmk": JSON to <c>/api/v1/events/checkmk-ext/{key}</c>, as Checkmk's built-in iLert script sends it.</summary>
internal sealed class CheckmkJsonFormat : EventFormat
{
    private const string Path = "/api/v1/events/checkmk-ext/";

    // What Checkmk's built-in script sends; iLert's Checkmk alert source may look at the agent.
    private const string Agent = "checkmk/extension/1.0";

    // The rule fields Checkmk's built-in iLert form defines, sent under the same names so iLert renders them alike.
    // Everything else in NOTIFY_PARAMETER_* is ours (transport settings) or a secret, and stays out of the body.
    private static readonly string[] CheckmkRuleFields =
        RuleFields.All.Where(field => field.InCheckmkBody).Select(field => "PARAMETER_" + field.Parameter).ToArray();

    public override string Name => "checkmk-json";
    public override string RuleValue => "checkmk";
    public override string ContentType => "application/json";

    public override Uri Url(Uri endpoint, string apiKey) => EventTarget.Append(endpoint, Path + Uri.EscapeDataString(apiKey));

    public override string? ApiKeyOf(Uri url, byte[] body) =>
        Uri.UnescapeDataString(url.AbsolutePath[(url.AbsolutePath.LastIndexOf('/') + 1)..]);

    public override Uri EndpointOf(Uri url) =>
        EventTarget.Without(url, url.AbsolutePath[url.AbsolutePath.LastIndexOf(Path, StringComparison.Ordinal)..]);

    public override void AddHeaders(HttpRequestHeaders headers)
    {
        headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        headers.TryAddWithoutValidation("Agent", Agent);
    }

    public override byte[] Body(NotificationContext context, string apiKey)
    {
        var payload = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.PayloadEntries)
        {
            payload[NotificationContext.WithoutPrefix(key)] = value;
        }
        foreach (var (key, value) in context.Variables)
        {
            var name = NotificationContext.WithoutPrefix(key);
            if (key.StartsWith("NOTIFY_", StringComparison.Ordinal) && CheckmkRuleFields.Any(field => name == field || name.StartsWith(field + "_", StringComparison.Ordinal)))
            {
                payload[name] = value;
            }
        }
        foreach (var (key, value) in context.Arguments)
        {
            payload[key] = value;
        }
        // Checkmk 2.5's built-in script sends it; a value Checkmk (or an argument) already passed is kept.
        if (!payload.ContainsKey(CheckmkEventText.Key) && CheckmkEventText.For(payload, context.IsServiceNotification) is { } eventText)
        {
            payload[CheckmkEventText.Key] = eventText;
        }
        // A key pasted into a text field must not leave in the body either: it travels in the URL path only.
        foreach (var secretive in payload.Where(pair => pair.Value.Contains(apiKey, StringComparison.Ordinal)).Select(pair => pair.Key).ToList())
        {
            payload.Remove(secretive);
        }
        return EventJson.Build(payload);
    }
}
