using System.Text;
using System.Text.Json;
using IlertNotify.Checkmk;
using IlertNotify.Cli;
using IlertNotify.Events;
using IlertNotify.Formats;
using IlertNotify.Settings;
using IlertNotify.Spool;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The rule-field declaration (plugin/Checkmk/RuleFields.json) is the one place a field is written down: what the
/// notifier reads from it must hold for every field, so a new field is checked the day it is declared.
/// </summary>
public sealed class RuleFieldTests
{
    private static readonly string[] KnownKinds = ["password", "choice", "url", "proxy", "checkbox", "multichoice", "integer", "text", "url_prefix"];

    public static TheoryData<string> Keys() => [.. RuleFields.All.Select(field => field.Key)];

    public static TheoryData<string> FlaggedKeys() => [.. RuleFields.All.Where(field => field.Flag is not null).Select(field => field.Key)];

    private static readonly string[] Commands = ["save", "send", "status", "setup", "queue"];

    /// <summary>The fields whose flag some command does not take (the spool directory's is everyone's).</summary>
    public static TheoryData<string> ScopedKeys() =>
        [.. RuleFields.All.Where(field => field.Flag is { } flag && Commands.Except(flag.Commands).Any()).Select(field => field.Key)];

    public static TheoryData<string> TravellingKeys() => [.. RuleFields.All.Where(field => field.Travels).Select(field => field.Key)];

    [Fact]
    public void The_binary_reads_the_same_file_the_build_renders_the_forms_from()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(PublishedNotifier.RepositoryRoot(), "plugin", "Checkmk", "RuleFields.json")));
        var declared = file.RootElement.GetProperty("fields").EnumerateArray().Select(field => field.GetProperty("key").GetString()).ToList();

        Assert.Equal(declared, RuleFields.All.Select(field => field.Key));
        Assert.Equal(declared.Count, declared.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_field_has_a_kind_the_forms_render_and_a_default_of_its_kind(string key)
    {
        var field = RuleFields.Get(key);

        Assert.Contains(field.Kind, KnownKinds);
        if (field.Kind == "integer")
        {
            Assert.InRange(field.DefaultNumber, field.Min!.Value, field.Max!.Value);
        }
        if (field.Kind is "choice" or "multichoice" && field.Default is not null)
        {
            Assert.All(field.DefaultList, value => Assert.Contains(value, field.Choices));
        }
    }

    [Fact]
    public void The_source_type_choices_are_the_registered_formats_and_a_rule_without_one_means_the_default_format()
    {
        Assert.Equal(EventFormats.All.Select(format => format.RuleValue).Order(), RuleFields.SourceType.Choices.Order());
        Assert.Same(EventFormats.Default, EventFormats.FromRule(RuleFields.SourceType.Default));
    }

    [Fact]
    public void A_new_rule_preselects_the_checkmk_alert_source_type()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(PublishedNotifier.RepositoryRoot(), "plugin", "Checkmk", "RuleFields.json")));
        var sourceType = file.RootElement.GetProperty("fields").EnumerateArray().Single(field => field.GetProperty("key").GetString() == "source_type");

        Assert.Same(EventFormats.CheckmkJson, EventFormats.FromRule(sourceType.GetProperty("form_default").GetString()));
    }

    [Fact]
    public void A_rule_without_fields_means_the_declared_defaults()
    {
        var settings = SettingsResolver.Resolve(new SettingOverrides(), new Dictionary<string, string>());

        Assert.Equal(new Uri(RuleFields.Endpoint.Default!), settings.Endpoint);
        Assert.Equal(RuleFields.Timeout.DefaultNumber, settings.TimeoutSeconds);
        Assert.Equal(RuleFields.RateLimit.DefaultNumber, settings.RateBudget.Requests);
        Assert.Equal(RuleFields.NotificationTypes.DefaultList.Order(), settings.TypeFilter.Forwarded.Order());
        Assert.True(settings.VerifyTls);
    }

    [Theory]
    [MemberData(nameof(FlaggedKeys))]
    public void Each_flag_is_parsed_from_its_declaration_and_wins_over_the_rule(string key)
    {
        var field = RuleFields.Get(key);
        var command = field.Flag!.Commands[0];
        var sample = Sample(field);
        string[] args = field.Flag.Value is null ? [command, field.Flag.Names[^1]] : [command, field.Flag.Names[^1], sample];

        var invocation = CommandLineParser.Parse(args, hasNotificationContext: false);
        var parameters = new Dictionary<string, string> { ["NOTIFY_PARAMETER_" + field.Parameter] = RuleSample(field) };

        Assert.Equal(sample, invocation.Overrides[field]);
        Assert.Equal(sample, new RuleValues(invocation.Overrides, new NotificationParameters(parameters)).Text(field));
        Assert.Contains(field.Flag.Names[0], HelpText.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ScopedKeys))]
    public void A_flag_on_a_command_it_does_not_belong_to_is_refused(string key)
    {
        var field = RuleFields.Get(key);
        var elsewhere = Commands.First(command => !field.Flag!.Commands.Contains(command));
        string[] args = field.Flag!.Value is null ? [elsewhere, field.Flag.Names[0]] : [elsewhere, field.Flag.Names[0], Sample(field)];

        Assert.Throws<UsageException>(() => CommandLineParser.Parse(args, hasNotificationContext: false));
    }

    [Fact]
    public void Every_spelling_of_a_secret_fields_flag_is_masked_before_parsing()
    {
        foreach (var field in RuleFields.All.Where(field => field.Secret))
        {
            foreach (var name in field.Flag!.Names)
            {
                Assert.Contains("il1SAMPLEsecret", SecretCandidates.From(["save", name, "il1SAMPLEsecret"], new Dictionary<string, string>()));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TravellingKeys))]
    public void A_travelling_field_is_kept_in_the_spooled_event(string key)
    {
        var field = RuleFields.Get(key);
        var flags = new SettingOverrides().With(RuleFields.ApiKey, "il1basekey").With(field, Sample(field));
        var settings = SettingsResolver.Resolve(flags, new Dictionary<string, string>()) with
        {
            ApiKey = SettingsResolver.ResolveApiKey(flags, new Dictionary<string, string>(), [], _ => ""),
        };
        var context = new NotificationContext(new Dictionary<string, string>
        {
            ["NOTIFY_WHAT"] = "SERVICE",
            ["NOTIFY_NOTIFICATIONTYPE"] = "PROBLEM",
            ["NOTIFY_HOSTNAME"] = "web01",
            ["NOTIFY_SERVICEDESC"] = "CPU load",
        });

        var (read, _) = SpoolFileFormat.Parse(SpoolFileFormat.Serialize(EventFactory.Create(context, settings, DateTimeOffset.UnixEpoch), DeliveryRecord.New));
        var reread = SpoolFileFormat.Serialize(read, DeliveryRecord.New);
        var header = Encoding.UTF8.GetString(reread, 0, reread.AsSpan().IndexOf("\n\n"u8));

        Assert.True(Kept(field, read, header), header);
    }

    /// <summary>A value unlike the default, as typed after the flag.</summary>
    private static string Sample(RuleField field) => field.Kind switch
    {
        "password" => "il1SAMPLEkey0123",
        "choice" => field.Choices.First(choice => choice != field.Default),
        "url" => "https://sample.example:8443",
        "proxy" => "http://sample-proxy.example:3128",
        "checkbox" => "True",
        "multichoice" => string.Join(",", field.Choices.Except(field.DefaultList).Take(2)),
        "integer" => (field.DefaultNumber + 7).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "/sample/" + field.Key,
    };

    /// <summary>What the rule says instead: the flag must win over it.</summary>
    private static string RuleSample(RuleField field) => field.Kind switch
    {
        "checkbox" => "False",
        "integer" => "3",
        _ => "rule-value",
    };

    /// <summary>The sample, read back from the spool file (a switch and a key show as what they do).</summary>
    private static bool Kept(RuleField field, IlertEvent read, string header) => field.Kind switch
    {
        "password" => read.ApiKey() == Sample(field),
        "choice" => read.Format == EventFormats.FromRule(Sample(field)),
        "url" => read.Url.AbsoluteUri.StartsWith(Sample(field), StringComparison.Ordinal),
        "proxy" => read.Proxy == ProxySetting.Parse(Sample(field)).Value,
        "checkbox" => !read.VerifyTls,
        _ => header.Contains(": " + Sample(field), StringComparison.Ordinal),
    };
}
