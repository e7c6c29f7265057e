using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// <c>queue retarget --from-rule</c>: queued events follow the site's iLert (spooled) rule as Checkmk stored it.
/// The fixtures are the files each Checkmk version writes, taken from Checkmk's source, not from our code:
/// <list type="bullet">
/// <item><c>etc/check_mk/conf.d/wato/notifications.mk</c>: <c>notification_rules += [...]</c>
/// (<c>NotificationRuleConfigFile</c>, a <c>WatoListConfigFile</c>; <c>store.save_to_mk_file</c>, one line, or
/// pretty-printed with the global setting <c>wato_pprint_config</c>), each rule with
/// <c>'notify_plugin': (SCRIPT, PARAMETERS)</c>;</item>
/// <item>2.2, 2.3: PARAMETERS is the form's dict; <c>IndividualOrStoredPassword</c> stores <c>('password', SECRET)</c> or
/// <c>('store', ID)</c>, <c>HTTPProxyReference</c> <c>('environment', 'environment')</c>, <c>('no_proxy', None)</c>,
/// <c>('url', URL)</c>, <c>('global', ID)</c>;</item>
/// <item>2.4, 2.5: PARAMETERS is an id into <c>notification_parameter.mk</c> (werk 17698: the update to 2.4 separates them,
/// describing each as "Migrated from notification rule #N", rules counted from 0)
/// (<c>NotificationParameterConfigFile</c>: <c>notification_parameter.update({SCRIPT: {ID: {'general': {...},
/// 'parameter_properties': {...}}}})</c>, as in Checkmk's integration test <c>fake_notification_parameter</c>); form specs
/// store a password as <c>('cmk_postprocessed', 'explicit_password' | 'stored_password', (ID, SECRET))</c> (the pattern
/// Checkmk's diagnostics redact) and a proxy as <c>('cmk_postprocessed', 'no_proxy' | 'environment_proxy' |
/// 'explicit_proxy' | 'stored_proxy', VALUE)</c>.</item>
/// </list>
/// </summary>
public sealed class RetargetFromRuleTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string RuleKey = "il1api-rule-key-00000000NEW1";
    private const string OtherKey = "il1api-other-key-0000000OTH2";
    private const string StoredId = "ilert_key";

    private string Site => Path.Combine(WorkDirectory, "site");

    public static TheoryData<string> Versions => ["2.2", "2.3-pretty-printed", "2.4", "2.5"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Queued_events_follow_the_rule_as_each_Checkmk_version_stores_it(string version)
    {
        await SaveThreeAsync(DownEndpoint());
        await using var ilert = await FakeIlert.StartAsync();
        WriteSite(version, ilert.Endpoint, RuleKey);

        var retarget = await RetargetAsync("--all", "--from-rule");
        var send = await SendAsync();

        Assert.True(retarget.ExitCode == 0, retarget.Output);
        Assert.Equal(3, retarget.Output.Split("Re-targeted ").Length - 1);
        Assert.Contains("Following rule #1 'iLert'", retarget.Output, StringComparison.Ordinal);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(["PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY"], ilert.Received.Select(e => e.Get("NOTIFY_NOTIFICATIONTYPE")).ToArray());
        Assert.All(ilert.Received, e => Assert.Equal(RuleKey, e.ApiKey));
        Assert.Empty(QueuedFiles());
        foreach (var output in new[] { retarget.Output, send.Output })
        {
            Assert.DoesNotContain(RuleKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_several_rules_each_event_follows_the_rule_that_holds_its_key()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(WithKey(ServiceNotification(down, host: "a01"), ApiKey))).ExitCode);
        Assert.Equal(0, (await SaveAsync(WithKey(ServiceNotification(down, host: "b01"), OtherKey))).ExitCode);
        // Two enabled rules, one per alert source; the endpoint was fixed in both.
        WriteRules(
            Rule24("11111111-aaaa-4aaa-8aaa-000000000001", "source A", "p-a"),
            Rule24("11111111-aaaa-4aaa-8aaa-000000000002", "source B", "p-b"));
        WriteParameters(Parameters24("p-a", ilert.Endpoint, Explicit(ApiKey)), Parameters24("p-b", ilert.Endpoint, Explicit(OtherKey)));

        var retarget = await RetargetAsync("--all", "--from-rule");
        var send = await SendAsync();

        Assert.True(retarget.ExitCode == 0, retarget.Output);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal([("a01/CPU load", ApiKey), ("b01/CPU load", OtherKey)],
            ilert.Received.Select(e => (e.Get("NOTIFY_HOSTNAME") + "/" + e.Get("NOTIFY_SERVICEDESC"), e.ApiKey)).Order().ToArray());
        Assert.DoesNotContain(OtherKey, retarget.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_no_rule_claims_stops_the_run_before_any_change_and_the_rules_are_listed_with_masked_keys()
    {
        var down = DownEndpoint();
        Assert.Equal(0, (await SaveAsync(WithKey(ServiceNotification(down, host: "a01"), OtherKey))).ExitCode);
        Assert.Equal(0, (await SaveAsync(ServiceNotification(down, host: "z01"))).ExitCode);
        var before = QueuedFiles().Select(File.ReadAllBytes).ToArray();
        WriteRules(
            Rule24("11111111-aaaa-4aaa-8aaa-000000000001", "Störungen A\\nforged line", "p-a"),
            Rule24("11111111-aaaa-4aaa-8aaa-000000000002", "source B", "p-b"));
        WriteParameters(Parameters24("p-a", "https://api.ilert.com", Explicit(RuleKey)), Parameters24("p-b", "https://api.ilert.com", Explicit(OtherKey)));

        var refused = await RetargetAsync("--all", "--from-rule");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("1 of 2 selected event(s)", refused.Output, StringComparison.Ordinal);
        Assert.Contains("z01/CPU load", refused.Output, StringComparison.Ordinal);
        Assert.Contains("#0 (11111111-aaaa-4aaa-8aaa-000000000001) 'Störungen A\\nforged line'", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\nforged line", refused.Output, StringComparison.Ordinal);
        Assert.Contains("key ****NEW1", refused.Output, StringComparison.Ordinal);
        Assert.Contains("key ****OTH2", refused.Output, StringComparison.Ordinal);
        Assert.Contains("--rule N", refused.Output, StringComparison.Ordinal);
        foreach (var secret in new[] { RuleKey, OtherKey, ApiKey })
        {
            Assert.DoesNotContain(secret, refused.Output, StringComparison.Ordinal);
        }
        Assert.Equal(before, QueuedFiles().Select(File.ReadAllBytes).ToArray());
    }

    [Fact]
    public async Task Rule_names_the_rule_to_follow_by_number_or_rule_id()
    {
        await SaveThreeAsync(DownEndpoint());
        await using var ilert = await FakeIlert.StartAsync();
        WriteRules(
            Rule24("11111111-aaaa-4aaa-8aaa-000000000001", "old source", "p-a"),
            Rule24("11111111-aaaa-4aaa-8aaa-000000000002", "new source", "p-b"));
        WriteParameters(Parameters24("p-a", DownEndpoint(), Explicit(OtherKey)), Parameters24("p-b", ilert.Endpoint, Explicit(RuleKey)));

        var unknown = await RetargetAsync("--all", "--from-rule", "--rule", "7");
        var byId = await RetargetAsync("--incident", "web01/CPU load", "--from-rule", "--rule", "11111111-aaaa-4aaa-8aaa-000000000002");
        var send = await SendAsync();

        Assert.True(unknown.ExitCode == 2, unknown.Output);
        Assert.Contains("no iLert (spooled) rule with that number or id", unknown.Output, StringComparison.Ordinal);
        Assert.True(byId.ExitCode == 0, byId.Output);
        Assert.Contains("Following rule #1 'new source'", byId.Output, StringComparison.Ordinal);
        Assert.Equal(3, ilert.Received.Count(e => e.ApiKey == RuleKey));
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task Without_an_ilert_rule_nothing_changes_and_the_message_says_why()
    {
        await SaveThreeAsync(DownEndpoint());
        var before = QueuedFiles().Select(File.ReadAllBytes).ToArray();
        WriteRules("{'description': 'mail', 'disabled': False, 'notify_plugin': ('mail', {}), 'rule_id': 'r-mail'}");

        var refused = await RetargetAsync("--all", "--from-rule");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("no enabled notification rule with method iLert (spooled)", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, QueuedFiles().Select(File.ReadAllBytes).ToArray());
    }

    [Fact]
    public async Task A_rule_file_that_is_not_a_plain_literal_is_never_executed()
    {
        await SaveThreeAsync(DownEndpoint());
        var marker = Path.Combine(WorkDirectory, "executed");
        WriteRules("{'description': 'x', 'notify_plugin': ('ilert_notify', {'api_key': ('password', __import__('os').system('touch " + marker + "') and 'k')})}");

        var refused = await RetargetAsync("--all", "--from-rule");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("cannot read the notification rules", refused.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the rule file was executed");
        Assert.Equal(3, QueuedFiles().Length);
    }

    [Fact]
    public async Task A_second_rule_that_cannot_be_read_is_listed_with_its_problem_and_does_not_make_the_first_one_the_only_one()
    {
        await SaveThreeAsync(DownEndpoint());
        var before = QueuedFiles().Select(File.ReadAllBytes).ToArray();
        WriteStore("il1api-unused-stored-key-0000");
        WriteRules(
            $"{{'description': 'A', 'disabled': False, 'rule_id': 'r-a', 'notify_plugin': ('ilert_notify', {{'api_key': ('password', '{RuleKey}')}})}}",
            "{'description': 'B', 'disabled': False, 'rule_id': 'r-b', 'notify_plugin': ('ilert_notify', {'api_key': ('store', 'deleted_entry')})}");

        var refused = await RetargetAsync("--all", "--from-rule");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("3 of 3 selected event(s)", refused.Output, StringComparison.Ordinal);
        Assert.Contains("#1 (r-b) 'B': rule #1 'B': password store entry 'deleted_entry' not found", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, QueuedFiles().Select(File.ReadAllBytes).ToArray());
    }

    [Fact]
    public async Task A_rule_with_a_global_proxy_needs_its_url_given_and_then_takes_it()
    {
        await SaveThreeAsync(DownEndpoint());
        await using var ilert = await FakeIlert.StartAsync();
        WriteRules($"{{'description': 'iLert', 'disabled': False, 'rule_id': 'r-1', 'notify_plugin': ('ilert_notify', {{'api_key': ('password', '{RuleKey}'), 'endpoint': '{ilert.Endpoint}', 'proxy_url': ('global', 'corporate')}})}}");

        var refused = await RetargetAsync("--all", "--from-rule");
        var given = await RetargetAsync("--all", "--from-rule", "-x", "NO_PROXY");
        var send = await SendAsync();

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("uses the global proxy 'corporate': give its URL with -x", refused.Output, StringComparison.Ordinal);
        Assert.True(given.ExitCode == 0, given.Output);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Equal(3, ilert.Received.Count(e => e.ApiKey == RuleKey));
    }

    [Fact]
    public async Task Events_written_for_another_alert_source_type_than_the_rule_sends_are_not_rewritten()
    {
        await SaveThreeAsync(DownEndpoint());
        var before = QueuedFiles().Select(File.ReadAllBytes).ToArray();
        WriteRules(Rule24("0d3c2a5e-5b1e-4f27-9d5c-3a9e8f1b2c01", "iLert", "p-c"));
        WriteParameters(Parameters24("p-c", "https://api.ilert.com", Explicit(RuleKey)).Replace("'source_type': 'nagios'", "'source_type': 'checkmk'", StringComparison.Ordinal));

        var refused = await RetargetAsync("--all", "--from-rule");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("re-targeting does not rewrite the payload", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, QueuedFiles().Select(File.ReadAllBytes).ToArray());
    }

    [Theory]
    [InlineData("retarget", "--all", "--rule", "0")]
    [InlineData("purge", "--all", "--from-rule")]
    [InlineData("retarget", "--all", "--from-rule", "--key-from-stdin")]
    public async Task A_rule_option_out_of_place_is_refused_before_anything_is_read_or_changed(params string[] args)
    {
        await SaveThreeAsync(DownEndpoint());

        var refused = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string> { ["OMD_ROOT"] = Site },
            ["queue", .. args, "-d", SpoolDirectory], stdin: RuleKey + "\n");

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("--from-rule", refused.Output, StringComparison.Ordinal);
        Assert.Equal(3, QueuedFiles().Length);
    }

    private async Task SaveThreeAsync(string endpoint)
    {
        foreach (var type in new[] { "PROBLEM", "ACKNOWLEDGEMENT", "RECOVERY" })
        {
            Assert.Equal(0, (await SaveAsync(ServiceNotification(endpoint, type: type))).ExitCode);
        }
    }

    private Task<NotifierResult> RetargetAsync(params string[] args) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string> { ["OMD_ROOT"] = Site, ["OMD_SITE"] = "mysite" },
            ["queue", "retarget", .. args, "-d", SpoolDirectory]);

    private static Dictionary<string, string> WithKey(Dictionary<string, string> notification, string key)
    {
        notification["NOTIFY_PARAMETER_API_KEY"] = "password\t" + key;
        notification["NOTIFY_PARAMETER_API_KEY_2"] = key;
        return notification;
    }

    /// <summary>The rule files as <paramref name="version"/> writes them; rule #0 is a mail rule, the iLert one is #1.</summary>
    private void WriteSite(string version, string endpoint, string key)
    {
        const string Mail = "{'description': 'Notify all contacts of a host/service via HTML email', 'comment': '', 'docu_url': '', 'disabled': False, 'allow_disable': True, 'contact_object': True, 'contact_all': False, 'contact_all_with_email': False, 'rule_id': '50cf4824-12ad-41e2-a6f5-efdd21c55ae7', 'notify_plugin': ('mail', {})}";
        switch (version)
        {
            case "2.2":
                // 2.2's legacy form: a typed key, no proxy chosen; a disabled iLert rule after it does not count.
                WriteRules(Mail,
                    $"{{'description': 'iLert', 'comment': '', 'docu_url': '', 'disabled': False, 'allow_disable': True, 'contact_object': False, 'contact_all': False, 'contact_all_with_email': False, 'contact_users': ['ilert'], 'rule_id': '7d4bb7a1-0c3a-4a0e-9a31-2f0c8e3b1a10', 'notify_plugin': ('ilert_notify', {{'api_key': ('password', '{key}'), 'endpoint': '{endpoint}', 'proxy_url': ('no_proxy', None), 'timeout': 5}})}}",
                    "{'description': 'iLert old', 'disabled': True, 'rule_id': '7d4bb7a1-0c3a-4a0e-9a31-2f0c8e3b1a11', 'notify_plugin': ('ilert_notify', {'api_key': ('password', 'il1api-disabled-rule-key-0000'), 'endpoint': 'http://127.0.0.1:9'})}");
                break;
            case "2.3-pretty-printed":
                // 2.3, "Pretty-print configuration files" on: the key from the password store, the proxy from the environment.
                WriteStore(key);
                File.WriteAllText(RulesFile(), $$"""
                    # Written by Checkmk store

                    notification_rules += \
                    [{'allow_disable': True,
                      'comment': '',
                      'contact_all': False,
                      'contact_all_with_email': False,
                      'contact_object': True,
                      'description': 'Notify all contacts of a host/service via HTML email',
                      'disabled': False,
                      'docu_url': '',
                      'notify_plugin': ('mail', {}),
                      'rule_id': '50cf4824-12ad-41e2-a6f5-efdd21c55ae7'},
                     {'allow_disable': True,
                      'comment': '',
                      'contact_users': ['ilert'],
                      'description': 'iLert',
                      'disabled': False,
                      'docu_url': '',
                      'notify_plugin': ('ilert_notify',
                                        {'api_key': ('store', '{{StoredId}}'),
                                         'endpoint': '{{endpoint}}',
                                         'notification_types': ['PROBLEM', 'RECOVERY', 'ACKNOWLEDGEMENT'],
                                         'proxy_url': ('environment', 'environment')}),
                      'rule_id': 'c1f2e3d4-0000-4000-8000-000000000001'}]

                    """.ReplaceLineEndings("\n"));
                break;
            case "2.4":
                // 2.4: the rule names its parameters; a form spec password typed in, no proxy.
                WriteRules(Mail, Rule24("0d3c2a5e-5b1e-4f27-9d5c-3a9e8f1b2c01", "iLert", "6a9f5a57-1d3b-4b0e-8f5e-2c2f0e7c9a11"));
                WriteParameters(Parameters24("6a9f5a57-1d3b-4b0e-8f5e-2c2f0e7c9a11", endpoint, Explicit(key)));
                break;
            case "2.5":
                // 2.5: the same store, the key from the password store, the proxy from the environment.
                WriteStore(key);
                WriteRules(Mail, Rule24("0d3c2a5e-5b1e-4f27-9d5c-3a9e8f1b2c01", "iLert", "6a9f5a57-1d3b-4b0e-8f5e-2c2f0e7c9a11"));
                WriteParameters(Parameters24("6a9f5a57-1d3b-4b0e-8f5e-2c2f0e7c9a11", endpoint,
                    $"('cmk_postprocessed', 'stored_password', ('{StoredId}', ''))", "('cmk_postprocessed', 'environment_proxy', '')"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(version));
        }
    }

    private static string Rule24(string ruleId, string description, string parameterId) =>
        $"{{'rule_id': '{ruleId}', 'allow_disable': True, 'contact_all': False, 'contact_all_with_email': False, 'contact_object': True, 'description': '{description}', 'comment': '', 'docu_url': '', 'disabled': False, 'notify_plugin': ('ilert_notify', '{parameterId}')}}";

    private static string Explicit(string key) => $"('cmk_postprocessed', 'explicit_password', ('uuid8f2a3c64-4a8e-4e0c-9f3e-8d1b7c6a5e41', '{key}'))";

    private static string Parameters24(string id, string endpoint, string password, string proxy = "('cmk_postprocessed', 'no_proxy', '')") =>
        $"'{id}': {{'general': {{'description': 'iLert {id}', 'comment': '', 'docu_url': ''}}, 'parameter_properties': {{'api_key': {password}, 'endpoint': '{endpoint}', 'proxy_url': {proxy}, 'source_type': 'nagios'}}}}";

    private string RulesFile()
    {
        var wato = Path.Combine(Site, "etc", "check_mk", "conf.d", "wato");
        Directory.CreateDirectory(wato);
        WritePython();
        return Path.Combine(wato, "notifications.mk");
    }

    private void WriteRules(params string[] rules) =>
        File.WriteAllText(RulesFile(), $"# Written by Checkmk store\n\nnotification_rules += [{string.Join(", ", rules)}]\n");

    private void WriteParameters(params string[] entries) =>
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(RulesFile())!, "notification_parameter.mk"),
            $"# Written by Checkmk store\n\nnotification_parameter.update({{'ilert_notify': {{{string.Join(", ", entries)}}}}})\n");

    /// <summary>The site's python3: the machine's, with a stand-in for Checkmk's password store module.</summary>
    private void WritePython()
    {
        var python = Path.Combine(Site, "bin", "python3");
        if (File.Exists(python))
        {
            return;
        }
        var modules = Path.Combine(Site, "lib", "python3");
        Directory.CreateDirectory(Path.Combine(modules, "cmk", "utils"));
        File.WriteAllText(Path.Combine(modules, "cmk", "__init__.py"), "");
        File.WriteAllText(Path.Combine(modules, "cmk", "utils", "__init__.py"), "");
        File.WriteAllText(Path.Combine(modules, "cmk", "utils", "password_store.py"),
            "import os\n\ndef extract(ident):\n    path = os.path.join(os.path.dirname(__file__), 'store', ident)\n    if not os.path.exists(path):\n        raise KeyError(ident)\n    return open(path).read()\n");
        Directory.CreateDirectory(Path.GetDirectoryName(python)!);
        File.WriteAllText(python, $"#!/bin/sh\nPYTHONPATH='{modules}' exec /usr/bin/python3 \"$@\"\n");
        File.SetUnixFileMode(python, (UnixFileMode)0b111_101_101);
    }

    private void WriteStore(string key)
    {
        RulesFile();
        var store = Path.Combine(Site, "lib", "python3", "cmk", "utils", "store");
        Directory.CreateDirectory(store);
        File.WriteAllText(Path.Combine(store, StoredId), key);
    }
}
