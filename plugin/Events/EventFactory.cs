using IlertNotify.Context;

namespace IlertNotify.Events;

internal static class EventFactory
{
    public static IlertEvent Create(NotificationContext context, NotifierSettings settings, IEnumerable<KeyValuePair<string, string>> extras, DateTimeOffset now)
    {
        var apiKey = settings.ApiKey ?? throw new ConfigurationException("no API key: set the rule's API key (or NOTIFY_PARAMETER_1, or -a)");
        // Extras given on the command line replace context entries of the same name, as in the reference plugin.
        var payload = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.PayloadEntries.Concat(extras))
        {
            payload[key] = value;
        }
        var entries = payload.Prepend(new("PLUGIN_VERSION", AppInfo.PluginVersion));
        return new IlertEvent
        {
            Url = settings.EventUrl,
            Incident = context.IncidentKey,
            NotificationType = context.NotificationType,
            Proxy = settings.Proxy.Value,
            VerifyTls = settings.VerifyTls,
            TimeoutSeconds = settings.TimeoutSeconds,
            Source = AlertSourceId.For(settings.EventUrl, apiKey),
            RateBudget = settings.RateBudget,
            Created = now,
            Body = EventXml.Build(apiKey, entries),
        };
    }
}
