using IlertNotify.Checkmk;
using IlertNotify.Cli;
using IlertNotify.Settings;

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

    // Checkmk 2.4 and 2.5 flatten the form spec value ("cmk_postprocessed", KIND, (ID, SECRET)) with
    // events.add_to_event_context: _1, _2, _3_1, _3_2, and, the inner pair being a tuple of strings, a tab-joined _3.
    [Fact]
    public void Checkmk_2_5_typed_password_comes_from_3_2_and_the_tab_joined_3_is_ignored()
    {
        // Checkmk's own pagerduty test fixture has a _3 that disagrees with _3_2; the script must take _3_2.
        var parameters = Parameters(
            ("API_KEY_3", "uuidcdd72f8e-1b70-473e-9a5e-8abdb2c42580\tDECOY"),
            ("API_KEY_3_2", "il1typedKEY"),
            ("API_KEY_2", "explicit_password"),
            ("API_KEY_1", "cmk_postprocessed"),
            ("API_KEY_3_1", "uuidcdd72f8e-1b70-473e-9a5e-8abdb2c42580"));

        Assert.Equal(new PasswordReference.Explicit("il1typedKEY"), PasswordReference.Read(parameters, "API_KEY"));
    }

    [Fact]
    public void Checkmk_2_5_typed_password_with_a_tab_in_it_is_taken_whole()
    {
        var parameters = Parameters(
            ("API_KEY_1", "cmk_postprocessed"), ("API_KEY_2", "explicit_password"),
            ("API_KEY_3", "uuid1\tse\tcret"), ("API_KEY_3_1", "uuid1"), ("API_KEY_3_2", "se\tcret"));

        Assert.Equal(new PasswordReference.Explicit("se\tcret"), PasswordReference.Read(parameters, "API_KEY"));
    }

    [Fact]
    public void Checkmk_2_5_stored_password_is_the_id_in_3_1_whatever_3_says()
    {
        var parameters = Parameters(
            ("API_KEY_1", "cmk_postprocessed"), ("API_KEY_2", "stored_password"),
            ("API_KEY_3", "ilert_key\t"), ("API_KEY_3_1", "ilert_key"), ("API_KEY_3_2", ""));

        Assert.Equal(new PasswordReference.Stored("ilert_key"), PasswordReference.Read(parameters, "API_KEY"));
    }

    [Theory]
    [InlineData("stored_password", "", "", "no password store entry is selected (API_KEY_3_1 is empty)")]
    [InlineData("explicit_password", "uuid1", "", "the typed password is empty (API_KEY_3_2)")]
    [InlineData("secret_password", "uuid1", "S3", "unknown password kind 'secret_password' in API_KEY_2 (expected explicit_password or stored_password)")]
    [InlineData(null, "uuid1", "S3", "a form spec password without its kind (API_KEY_2 is missing)")]
    public void An_unusable_form_spec_password_is_a_configuration_error_that_says_what_is_wrong(string? kind, string id, string secret, string message)
    {
        var pairs = new List<(string, string)> { ("API_KEY_1", "cmk_postprocessed"), ("API_KEY_3_1", id), ("API_KEY_3_2", secret), ("API_KEY_3", id + "\t" + secret) };
        if (kind is not null)
        {
            pairs.Add(("API_KEY_2", kind));
        }

        var error = Assert.Throws<ConfigurationException>(() => PasswordReference.Read(Parameters([.. pairs]), "API_KEY"));

        Assert.Equal("parameter api_key: " + message, error.Message);
        Assert.DoesNotContain("S3", error.Message);
    }

    [Theory]
    [InlineData("store", "")]
    [InlineData("password", "")]
    public void An_empty_valuespec_password_is_a_configuration_error(string kind, string value)
    {
        Assert.Throws<ConfigurationException>(() => PasswordReference.Read(Parameters(("API_KEY", kind + "\t" + value), ("API_KEY_1", kind), ("API_KEY_2", value)), "API_KEY"));
    }

    [Fact]
    public void A_typed_form_spec_password_is_a_secret_the_log_masks()
    {
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed",
            ["NOTIFY_PARAMETER_API_KEY_2"] = "explicit_password",
            ["NOTIFY_PARAMETER_API_KEY_3"] = "uuid1\til1typedKEY",
            ["NOTIFY_PARAMETER_API_KEY_3_1"] = "uuid1",
            ["NOTIFY_PARAMETER_API_KEY_3_2"] = "il1typedKEY",
        };

        Assert.Contains("il1typedKEY", SecretCandidates.From([], environment));
    }

    [Theory]
    [InlineData("", "environment")]
    [InlineData("FROM_ENVIRONMENT", "environment")]
    [InlineData("NO_PROXY", "none")]
    [InlineData("http://proxy.lan:3128", "http://proxy.lan:3128/")]
    [InlineData(" https://proxy.lan:8443 ", "https://proxy.lan:8443/")]
    [InlineData("socks4://proxy.lan:1080", "socks4://proxy.lan:1080/")]
    [InlineData("socks4a://proxy.lan:1080", "socks4a://proxy.lan:1080/")]
    [InlineData("socks5://proxy.lan:1080", "socks5://proxy.lan:1080/")]
    [InlineData("socks5h://proxy.lan:1080", "socks5://proxy.lan:1080/")]
    [InlineData("proxy.lan:3128", "http://proxy.lan:3128/")]
    [InlineData("http://[fd00::1]:3128", "http://[fd00::1]:3128/")]
    public void Every_proxy_string_checkmk_passes_is_understood(string passed, string value)
    {
        var setting = ProxySetting.Read(Parameters(("PROXY_URL", passed)));

        Assert.Equal(value, setting.Value);
        Assert.Equal(setting, ProxySetting.Parse(setting.Value));
    }

    [Fact]
    public void No_proxy_parameter_means_the_environment()
    {
        Assert.True(ProxySetting.Read(Parameters()).UsesEnvironment);
        Assert.Null(ProxySetting.Read(Parameters()).Url);
        Assert.True(ProxySetting.Read(Parameters(("PROXY_URL", "NO_PROXY"))).IsNone);
    }

    [Fact]
    public void A_global_proxy_with_credentials_of_checkmk_2_5_keeps_them_out_of_the_url_and_the_messages()
    {
        // 2.5 stores global proxies structured (scheme, proxy_server_name, port, auth) and passes the script the URL
        // it builds from them, user and password percent-encoded.
        var setting = ProxySetting.Read(Parameters(("PROXY_URL", "http://us%3Aer:s%40crit@proxy.lan:3128")));

        Assert.Equal(new Uri("http://proxy.lan:3128"), setting.Url);
        Assert.Equal("us:er", setting.Credentials!.UserName);
        Assert.Equal("s@crit", setting.Credentials.Password);
        Assert.DoesNotContain("crit", setting.ToString());
        Assert.Equal(setting, ProxySetting.Parse(setting.Value));
        Assert.Null(ProxySetting.Parse("http://proxy.lan:3128").Credentials);
    }

    [Theory]
    [InlineData("ftp://proxy.lan:21")]
    [InlineData("http://user:s3crit@proxy.lan:port")]
    [InlineData("user:s3crit@proxy lan")]
    [InlineData("{'scheme': 'http', 'proxy_server_name': 'proxy.lan', 'port': 3128, 'auth': {'user': 'u', 'password': ('cmk_postprocessed', 'explicit_password', ('uuid1', 's3crit'))}}")]
    [InlineData("cmk_postprocessed\texplicit_proxy\thttp://u:s3crit@proxy.lan:3128")]
    public void An_unusable_proxy_is_a_configuration_error_that_never_shows_its_password(string passed)
    {
        var error = Assert.Throws<ConfigurationException>(() => ProxySetting.Read(Parameters(("PROXY_URL", passed))));

        Assert.StartsWith("proxy", error.Message);
        Assert.DoesNotContain("s3crit", error.Message);
    }

    [Fact]
    public void A_form_spec_proxy_that_arrives_flattened_is_read_by_name()
    {
        (string, string)[] Flat(string kind, string value) =>
            [("PROXY_URL", $"cmk_postprocessed\t{kind}\t{value}"), ("PROXY_URL_3", value), ("PROXY_URL_2", kind), ("PROXY_URL_1", "cmk_postprocessed")];

        Assert.True(ProxySetting.Read(Parameters(Flat("environment_proxy", ""))).UsesEnvironment);
        Assert.True(ProxySetting.Read(Parameters(Flat("no_proxy", ""))).IsNone);
        Assert.Equal(new Uri("http://proxy.lan:3128"), ProxySetting.Read(Parameters(Flat("explicit_proxy", "http://proxy.lan:3128"))).Url);
        Assert.Contains("global proxy 'corp' arrived unresolved", Assert.Throws<ConfigurationException>(() => ProxySetting.Read(Parameters(Flat("stored_proxy", "corp")))).Message);
        var structured = Parameters(("PROXY_URL_1", "cmk_postprocessed"), ("PROXY_URL_2", "explicit_proxy"),
            ("PROXY_URL_3_SCHEME", "http"), ("PROXY_URL_3_PROXY_SERVER_NAME", "proxy.lan"), ("PROXY_URL_3_PORT", "3128"));
        Assert.Contains("structured proxy", Assert.Throws<ConfigurationException>(() => ProxySetting.Read(structured)).Message);
    }

    [Fact]
    public void The_proxy_flag_overrides_the_rule()
    {
        var environment = new Dictionary<string, string> { ["NOTIFY_PARAMETER_PROXY_URL"] = "not a proxy at all" };

        Assert.Equal(new Uri("http://flag:3128"), SettingsResolver.Resolve(new SettingOverrides().With(RuleFields.Proxy, "http://flag:3128"), environment).Proxy.Url);
        Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(new SettingOverrides(), environment));
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

        Assert.Equal("FORMKEY", SettingsResolver.ResolveApiKey(new SettingOverrides(), environment, [], Unused));
        Assert.Equal("FLAGKEY", SettingsResolver.ResolveApiKey(new SettingOverrides().With(RuleFields.ApiKey, "FLAGKEY"), environment, [], Unused));
        environment.Remove("NOTIFY_PARAMETER_API_KEY");
        Assert.Equal("LISTKEY", SettingsResolver.ResolveApiKey(new SettingOverrides(), environment, [], Unused));

        var settings = SettingsResolver.Resolve(new SettingOverrides(), environment);
        Assert.Equal("https://form.example/api/v1/events/nagios", settings.Format.Url(settings.Endpoint, "k").AbsoluteUri);
        Assert.True(settings.Proxy.IsNone);
        Assert.False(settings.VerifyTls);
        Assert.Equal(3, settings.TimeoutSeconds);

        var flagged = SettingsResolver.Resolve(new SettingOverrides { Port = 8080 }.With(RuleFields.Endpoint, "http://flag.example").With(RuleFields.Proxy, "http://p:3128"), environment);
        Assert.Equal("http://flag.example:8080/api/v1/events/nagios", flagged.Format.Url(flagged.Endpoint, "k").AbsoluteUri);
        Assert.Equal(new Uri("http://p:3128"), flagged.Proxy.Url);
    }

    [Fact]
    public void The_spool_defaults_to_the_site_else_the_reference_plugins_directory()
    {
        Assert.Equal("/omd/sites/s1/var/ilert_notify/spool", SettingsResolver.Resolve(new SettingOverrides(), new Dictionary<string, string> { ["OMD_ROOT"] = "/omd/sites/s1" }).SpoolDirectory);
        Assert.Equal("/tmp/ilert_nagios", SettingsResolver.Resolve(new SettingOverrides(), new Dictionary<string, string>()).SpoolDirectory);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void Unusable_endpoints_are_configuration_errors(string endpoint)
    {
        Assert.Throws<ConfigurationException>(() => SettingsResolver.Resolve(new SettingOverrides().With(RuleFields.Endpoint, endpoint), new Dictionary<string, string>()));
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
