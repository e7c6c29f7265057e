using System.Text.Json;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The alert source type iLert recommends for Checkmk 2.x: JSON to <c>checkmk-ext/{key}</c>, as Checkmk's built-in
/// <c>ilert</c> script posts it, through our spool, with the key only in the URL path.
/// </summary>
public sealed class CheckmkSourceTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private static readonly string DataDirectory = Path.Combine(PublishedNotifier.RepositoryRoot(), "tests", "data");

    // The built-in form's fields, sent under its names; ours (API key, endpoint, spool...) stay out of the body.
    private static readonly Dictionary<string, string> RuleFields = new()
    {
        ["NOTIFY_PARAMETER_ILERT_PRIORITY"] = "LOW",
        ["NOTIFY_PARAMETER_ILERT_SUMMARY_HOST"] = "$NOTIFICATIONTYPE$ Host Alert: $HOSTNAME$ is $HOSTSTATE$ - $HOSTOUTPUT$",
        ["NOTIFY_PARAMETER_ILERT_SUMMARY_SERVICE"] = "$NOTIFICATIONTYPE$ Service Alert: $HOSTALIAS$/$SERVICEDESC$ is $SERVICESTATE$ - $SERVICEOUTPUT$",
        ["NOTIFY_PARAMETER_URL_PREFIX_AUTOMATIC"] = "https",
    };

    // EVENT_TXT as Checkmk 2.5's built-in body has it for each corpus context (docs/DESIGN.md); the corpus has no
    // PREVIOUS*HARDSHORTSTATE, so a state change reads " -> CRIT", and a type other than Checkmk's upper-case ones is its own text.
    private static readonly Dictionary<string, string> EventTexts = new()
    {
        ["host-acknowledgement-multiline-comment"] = "Acknowledged ()",
        ["host-acknowledgement"] = "Acknowledged (DOWN)",
        ["host-problem"] = " -> DOWN",
        ["host-recovery"] = " -> UP",
        ["service-acknowledgement"] = "Acknowledged (CRIT)",
        ["service-problem-control-chars"] = " -> CRIT",
        ["service-problem-long-output"] = " -> CRIT",
        ["service-problem-markup"] = " -> CRIT",
        ["service-problem-multiline"] = " -> CRIT",
        ["service-problem-non-ascii"] = " -> CRIT",
        ["service-problem"] = " -> CRIT",
        ["service-recovery-lowercase-type"] = "recovery",
        ["service-recovery"] = " -> OK",
    };

    public static TheoryData<string> DeliveredContexts()
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(DataDirectory, "contexts"), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.GetProperty("expect").GetString() == "delivered")
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(DeliveredContexts))]
    public async Task Each_context_arrives_as_the_built_in_scripts_json_with_the_rule_fields_EVENT_TXT_and_the_key_only_in_the_path(string name)
    {
        var context = LoadContext(Path.Combine(DataDirectory, "contexts", name + ".json"), "context");
        await using var ilert = await FakeIlert.StartAsync();

        var result = await SaveAsync(CheckmkRule(ilert.Endpoint, context));

        Assert.True(result.ExitCode == 0, result.Output);
        var e = Assert.Single(ilert.Received);
        var expected = context.Concat(RuleFields).ToDictionary(pair => pair.Key["NOTIFY_".Length..], pair => pair.Value, StringComparer.Ordinal);
        expected["EVENT_TXT"] = EventTexts[name];
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), e.Entries.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("application/json", e.ContentType);
        Assert.Equal("application/json", e.Accept);
        Assert.Equal("checkmk/extension/1.0", e.Agent);
        Assert.Equal(ApiKey, e.ApiKey);
        Assert.Equal($"/api/v1/events/checkmk-ext/{ApiKey}", e.Path);
        Assert.DoesNotContain(ApiKey, e.Body);
        Assert.DoesNotContain(ApiKey, result.Output);
        Assert.Empty(QueuedFiles());
    }

    [Fact]
    public async Task Our_body_is_the_built_in_scripts_body_without_its_secret_and_transport_parameters()
    {
        var fixture = Path.Combine(DataDirectory, "checkmk-builtin", "service-problem.json");
        var builtinEnvironment = LoadContext(fixture, "environment");
        var builtinBody = LoadContext(fixture, "builtin_body");
        await using var ilert = await FakeIlert.StartAsync();
        var context = builtinEnvironment.Where(pair => !pair.Key.StartsWith("NOTIFY_PARAMETER_", StringComparison.Ordinal)).ToDictionary();

        var result = await SaveAsync(CheckmkRule(ilert.Endpoint, context));

        Assert.True(result.ExitCode == 0, result.Output);
        // The built-in script posts every NOTIFY_* variable; we leave out its key (a secret) and its own
        // transport settings (ours, like the endpoint or the spool, are not sent either).
        string[] notSent = ["PARAMETER_ILERT_API_KEY", "PARAMETER_IGNORE_SSL", "PARAMETER_PROXY_URL"];
        var expected = builtinBody.Where(pair => !notSent.Contains(pair.Key)).OrderBy(p => p.Key, StringComparer.Ordinal);
        Assert.Equal(expected, Assert.Single(ilert.Received).Entries.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nothing_open_to_resolve_counts_as_delivered_and_another_400_goes_to_failed()
    {
        await using var ilert = await FakeIlert.StartAsync();
        ilert.Enqueue(new ScriptedResponse(400, """{"status":400,"message":"No open alert for key","code":"NONE_OPEN_FOR_KEY"}"""));
        ilert.Enqueue(new ScriptedResponse(400, """{"status":400,"message":"Invalid payload","code":"INVALID_INPUT"}"""));
        var context = ContextOnly(ServiceNotification(ilert.Endpoint, type: "RECOVERY"));

        var resolved = await SaveAsync(CheckmkRule(ilert.Endpoint, context));
        var rejected = await SaveAsync(CheckmkRule(ilert.Endpoint, context));

        Assert.Equal(0, resolved.ExitCode);
        Assert.Contains("NONE_OPEN_FOR_KEY", resolved.Output);
        Assert.Contains("counted as delivered", resolved.Output);
        Assert.Equal(0, rejected.ExitCode);
        Assert.Empty(QueuedFiles());
        Assert.Contains("INVALID_INPUT", File.ReadAllText(Assert.Single(FailedFiles("*.reason"))));
        Assert.DoesNotContain(ApiKey, File.ReadAllText(Assert.Single(FailedFiles("*.reason"))));
    }

    [Fact]
    public async Task A_queue_keeps_the_format_it_was_written_in_when_the_rule_changes()
    {
        var port = FakeIlert.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var context = ContextOnly(ServiceNotification(endpoint));
        Assert.Equal(0, (await SaveAsync(ServiceNotification(endpoint, type: "PROBLEM"))).ExitCode);
        context["NOTIFY_NOTIFICATIONTYPE"] = "RECOVERY";
        Assert.Equal(0, (await SaveAsync(CheckmkRule(endpoint, context))).ExitCode);
        await using var ilert = await FakeIlert.StartAsync(port);

        Assert.Equal(0, (await SendAsync()).ExitCode);

        Assert.Equal(["/api/v1/events/nagios", $"/api/v1/events/checkmk-ext/{ApiKey}"], ilert.Received.Select(e => e.Path).ToArray());
        Assert.Equal("PROBLEM", ilert.Received[0].Get("NOTIFY_NOTIFICATIONTYPE"));
        Assert.Equal("RECOVERY", ilert.Received[1].Get("NOTIFICATIONTYPE"));
    }

    [Fact]
    public async Task Bulk_notifications_carry_the_rule_fields_that_arrive_once_before_them_and_each_its_EVENT_TXT()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var stdin = $"PARAMETER_API_KEY=password\t{ApiKey}\nPARAMETER_ENDPOINT={ilert.Endpoint}\nPARAMETER_SPOOL_DIR={SpoolDirectory}\n"
            + "PARAMETER_SOURCE_TYPE=checkmk\nPARAMETER_ILERT_PRIORITY=LOW\nPARAMETER_URL_PREFIX_AUTOMATIC=https\n"
            + "\nWHAT=HOST\nNOTIFICATIONTYPE=PROBLEM\nHOSTNAME=h1\nHOSTOUTPUT=down\nHOSTSHORTSTATE=DOWN\n"
            + "\nWHAT=SERVICE\nNOTIFICATIONTYPE=RECOVERY\nHOSTNAME=h2\nSERVICEDESC=Memory\nSERVICEOUTPUT=OK\nPREVIOUSSERVICEHARDSHORTSTATE=CRIT\nSERVICESHORTSTATE=OK\n";

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["--bulk"], stdin);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(2, ilert.Received.Count);
        Assert.Equal([" -> DOWN", "CRIT -> OK"], ilert.Received.Select(e => e.Get("EVENT_TXT")).Order(StringComparer.Ordinal));
        Assert.All(ilert.Received, e =>
        {
            Assert.Equal($"/api/v1/events/checkmk-ext/{ApiKey}", e.Path);
            Assert.Equal("LOW", e.Get("PARAMETER_ILERT_PRIORITY"));
            Assert.Equal("https", e.Get("PARAMETER_URL_PREFIX_AUTOMATIC"));
            Assert.DoesNotContain(ApiKey, e.Body);
            Assert.False(e.Entries.ContainsKey("PARAMETER_SPOOL_DIR"));
        });
    }

    private Dictionary<string, string> CheckmkRule(string endpoint, IReadOnlyDictionary<string, string> context)
    {
        var environment = ServiceNotification(endpoint).Where(p => p.Key.StartsWith("NOTIFY_PARAMETER_", StringComparison.Ordinal) || !p.Key.StartsWith("NOTIFY_", StringComparison.Ordinal))
            .Concat(context).Concat(RuleFields).ToDictionary(StringComparer.Ordinal);
        environment["NOTIFY_PARAMETER_SOURCE_TYPE"] = "checkmk";
        return environment;
    }

    private static Dictionary<string, string> ContextOnly(Dictionary<string, string> environment) =>
        environment.Where(p => p.Key.StartsWith("NOTIFY_", StringComparison.Ordinal) && !p.Key.StartsWith("NOTIFY_PARAMETER_", StringComparison.Ordinal)).ToDictionary();

    private static Dictionary<string, string> LoadContext(string file, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
    }
}
