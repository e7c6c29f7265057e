using System.Collections;
using System.Xml.Linq;
using IlertNotify.Checkmk;
using IlertNotify.Cli;
using IlertNotify.Events;
using IlertNotify.Settings;

namespace IlertNotify.Tests.Unit;

/// <summary>The rules iLert's own Nagios and Icinga configurations rely on (issue 21).</summary>
public sealed class NagiosWiringTests
{
    private static string Unused(string id) => throw new InvalidOperationException(id);

    private static string? Key(Dictionary<string, string> environment, params string[] arguments) =>
        SettingsResolver.ResolveApiKey(new SettingOverrides(), environment, Arguments(arguments), Unused);

    private static List<KeyValuePair<string, string>> Arguments(params string[] arguments) =>
        arguments.Select(a => new KeyValuePair<string, string>(a[..a.IndexOf('=')], a[(a.IndexOf('=') + 1)..])).ToList();

    [Fact]
    public void The_pager_is_the_key_in_the_reference_order()
    {
        var environment = new Dictionary<string, string> { ["NAGIOS_CONTACTPAGER"] = "NAGIOSKEY", ["ICINGA_CONTACTPAGER"] = "ICINGAKEY" };

        Assert.Equal("NAGIOSKEY", Key(environment, "CONTACTPAGER=ARGKEY"));
        environment.Remove("NAGIOS_CONTACTPAGER");
        Assert.Equal("ICINGAKEY", Key(environment, "CONTACTPAGER=ARGKEY"));
        environment.Remove("ICINGA_CONTACTPAGER");
        Assert.Equal("ARGKEY", Key(environment, "CONTACTPAGER=ARGKEY"));
        Assert.Null(Key(environment));
    }

    [Fact]
    public void An_argument_replaces_the_pager_variable_of_the_same_name()
    {
        var environment = new Dictionary<string, string> { ["NAGIOS_CONTACTPAGER"] = "ENVKEY" };

        Assert.Equal("ARGKEY", Key(environment, "NAGIOS_CONTACTPAGER=ARGKEY"));
    }

    [Fact]
    public void A_bare_pager_variable_or_an_empty_pager_is_no_key()
    {
        Assert.Null(Key(new Dictionary<string, string> { ["CONTACTPAGER"] = "SHELLVALUE" }));
        Assert.Equal("ARGKEY", Key(new Dictionary<string, string> { ["NAGIOS_CONTACTPAGER"] = "" }, "CONTACTPAGER=ARGKEY"));
    }

    [Fact]
    public void The_flag_and_the_rule_win_over_the_pager()
    {
        var environment = new Dictionary<string, string> { ["NAGIOS_CONTACTPAGER"] = "PAGERKEY", ["NOTIFY_PARAMETER_1"] = "LISTKEY" };

        Assert.Equal("FLAGKEY", SettingsResolver.ResolveApiKey(new SettingOverrides().With(RuleFields.ApiKey, "FLAGKEY"), environment, [], Unused));
        Assert.Equal("LISTKEY", Key(environment));
        environment["NOTIFY_PARAMETER_API_KEY"] = "password\tFORMKEY";
        Assert.Equal("FORMKEY", Key(environment, "CONTACTPAGER=ARGKEY"));
    }

    [Fact]
    public void Every_pager_value_is_a_secret_before_parsing()
    {
        var environment = new Dictionary<string, string> { ["NAGIOS_CONTACTPAGER"] = "il1nagiosPAGER", ["ICINGA_CONTACTPAGER"] = "il1icingaPAGER" };
        var candidates = SecretCandidates.From(["-m", "save", "CONTACTPAGER=il1argPAGER", "ICINGA_CONTACTPAGER=il1argICINGA"], environment).ToList();

        Assert.Contains("il1nagiosPAGER", candidates);
        Assert.Contains("il1icingaPAGER", candidates);
        Assert.Contains("il1argPAGER", candidates);
        Assert.Contains("il1argICINGA", candidates);
    }

    [Fact]
    public void Arguments_alone_are_a_notification_with_type_host_and_service()
    {
        var context = new NotificationContext(
            new Dictionary<string, string> { ["HOSTNAME"] = "shell-host", ["PATH"] = "/bin" },
            Arguments("NOTIFICATIONTYPE=PROBLEM", "HOSTNAME=web01", "SERVICEDESC=HTTP"));

        Assert.True(context.IsPresent);
        Assert.Equal("PROBLEM", context.NotificationType);
        Assert.Equal("web01/HTTP", context.IncidentKey);
        Assert.False(new NotificationContext(new Dictionary<string, string> { ["HOSTNAME"] = "shell-host" }).IsPresent);
    }

    [Fact]
    public void Environment_macros_come_before_bare_arguments_and_a_prefixed_argument_replaces_its_macro()
    {
        var environment = new Dictionary<string, string> { ["NAGIOS_NOTIFICATIONTYPE"] = "RECOVERY", ["NAGIOS_HOSTNAME"] = "envhost" };

        Assert.Equal("RECOVERY", new NotificationContext(environment, Arguments("NOTIFICATIONTYPE=PROBLEM")).NotificationType);
        Assert.Equal("arghost", new NotificationContext(environment, Arguments("NAGIOS_HOSTNAME=arghost")).HostName);
    }

    [Fact]
    public void Icinga_host_notifications_with_empty_service_variables_are_host_incidents()
    {
        var context = new NotificationContext(new Dictionary<string, string>
        {
            ["ICINGA_NOTIFICATIONTYPE"] = "PROBLEM",
            ["ICINGA_HOSTNAME"] = "db01",
            ["ICINGA_SERVICEDESC"] = "",
        });

        Assert.False(context.IsServiceNotification);
        Assert.Equal("db01", context.IncidentKey);
    }

    [Fact]
    public void A_host_notification_with_an_unexpanded_service_macro_is_a_host_incident()
    {
        var context = new NotificationContext(new Dictionary<string, string>(), Arguments("NOTIFICATIONTYPE=PROBLEM", "HOSTNAME=db01", "SERVICEDESC=$SERVICEDESC$"));

        Assert.Equal("db01", context.IncidentKey);
    }

    [Theory]
    [InlineData("Problem", true)]
    [InlineData("Recovery", true)]
    [InlineData("Acknowledgement", true)]
    [InlineData("DowntimeStart", false)]
    [InlineData("DowntimeEnd", false)]
    [InlineData("DowntimeRemoved", false)]
    [InlineData("DOWNTIMECANCELLED", false)]
    [InlineData("FlappingStart", false)]
    [InlineData("FlappingEnd", false)]
    [InlineData("Custom", false)]
    public void Icinga_2_type_names_are_filtered_like_Nagios_ones(string type, bool forwarded)
    {
        Assert.Equal(forwarded, new NotificationTypeFilter(NotificationTypeFilter.DefaultTypes).Forwards(type));
    }

    [Fact]
    public void Arguments_are_entries_of_the_same_names_replacing_the_environment()
    {
        var context = new NotificationContext(
            new Dictionary<string, string> { ["NAGIOS_HOSTNAME"] = "envhost", ["NAGIOS_HOSTSTATE"] = "DOWN" },
            Arguments("NAGIOS_HOSTNAME=arghost", "NOTIFICATIONTYPE=PROBLEM", "HOSTOUTPUT=a=b"));
        var settings = SettingsResolver.Resolve(new SettingOverrides(), new Dictionary<string, string>()) with { ApiKey = "KEY" };

        var body = XDocument.Parse(System.Text.Encoding.UTF8.GetString(EventFactory.Create(context, settings, DateTimeOffset.UnixEpoch).Body));
        var entries = body.Root!.Element("payload")!.Elements("entry").ToDictionary(e => (string)e.Attribute("key")!, e => e.Value);

        Assert.Equal("arghost", entries["NAGIOS_HOSTNAME"]);
        Assert.Equal("DOWN", entries["NAGIOS_HOSTSTATE"]);
        Assert.Equal("PROBLEM", entries["NOTIFICATIONTYPE"]);
        Assert.Equal("a=b", entries["HOSTOUTPUT"]);
        Assert.Equal(["HOSTOUTPUT", "NAGIOS_HOSTNAME", "NAGIOS_HOSTSTATE", "NOTIFICATIONTYPE", "PLUGIN_VERSION"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_call_without_context_or_arguments_is_exit_2_with_a_message()
    {
        var (code, output) = await RunAsync(new Hashtable { ["PATH"] = "/bin" }, "-m", "save", "-a", "KEY", "-d", "/nonexistent/spool");

        Assert.Equal(ExitCodes.Permanent, code);
        Assert.Contains("No notification context", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_without_a_type_are_exit_2_never_ignored()
    {
        var (code, output) = await RunAsync(new Hashtable(), "-m", "save", "-a", "KEY", "-d", "/nonexistent/spool", "HOSTNAME=web01");

        Assert.Equal(ExitCodes.Permanent, code);
        Assert.Contains("has no type", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pager_never_shows_in_the_log()
    {
        // An ignored type logs the incident and stops before the spool: the pager must be masked in that line too.
        var (code, output) = await RunAsync(new Hashtable(), "-m", "save", "-d", "/nonexistent/spool",
            "CONTACTPAGER=il1pagerSECRETvalue", "NOTIFICATIONTYPE=DOWNTIMESTART", "HOSTNAME=il1pagerSECRETvalue");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Ignored DOWNTIMESTART", output, StringComparison.Ordinal);
        Assert.DoesNotContain("il1pagerSECRET", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(Hashtable environment, params string[] args)
    {
        using var stdout = new StringWriter();
        var code = await App.RunAsync(args, environment, new StringReader(""), stdout);
        return (code, stdout.ToString());
    }
}
