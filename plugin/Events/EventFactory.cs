using IlertNotify.Context;

namespace IlertNotify.Events;

internal static class EventFactory
{
    // The rule fields Checkmk's built-in iLert form defines, sent under the same names so iLert renders them alike.
    // Everything else in NOTIFY_PARAMETER_* is ours (transport settings) or a secret, and stays out of the body.
    private static readonly string[] CheckmkRuleFields =
        ["PARAMETER_ILERT_PRIORITY", "PARAMETER_ILERT_SUMMARY_HOST", "PARAMETER_ILERT_SUMMARY_SERVICE", "PARAMETER_URL_PREFIX"];

    public static IlertEvent Create(NotificationContext context, NotifierSettings settings, DateTimeOffset now)
    {
        var apiKey = settings.ApiKey ?? throw ConfigurationException.NoApiKey();
        var url = EventTarget.Url(settings.Endpoint, settings.Format, apiKey);
        return new IlertEvent
        {
            Url = url,
            Format = settings.Format,
            Incident = context.IncidentKey,
            NotificationType = context.NotificationType,
            Proxy = settings.Proxy.Value,
            VerifyTls = settings.VerifyTls,
            TimeoutSeconds = settings.TimeoutSeconds,
            Source = AlertSourceId.For(url, apiKey),
            RateBudget = settings.RateBudget,
            Created = now,
            Body = settings.Format == EventFormat.CheckmkJson ? CheckmkBody(context, apiKey) : NagiosBody(context, apiKey),
        };
    }

    private static byte[] NagiosBody(NotificationContext context, string apiKey)
    {
        // Arguments given on the command line replace context entries of the same name, as in the reference plugin.
        var payload = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.PayloadEntries.Concat(context.Arguments))
        {
            payload[key] = value;
        }
        return EventXml.Build(apiKey, payload.Prepend(new("PLUGIN_VERSION", AppInfo.PluginVersion)));
    }

    private static byte[] CheckmkBody(NotificationContext context, string apiKey)
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
        // A key pasted into a text field must not leave in the body either: it travels in the URL path only.
        foreach (var secretive in payload.Where(pair => pair.Value.Contains(apiKey, StringComparison.Ordinal)).Select(pair => pair.Key).ToList())
        {
            payload.Remove(secretive);
        }
        return EventJson.Build(payload);
    }
}
