using IlertNotify.Cli;
using IlertNotify.Context;

namespace IlertNotify.Tests.Unit;

public sealed class ParameterTests
{
    private static NotificationParameters Parameters(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => "NOTIFY_PARAMETER_" + p.Key, p => p.Value));

    [Theory]
    [InlineData("password\tSECRET")]
    [InlineData("password SECRET")]
    [InlineData("SECRET")]
    public void Typed_passwords_in_every_valuespec_encoding(string raw)
    {
        Assert.Equal(new PasswordReference.Explicit("SECRET"), PasswordReference.Read(Parameters(("API_KEY", raw)), "API_KEY"));
    }

    [Theory]
    [InlineData("store\tmy_id")]
    [InlineData("store my_id")]
    public void Stored_passwords_in_every_valuespec_encoding(string raw)
    {
        Assert.Equal(new PasswordReference.Stored("my_id"), PasswordReference.Read(Parameters(("API_KEY", raw)), "API_KEY"));
    }

    [Fact]
    public void Newer_valuespec_items_and_form_specs_are_read_by_name()
    {
        Assert.Equal(new PasswordReference.Stored("id7"), PasswordReference.Read(Parameters(("API_KEY", "store\tid7"), ("API_KEY_1", "store"), ("API_KEY_2", "id7")), "API_KEY"));
        Assert.Equal(
            new PasswordReference.Explicit("S3"),
            PasswordReference.Read(Parameters(("API_KEY_1", "cmk_postprocessed"), ("API_KEY_2", "explicit_password"), ("API_KEY_3_1", "uuid"), ("API_KEY_3_2", "S3"), ("API_KEY_3", "uuid\tS3")), "API_KEY"));
        Assert.Equal(
            new PasswordReference.Stored("pw_1"),
            PasswordReference.Read(Parameters(("API_KEY_3_2", ""), ("API_KEY_2", "stored_password"), ("API_KEY_3_1", "pw_1"), ("API_KEY_1", "cmk_postprocessed")), "API_KEY"));
    }

    [Fact]
    public void A_bare_secret_with_spaces_is_not_mistaken_for_a_tuple()
    {
        Assert.Equal(new PasswordReference.Explicit("my secret"), PasswordReference.Read(Parameters(("API_KEY", "my secret")), "API_KEY"));
    }

    [Fact]
    public void Lists_arrive_numbered_space_joined_or_hand_written()
    {
        Assert.Equal(["A", "B"], Parameters(("T_1", "A"), ("T_2", "B"), ("TS", "A B")).GetList("T"));
        Assert.Equal(["A", "B"], Parameters(("TS", "A B")).GetList("T"));
        Assert.Equal(["A", "B"], Parameters(("T", "A,B")).GetList("T"));
        Assert.Null(Parameters().GetList("T"));
    }

    [Fact]
    public void Booleans_and_numbers_are_checked()
    {
        Assert.True(Parameters(("X", "True")).GetBool("X"));
        Assert.False(Parameters(("X", "False")).GetBool("X"));
        Assert.Throws<ConfigurationException>(() => Parameters(("X", "yes please")).GetBool("X"));
        Assert.Equal(15, Parameters(("X", "15")).GetInt("X"));
        Assert.Throws<ConfigurationException>(() => Parameters(("X", "-3")).GetInt("X"));
    }

    [Fact]
    public void Flags_override_the_rule_form_which_overrides_the_plain_list()
    {
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_PARAMETER_1"] = "LISTKEY",
            ["NOTIFY_PARAMETER_API_KEY"] = "password\tFORMKEY",
            ["NOTIFY_PARAMETER_ENDPOINT"] = "https://form.example/",
            ["NOTIFY_PARAMETER_PROXY_URL"] = "NO_PROXY",
            ["NOTIFY_PARAMETER_IGNORE_TLS"] = "True",
            ["NOTIFY_PARAMETER_TIMEOUT"] = "3",
        };
        string Unused(string id) => throw new InvalidOperationException(id);

        Assert.Equal("FORMKEY", SettingsResolver.ResolveApiKey(new Invocation(), environment, Unused));
        Assert.Equal("FLAGKEY", SettingsResolver.ResolveApiKey(new Invocation { ApiKey = "FLAGKEY" }, environment, Unused));
        environment.Remove("NOTIFY_PARAMETER_API_KEY");
        Assert.Equal("LISTKEY", SettingsResolver.ResolveApiKey(new Invocation(), environment, Unused));

        var settings = SettingsResolver.Resolve(new Invocation(), environment);
        Assert.Equal("https://form.example/api/v1/events/nagios", IlertNotify.Events.EventTarget.Url(settings.Endpoint, settings.Format, "k").AbsoluteUri);
        Assert.True(settings.Proxy.IsNone);
        Assert.False(settings.VerifyTls);
        Assert.Equal(3, settings.TimeoutSeconds);

        var flagged = SettingsResolver.Resolve(new Invocation { Endpoint = "http://flag.example", Port = 8080, Proxy = "http://p:3128" }, environment);
        Assert.Equal("http://flag.example:8080/api/v1/events/nagios", IlertNotify.Events.EventTarget.Url(flagged.Endpoint, flagged.Format, "k").AbsoluteUri);
        Assert.Equal(new Uri("http://p:3128"), flagged.Proxy.Url);
    }

    [Fact]
    public void The_spool_defaults_to_the_site_else_the_reference_plugins_directory()
    {
        Assert.Equal("/omd/sites/s1/var/ilert_notify/spool", SettingsResolver.Resolve(new Invocation(), new Dictionary<string, string> { ["OMD_ROOT"] = "/omd/sites/s1" }).SpoolDirectory);
        Assert.Equal("/tmp/ilert_nagios", SettingsResolver.Resolve(new Invocation(), new Dictionary<string, string>()).SpoolDirectory);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void Unusable_endpoints_are_configuration_errors(string endpoint)
    {
        Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(new Invocation { Endpoint = endpoint }, new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("PROBLEM", true)]
    [InlineData("RECOVERY", true)]
    [InlineData("ACKNOWLEDGEMENT", true)]
    [InlineData("FLAPPINGSTART", false)]
    [InlineData("DOWNTIMEEND", false)]
    [InlineData("ALERTHANDLER (OK)", false)]
    [InlineData("CUSTOM", false)]
    [InlineData("", false)]
    public void Default_type_filter(string type, bool forwarded)
    {
        Assert.Equal(forwarded, new NotificationTypeFilter(NotificationTypeFilter.DefaultTypes).Forwards(type));
    }

    [Fact]
    public void A_configured_type_matches_the_leading_word()
    {
        Assert.True(new NotificationTypeFilter(["alerthandler"]).Forwards("ALERTHANDLER (CRITICAL)"));
    }

    [Fact]
    public void Context_names_the_incident_and_leaves_parameters_out_of_the_payload()
    {
        var context = new NotificationContext(new Dictionary<string, string>
        {
            ["NOTIFY_WHAT"] = "SERVICE",
            ["NOTIFY_HOSTNAME"] = "h",
            ["NOTIFY_SERVICEDESC"] = "s",
            ["NOTIFY_PARAMETER_API_KEY"] = "password\tx",
            ["NOTIFY_PARAMETERS"] = "x",
            ["PATH"] = "/bin",
        });

        Assert.Equal("h/s", context.IncidentKey);
        Assert.Equal(["NOTIFY_HOSTNAME", "NOTIFY_SERVICEDESC", "NOTIFY_WHAT"], context.PayloadEntries.Select(p => p.Key));
        Assert.Equal("h", new NotificationContext(new Dictionary<string, string> { ["NOTIFY_WHAT"] = "HOST", ["NOTIFY_HOSTNAME"] = "h", ["NOTIFY_SERVICEDESC"] = "$SERVICEDESC$" }).IncidentKey);
    }

    [Fact]
    public void Bulk_input_splits_parameters_and_notifications()
    {
        var bulk = BulkInput.Read(new StringReader("PARAMETER_1=K\n\nWHAT=HOST\nHOSTNAME=a\nHOSTOUTPUT=x\u0001y\n\nWHAT=HOST\nHOSTNAME=b=c\n"));

        Assert.Equal("K", bulk.Parameters["NOTIFY_PARAMETER_1"]);
        Assert.Equal(2, bulk.Notifications.Count);
        Assert.Equal("x\ny", bulk.Notifications[0]["NOTIFY_HOSTOUTPUT"]);
        Assert.Equal("b=c", bulk.Notifications[1]["NOTIFY_HOSTNAME"]);
    }
}
