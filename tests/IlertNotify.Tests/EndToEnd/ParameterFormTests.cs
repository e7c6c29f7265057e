using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

/// <summary>Every way Checkmk (and Nagios/Icinga command lines) hand us the API key and settings.</summary>
public sealed class ParameterFormTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string StoredKey = "il1storedKEY0987654321";

    [Fact]
    public async Task Plain_list_form_parameter_1_is_the_api_key()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint));
        environment["NOTIFY_PARAMETER_1"] = ApiKey;
        environment["NOTIFY_PARAMETERS"] = ApiKey;

        Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        Assert.Equal(ApiKey, Assert.Single(ilert.Received).ApiKey);
    }

    [Fact]
    public async Task Valuespec_store_reference_is_resolved_by_the_sites_own_python()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithFakeSite(WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint)));
        environment["NOTIFY_PARAMETER_API_KEY"] = "store\tilert_key";

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(StoredKey, Assert.Single(ilert.Received).ApiKey);
        Assert.DoesNotContain(StoredKey, result.Output);
    }

    [Fact]
    public async Task Form_spec_stored_password_of_checkmk_2_4_is_read_by_name()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithFakeSite(WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint)));
        environment["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed";
        environment["NOTIFY_PARAMETER_API_KEY_2"] = "stored_password";
        environment["NOTIFY_PARAMETER_API_KEY_3_1"] = "ilert_key";
        environment["NOTIFY_PARAMETER_API_KEY_3_2"] = "";

        Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        Assert.Equal(StoredKey, Assert.Single(ilert.Received).ApiKey);
    }

    [Fact]
    public async Task Form_spec_explicit_password_of_checkmk_2_4_is_used_as_typed()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint));
        environment["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed";
        environment["NOTIFY_PARAMETER_API_KEY_2"] = "explicit_password";
        environment["NOTIFY_PARAMETER_API_KEY_3_1"] = "uuid-1234";
        environment["NOTIFY_PARAMETER_API_KEY_3_2"] = ApiKey;

        Assert.Equal(0, (await SaveAsync(environment)).ExitCode);
        Assert.Equal(ApiKey, Assert.Single(ilert.Received).ApiKey);
    }

    /// <summary>
    /// A rule of the rulesets form as Checkmk 2.5 calls the script: the password flattened by
    /// <c>events.add_to_event_context</c> (with the tab-joined <c>_3</c>), <c>proxy_url</c> resolved to a URL.
    /// iLert is reached only through that proxy: the endpoint's host does not exist, and the stand-in listens on the
    /// proxy's port, taking the absolute-form request a client sends to an HTTP proxy.
    /// </summary>
    [Fact]
    public async Task Checkmk_2_5_typed_password_and_proxy_url_reach_ilert_through_the_proxy()
    {
        await using var proxy = await FakeIlert.StartAsync();
        var environment = WithoutApiKeyParameters(ServiceNotification("http://ilert.invalid"));
        environment["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed";
        environment["NOTIFY_PARAMETER_API_KEY_2"] = "explicit_password";
        environment["NOTIFY_PARAMETER_API_KEY_3"] = "uuid0c0ffee0-1b70-473e-9a5e-8abdb2c42580\tDECOY";
        environment["NOTIFY_PARAMETER_API_KEY_3_1"] = "uuid0c0ffee0-1b70-473e-9a5e-8abdb2c42580";
        environment["NOTIFY_PARAMETER_API_KEY_3_2"] = ApiKey;
        environment["NOTIFY_PARAMETER_PROXY_URL"] = $"http://127.0.0.1:{proxy.Port}";

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        var e = Assert.Single(proxy.Received);
        Assert.Equal(ApiKey, e.ApiKey);
        Assert.Equal("web01", e.Get("NOTIFY_HOSTNAME"));
        Assert.DoesNotContain(ApiKey, result.Output);
    }

    [Fact]
    public async Task Checkmk_2_5_stored_password_is_resolved_by_the_sites_python_whatever_the_joined_3_says()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithFakeSite(WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint)));
        environment["NOTIFY_PARAMETER_API_KEY_3"] = "ilert_key\t";
        environment["NOTIFY_PARAMETER_API_KEY_3_2"] = "";
        environment["NOTIFY_PARAMETER_API_KEY_3_1"] = "ilert_key";
        environment["NOTIFY_PARAMETER_API_KEY_2"] = "stored_password";
        environment["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed";
        environment["NOTIFY_PARAMETER_PROXY_URL"] = "NO_PROXY";

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(StoredKey, Assert.Single(ilert.Received).ApiKey);
        Assert.DoesNotContain(StoredKey, result.Output);
    }

    [Theory]
    [InlineData("API_KEY_2", "secret_password", "parameter api_key: unknown password kind 'secret_password'")]
    [InlineData("API_KEY_3_2", "", "parameter api_key: the typed password is empty")]
    [InlineData("PROXY_URL", "http://proxyuser:pr0xyS3CRET@proxy.lan:port", "proxy 'http://***@proxy.lan:port' is neither")]
    [InlineData("PROXY_URL", "{'scheme': 'http', 'proxy_server_name': 'proxy.lan', 'port': 3128}", "proxy: Checkmk passed a structured proxy setting")]
    public async Task An_unusable_checkmk_2_5_parameter_is_a_permanent_error_that_says_which_and_why(string parameter, string value, string message)
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint));
        environment["NOTIFY_PARAMETER_API_KEY_1"] = "cmk_postprocessed";
        environment["NOTIFY_PARAMETER_API_KEY_2"] = "explicit_password";
        environment["NOTIFY_PARAMETER_API_KEY_3"] = "uuid1\t" + ApiKey;
        environment["NOTIFY_PARAMETER_API_KEY_3_1"] = "uuid1";
        environment["NOTIFY_PARAMETER_API_KEY_3_2"] = ApiKey;
        environment["NOTIFY_PARAMETER_" + parameter] = value;

        var result = await SaveAsync(environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output);
        Assert.DoesNotContain("pr0xyS3CRET", result.Output);
        Assert.DoesNotContain(ApiKey, result.Output);
        Assert.Empty(QueuedFiles());
        Assert.Equal(0, ilert.Requests);
    }

    [Fact]
    public async Task A_missing_store_entry_is_a_permanent_error_with_a_clear_message()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = WithFakeSite(WithoutApiKeyParameters(ServiceNotification(ilert.Endpoint)));
        environment["NOTIFY_PARAMETER_API_KEY"] = "store\tno_such_entry";

        var result = await SaveAsync(environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("password store entry 'no_such_entry' not found", result.Stdout);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task Reference_plugin_nagios_mode_flags_and_extras_work_unchanged()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["NAGIOS_HOSTNAME"] = "db01",
            ["NAGIOS_SERVICEDESC"] = "Disk /var",
            ["NAGIOS_NOTIFICATIONTYPE"] = "PROBLEM",
            ["NAGIOS_SERVICESTATE"] = "WARNING",
        };
        var endpoint = new Uri(ilert.Endpoint);

        var result = await SaveAsync(environment, "-m", "nagios", "-a", ApiKey, "-e", "http://127.0.0.1", "-p", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", SpoolDirectory, "team=ops");

        Assert.True(result.ExitCode == 0, result.Output);
        var e = Assert.Single(ilert.Received);
        Assert.Equal("db01", e.Get("NAGIOS_HOSTNAME"));
        Assert.Equal("Disk /var", e.Get("NAGIOS_SERVICEDESC"));
        Assert.Equal("ops", e.Get("team"));
        Assert.Equal(0, (await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["-m", "cron", "-d", SpoolDirectory])).ExitCode);
    }

    [Fact]
    public async Task Bulk_notifications_on_stdin_become_one_event_each()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var bigOutput = new string('y', 1024 * 1024);
        var stdin = $"PARAMETER_API_KEY=password\t{ApiKey}\nPARAMETER_ENDPOINT={ilert.Endpoint}\nPARAMETER_SPOOL_DIR={SpoolDirectory}\n"
            + "\nWHAT=HOST\nNOTIFICATIONTYPE=PROBLEM\nHOSTNAME=h1\nHOSTOUTPUT=line one\u0001line two\n"
            + $"\nWHAT=SERVICE\nNOTIFICATIONTYPE=RECOVERY\nHOSTNAME=h2\nSERVICEDESC=Memory\nSERVICEOUTPUT={bigOutput}\n";

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["--bulk"], stdin);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(2, ilert.Received.Count);
        var host = ilert.Received.Single(e => e.Get("NOTIFY_HOSTNAME") == "h1");
        Assert.Equal("line one\nline two", host.Get("NOTIFY_HOSTOUTPUT"));
        Assert.Equal(bigOutput, ilert.Received.Single(e => e.Get("NOTIFY_HOSTNAME") == "h2").Get("NOTIFY_SERVICEOUTPUT"));
    }

    private static Dictionary<string, string> WithoutApiKeyParameters(Dictionary<string, string> environment)
    {
        foreach (var key in environment.Keys.Where(key => key.StartsWith("NOTIFY_PARAMETER_API_KEY", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(key);
        }
        return environment;
    }

    /// <summary>An OMD site whose python3 answers like <c>cmk.utils.password_store</c> for one stored entry.</summary>
    private Dictionary<string, string> WithFakeSite(Dictionary<string, string> environment)
    {
        var root = Path.Combine(WorkDirectory, "site");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        var python = Path.Combine(root, "bin", "python3");
        File.WriteAllText(python, $"""
            #!/bin/sh
            # stands in for the site's python3 running the lookup script given with -c
            [ "$1" = "-c" ] || exit 9
            read -r id
            if [ "$id" = "ilert_key" ]; then printf '%s' '{StoredKey}'; exit 0; fi
            echo "KeyError: '$id'" >&2
            exit 3
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(python, (UnixFileMode)0b111_101_101);
        environment["OMD_ROOT"] = root;
        return environment;
    }
}
