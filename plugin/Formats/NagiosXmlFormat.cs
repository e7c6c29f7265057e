using IlertNotify.Checkmk;

namespace IlertNotify.Formats;

/// <summary>Alert source "Nagios / Icinga": XML to <c>/api/v1/events/nagios</c>, the key in the body, as iLert's Nagios plugin sends it.</summary>
internal sealed class NagiosXmlFormat : EventFormat
{
    private const string Path = "/api/v1/events/nagios";

    public override string Name => "nagios-xml";
    public override string RuleValue => "nagios";
    public override string ContentType => "application/xml";

    public override Uri Url(Uri endpoint, string apiKey) => EventTarget.Append(endpoint, Path);

    public override string? ApiKeyOf(Uri url, byte[] body) => EventXml.ReadApiKey(body);

    public override Uri EndpointOf(Uri url) => EventTarget.Without(url, Path);

    public override byte[] WithApiKey(byte[] body, string apiKey) => EventXml.WithApiKey(body, apiKey);

    public override byte[] Body(NotificationContext context, string apiKey)
    {
        // Arguments given on the command line replace context entries of the same name, as in the reference plugin.
        var payload = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.PayloadEntries.Concat(context.Arguments))
        {
            payload[key] = value;
        }
        return EventXml.Build(apiKey, payload.Prepend(new("PLUGIN_VERSION", AppInfo.PluginVersion)));
    }
}
