using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Events;
using IlertNotify.Formats;
using IlertNotify.Settings;
using IlertNotify.Spool;

namespace IlertNotify.Tests.Unit;

/// <summary>The registry of iLert formats: only what is registered can be chosen or read back, and nothing falls back to Nagios.</summary>
public sealed class EventFormatTests
{
    private const string Key = "il1api0123456789abcdefSECRET";

    public static TheoryData<string> RegisteredNames() => [.. EventFormats.All.Select(format => format.Name)];

    [Theory]
    [MemberData(nameof(RegisteredNames))]
    public void Each_registered_format_is_chosen_by_its_rule_value_and_survives_the_spool(string name)
    {
        var format = EventFormats.FromSpoolName(name);
        var settings = SettingsResolver.Resolve(new SettingOverrides().With(RuleFields.SourceType, format.RuleValue.ToUpperInvariant()), new Dictionary<string, string>()) with { ApiKey = Key };
        var context = new NotificationContext(new Dictionary<string, string>
        {
            ["NOTIFY_WHAT"] = "SERVICE",
            ["NOTIFY_NOTIFICATIONTYPE"] = "PROBLEM",
            ["NOTIFY_HOSTNAME"] = "web01",
            ["NOTIFY_SERVICEDESC"] = "CPU load",
        });

        var e = EventFactory.Create(context, settings, DateTimeOffset.UnixEpoch);
        var (read, _) = SpoolFileFormat.Parse(SpoolFileFormat.Serialize(e, DeliveryRecord.New));

        Assert.Same(format, settings.Format);
        Assert.Same(format, read.Format);
        Assert.Equal(Key, read.ApiKey());
        Assert.Equal(e.Url, read.Url);
        Assert.Equal(e.Body, read.Body);
    }

    [Theory]
    [MemberData(nameof(RegisteredNames))]
    public void A_format_finds_the_endpoint_its_url_was_built_from_and_swaps_the_key(string name)
    {
        var format = EventFormats.FromSpoolName(name);
        var endpoint = new Uri("https://relay.example:8443/ilert");
        var url = format.Url(endpoint, "old key/with+odd&chars");
        var body = EventXml.Build("old key/with+odd&chars", [new("NOTIFY_HOSTNAME", "web01")]);

        Assert.Equal(endpoint.AbsoluteUri.TrimEnd('/'), format.EndpointOf(url).AbsoluteUri.TrimEnd('/'));
        var swapped = format.WithApiKey(body, "new<key>");
        Assert.Equal(format == EventFormats.NagiosXml ? "new<key>" : "old key/with+odd&chars", EventXml.ReadApiKey(swapped));
    }

    [Fact]
    public void Names_and_rule_values_are_unique()
    {
        Assert.Equal(EventFormats.All.Count, EventFormats.All.Select(format => format.Name).Distinct().Count());
        Assert.Equal(EventFormats.All.Count, EventFormats.All.Select(format => format.RuleValue.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void An_unregistered_format_is_refused_not_sent_as_Nagios_XML()
    {
        Assert.Throws<ConfigurationException>(() => EventFormats.FromRule("generic"));
        var spooled = Encoding.UTF8.GetString(SpoolFileFormat.Serialize(Event(), DeliveryRecord.New)).Replace("format: nagios-xml", "format: events-json", StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => SpoolFileFormat.Parse(Encoding.UTF8.GetBytes(spooled)));
    }

    private static IlertEvent Event() => new()
    {
        Url = new Uri("https://api.ilert.com/api/v1/events/nagios"),
        Incident = "web01/CPU load",
        NotificationType = "PROBLEM",
        Proxy = "environment",
        VerifyTls = true,
        TimeoutSeconds = 10,
        Source = "0123456789abcdef",
        RateBudget = RateBudget.Default,
        Created = DateTimeOffset.UnixEpoch,
        Body = "<?xml version=\"1.0\"?><event/>"u8.ToArray(),
    };
}
