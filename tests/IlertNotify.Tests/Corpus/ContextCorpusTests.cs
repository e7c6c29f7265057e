using System.Text.Json;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Corpus;

/// <summary>
/// Realistic Checkmk contexts (<c>tests/data/contexts/*.json</c>, written by its <c>generate.py</c>): each one,
/// passed as Checkmk passes it, gives a well-formed event carrying every variable, or a logged, deliberate ignore.
/// </summary>
public sealed class ContextCorpusTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private static readonly string CorpusDirectory = Path.Combine(PublishedNotifier.RepositoryRoot(), "tests", "data", "contexts");

    public static TheoryData<string> Contexts()
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(file));
        }
        return names;
    }

    [Fact]
    public void The_corpus_covers_host_and_service_and_every_notification_type()
    {
        var contexts = Directory.GetFiles(CorpusDirectory, "*.json").Select(file => Load(Path.GetFileNameWithoutExtension(file)).Context).ToList();
        string[] types = ["PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT", "FLAPPINGSTART", "FLAPPINGSTOP", "FLAPPINGDISABLED", "DOWNTIMESTART", "DOWNTIMEEND", "DOWNTIMECANCELLED", "CUSTOM", "ALERTHANDLER (OK)"];
        foreach (var what in new[] { "HOST", "SERVICE" })
        {
            var covered = contexts.Where(c => c["NOTIFY_WHAT"] == what).Select(c => c["NOTIFY_NOTIFICATIONTYPE"]).ToHashSet(StringComparer.Ordinal);
            Assert.All(types, type => Assert.Contains(type, covered));
        }
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public async Task Each_context_gives_a_well_formed_event_or_a_logged_ignore(string name)
    {
        var (expect, context) = Load(name);
        await using var ilert = await FakeIlert.StartAsync();
        var environment = ServiceNotification(ilert.Endpoint)
            .Where(pair => !pair.Key.StartsWith("NOTIFY_", StringComparison.Ordinal) || pair.Key.StartsWith("NOTIFY_PARAMETER_", StringComparison.Ordinal))
            .Concat(context)
            .ToDictionary(StringComparer.Ordinal);

        var result = await SaveAsync(environment);
        // What this checks is the body: a save on a busy emulated lane may leave its 2 s to cron, as designed.
        var send = await SendAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Empty(QueuedFiles());
        Assert.Empty(FailedFiles());
        if (expect == "ignored")
        {
            var incident = context["NOTIFY_WHAT"] == "SERVICE" ? $"{context["NOTIFY_HOSTNAME"]}/{context["NOTIFY_SERVICEDESC"]}" : context["NOTIFY_HOSTNAME"];
            Assert.Contains($"Ignored {context["NOTIFY_NOTIFICATIONTYPE"]} notification for {incident}", result.Stdout);
            Assert.Equal(0, ilert.Requests);
            return;
        }
        Assert.Equal("delivered", expect);
        var e = Assert.Single(ilert.Received);
        Assert.Equal(ApiKey, e.ApiKey);
        var expected = context.ToDictionary(pair => pair.Key, pair => XmlOracle.Readable(pair.Value), StringComparer.Ordinal);
        expected["PLUGIN_VERSION"] = e.Get("PLUGIN_VERSION");
        Assert.StartsWith("ilert-checkmk-", expected["PLUGIN_VERSION"]);
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), e.Entries.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    private static (string Expect, Dictionary<string, string> Context) Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, name + ".json")));
        var root = document.RootElement;
        var context = root.GetProperty("context").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return (root.GetProperty("expect").GetString() ?? "", context);
    }
}
