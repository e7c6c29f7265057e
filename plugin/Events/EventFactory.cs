using IlertNotify.Checkmk;
using IlertNotify.Settings;

namespace IlertNotify.Events;

internal static class EventFactory
{
    public static IlertEvent Create(NotificationContext context, NotifierSettings settings, DateTimeOffset now)
    {
        var apiKey = settings.ApiKey ?? throw ConfigurationException.NoApiKey();
        var url = settings.Format.Url(settings.Endpoint, apiKey);
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
            Body = settings.Format.Body(context, apiKey),
        };
    }
}
