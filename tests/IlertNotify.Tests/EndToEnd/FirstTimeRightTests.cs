using IlertNotify.Tests.Support;
namespace IlertNotify.Tests.EndToEnd;

/// <summary>What a new user meets on the first runs: calls without NOTIFY_WHAT, odd keys, hostile names.</summary>
public sealed class FirstTimeRightTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task A_context_without_NOTIFY_WHAT_is_still_a_notification_and_is_delivered()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint);
        environment.Remove("NOTIFY_WHAT");

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("Usage:", result.Output);
        var received = Assert.Single(ilert.Received);
        Assert.Equal("CPU load", received.Get("NOTIFY_SERVICEDESC"));
    }

    [Fact]
    public async Task Rule_parameters_without_any_context_are_a_permanent_error_not_help_text()
    {
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_PARAMETER_API_KEY"] = "password\t" + ApiKey,
            ["NOTIFY_PARAMETER_SPOOL_DIR"] = SpoolDirectory,
        };

        var result = await SaveAsync(environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No notification context", result.Output);
        Assert.Empty(QueuedFiles());
    }

    [Theory]
    [InlineData("il1&key<with>\"markup\"0123")]
    [InlineData("il1key\nwith-newline-0123")]
    public async Task A_key_with_markup_or_a_newline_is_masked_in_every_encoding_an_echoing_server_returns(string key)
    {
        await using var ilert = await FakeIlert.StartAsync();
        var xmlEscapedKey = key.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("\n", "&#xA;", StringComparison.Ordinal);
        ilert.Responder = e => new ScriptedResponse(400, $"raw={e.ApiKey} xml=<apiKey>{xmlEscapedKey}</apiKey> url={Uri.EscapeDataString(e.ApiKey)}");
        var environment = ServiceNotification(ilert.Endpoint);
        environment["NOTIFY_PARAMETER_API_KEY"] = "password\t" + key;
        environment["NOTIFY_PARAMETER_API_KEY_2"] = key;

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        var reason = File.ReadAllText(Assert.Single(FailedFiles("*.reason")));
        foreach (var text in new[] { result.Output, reason })
        {
            Assert.Contains("raw=****0123", text);
            Assert.Contains("xml=<apiKey>****0123</apiKey>", text);
            Assert.Contains("url=****0123", text);
            Assert.DoesNotContain(key[..6], text);
            Assert.DoesNotContain(xmlEscapedKey[..8], text);
        }
    }

    [Fact]
    public async Task A_key_pasted_into_the_endpoint_field_is_masked_in_the_configuration_error()
    {
        var environment = ServiceNotification(ApiKey);

        var result = await SaveAsync(environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Configuration error", result.Output);
        Assert.DoesNotContain(ApiKey, result.Output);
        Assert.Contains("****CRET", result.Output);
    }

    [Fact]
    public async Task In_bulk_mode_a_key_pasted_into_the_endpoint_field_is_masked_too()
    {
        var stdin = $"PARAMETER_API_KEY=password\t{ApiKey}\nPARAMETER_ENDPOINT={ApiKey}\nPARAMETER_SPOOL_DIR={SpoolDirectory}\n"
            + "\nWHAT=HOST\nNOTIFICATIONTYPE=PROBLEM\nHOSTNAME=h1\nHOSTOUTPUT=down\n";

        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["--bulk"], stdin);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Configuration error", result.Output);
        Assert.DoesNotContain(ApiKey, result.Output);
    }

    [Fact]
    public async Task A_key_given_with_a_flag_is_masked_even_when_the_command_line_is_wrong()
    {
        var result = await NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["send", "-a", ApiKey, "--port", ApiKey]);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain(ApiKey, result.Output);
    }

    [Fact]
    public async Task Newlines_and_escape_sequences_in_names_cannot_forge_or_repaint_log_lines()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint, host: "web01\n2026-01-01 00:00:00 [INF] Delivered everything", service: "CPU\u001b[2J load");

        var result = await SaveAsync(environment);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("\u001b", result.Output);
        Assert.DoesNotContain(result.Stdout.Split('\n'), line => line.StartsWith("2026-01-01 00:00:00", StringComparison.Ordinal));
        Assert.Contains("web01\\n2026-01-01 00:00:00 [INF] Delivered everything/CPU\\x1b[2J load", result.Output);
        Assert.Equal("web01\n2026-01-01 00:00:00 [INF] Delivered everything", Assert.Single(ilert.Received).Get("NOTIFY_HOSTNAME"));
    }

    [Fact]
    public async Task Runtime_errors_read_as_text_not_as_resource_keys()
    {
        var blocker = Path.Combine(WorkDirectory, "a-file");
        File.WriteAllText(blocker, "");
        var environment = OnSpool(ServiceNotification("http://127.0.0.1:1"), Path.Combine(blocker, "spool"));

        var result = await SaveAsync(environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NOT spooled", result.Output);
        Assert.DoesNotMatch(@"\b[A-Z][A-Za-z]+_[A-Za-z]+_[A-Za-z_]+\b", result.Output);
    }
}
