using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Events;
using IlertNotify.Settings;
using IlertNotify.Spool;
using IlertNotify.Sync;
using IlertNotify.Tests.Support;
using Serilog;

namespace IlertNotify.Tests.Unit;

/// <summary>The sync run in process: the OpenAPI-built iLert stand-in over HTTP, the livestatus stand-in on a unix socket.</summary>
public sealed class AckSyncRunTests : IAsyncLifetime
{
    private const string UserKey = "usr0123456789abcdefUSERKEY";
    private const string SourceKey = "il1api0123456789abcdefSECRET";
    private const long SourceId = 1243;
    private const string EventEndpoint = "https://api.ilert.com";
    private readonly string directory = Directory.CreateTempSubdirectory("ilert-sync-").FullName;
    private FakeIlertAlerts ilert = null!;
    private FakeLivestatus live = null!;
    private SpoolDirectory spool = null!;

    public async Task InitializeAsync()
    {
        ilert = await FakeIlertAlerts.StartAsync(UserKey);
        live = new FakeLivestatus(Path.Combine(directory, "live"));
        spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));
    }

    public async Task DisposeAsync()
    {
        live.Dispose();
        await ilert.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static string Source(string key = SourceKey) => AlertSourceId.For(new Uri(EventEndpoint + "/api/v1/events/checkmk-ext/" + key), key);

    private void Remember(params RememberedIncident[] incidents)
    {
        var memory = IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow);
        foreach (var incident in incidents)
        {
            memory.Remember(incident);
        }
        memory.Save(spool.IncidentsPath, DateTimeOffset.UtcNow);
    }

    private static RememberedIncident Incident(string name, string? alertKey, string source = "") =>
        new(name, source.Length > 0 ? source : Source(), EventEndpoint, DateTimeOffset.UtcNow, alertKey);

    private Task<AckSyncReport> RunAsync(ICoreChannel? core = null) =>
        new AckSyncRun(new AckSyncSettings(UserKey, new Uri(ilert.Endpoint), "none", true, 5, "ilert", ""), core ?? new LivestatusClient(live.Path), new DeliveryOptions(),
            new LoggerConfiguration().CreateLogger(), TimeProvider.System).RunAsync([spool], DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));

    private IReadOnlyList<RememberedIncident> Open() => IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open;

    [Fact]
    public async Task Nothing_open_asks_ilert_nothing()
    {
        var report = await RunAsync();
        Assert.Equal(0, report.Requests);
        Assert.Empty(ilert.Queries);
    }

    [Fact]
    public async Task An_accepted_alert_acknowledges_its_service_once_sticky_and_persistent()
    {
        live.Set("web01", "HTTP", 2);
        Remember(Incident("web01/HTTP", "ik-1"));
        var alert = ilert.Open("web01/HTTP is CRITICAL", "ik-1", SourceId, SourceKey);
        ilert.Accept(alert, "Jane Doe");

        var report = await RunAsync();

        Assert.Equal((1, 1, 1), (report.Requests, report.Accepted, report.Acknowledged));
        var command = Assert.Single(live.Commands);
        Assert.EndsWith($"] ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ilert;Accepted in iLert by Jane Doe ({ilert.Endpoint}/alert/view?id={alert.Id})", command, StringComparison.Ordinal);
        Assert.Equal((2, true), live.Get("web01", "HTTP"));
        Assert.Equal(alert.Id, Assert.Single(Open()).AcknowledgedFor);

        var again = await RunAsync();
        Assert.Equal(0, again.Requests);
        Assert.Single(live.Commands);
    }

    [Fact]
    public async Task A_host_problem_is_acknowledged_as_a_host()
    {
        live.Set("db01", "", 1);
        Remember(Incident("db01", "ik-h"));
        ilert.Accept(ilert.Open("db01 is DOWN", "ik-h", SourceId, SourceKey));
        await RunAsync();
        Assert.Contains("] ACKNOWLEDGE_HOST_PROBLEM;db01;2;1;1;ilert;Accepted in iLert by Jane Doe", Assert.Single(live.Commands), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ok_gone_and_already_acknowledged_objects_are_not_acknowledged()
    {
        live.Set("ok01", "HTTP", 0);
        live.Set("acked01", "HTTP", 2, acknowledged: true);
        Remember(Incident("ok01/HTTP", "k-ok"), Incident("acked01/HTTP", "k-acked"), Incident("gone01/HTTP", "k-gone"));
        foreach (var key in new[] { "k-ok", "k-acked", "k-gone" })
        {
            ilert.Accept(ilert.Open(key, key, SourceId, SourceKey));
        }

        var report = await RunAsync();

        Assert.Equal((3, 0, 3), (report.Accepted, report.Acknowledged, report.Skipped));
        Assert.Empty(live.Commands);
        // OK again: its RECOVERY drops it; until then it is looked at again. Gone or acknowledged by someone: done.
        Assert.Equal(["ok01/HTTP"], Open().Where(i => i.AcknowledgedFor is null).Select(i => i.Incident));
    }

    [Fact]
    public async Task Alerts_of_other_sources_or_incidents_are_not_taken()
    {
        live.Set("web01", "HTTP", 2);
        Remember(Incident("web01/HTTP", "ik-1"));
        ilert.Accept(ilert.Open("web01/HTTP is CRITICAL", "ik-1", 99, "another-source-key-0123456789"));
        ilert.Accept(ilert.Open("web01/HTTP is CRITICAL", "ik-2", SourceId, SourceKey));
        ilert.Open("web01/HTTP is CRITICAL", "ik-1", SourceId, SourceKey);

        var report = await RunAsync();

        Assert.Equal(0, report.Accepted);
        Assert.Empty(live.Commands);
    }

    [Fact]
    public async Task Without_an_incident_key_the_summary_must_name_host_and_service()
    {
        live.Set("web01", "HTTP", 2);
        live.Set("db01", "", 1);
        Remember(Incident("web01/HTTP", null), Incident("db01", null));
        ilert.Accept(ilert.Open("db010 is DOWN", null, SourceId, SourceKey));
        ilert.Accept(ilert.Open("db01/MySQL is CRITICAL", null, SourceId, SourceKey));
        ilert.Accept(ilert.Open("PROBLEM: web01/HTTP is CRITICAL", null, SourceId, SourceKey));

        await RunAsync();

        Assert.Contains(";web01;HTTP;", Assert.Single(live.Commands), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_ids_are_learned_and_then_filtered_by()
    {
        live.Set("web01", "HTTP", 2);
        live.Set("web02", "HTTP", 2);
        Remember(Incident("web01/HTTP", "ik-1"));
        ilert.Accept(ilert.Open("web01/HTTP", "ik-1", SourceId, SourceKey));
        await RunAsync();
        Remember(Incident("web02/HTTP", "ik-2"));
        ilert.Accept(ilert.Open("web02/HTTP", "ik-2", SourceId, SourceKey));

        await RunAsync();

        Assert.DoesNotContain("sources=", ilert.Queries[0], StringComparison.Ordinal);
        Assert.Contains($"sources={SourceId}", ilert.Queries[1], StringComparison.Ordinal);
        Assert.Equal(2, live.Commands.Count);
    }

    [Fact]
    public async Task An_accept_after_the_recovery_finds_nothing_to_acknowledge()
    {
        live.Set("web01", "HTTP", 2);
        Remember(Incident("web01/HTTP", "ik-1"));
        var memory = IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow);
        Assert.True(memory.Forget("web01/HTTP", Source()));
        memory.Save(spool.IncidentsPath, DateTimeOffset.UtcNow);
        ilert.Accept(ilert.Open("web01/HTTP", "ik-1", SourceId, SourceKey));

        var report = await RunAsync();

        Assert.Equal(0, report.Requests);
        Assert.Empty(live.Commands);
    }

    [Fact]
    public async Task A_stopped_site_is_tried_again_next_run()
    {
        Remember(Incident("web01/HTTP", "ik-1"));
        ilert.Accept(ilert.Open("web01/HTTP", "ik-1", SourceId, SourceKey));

        var report = await RunAsync(new LivestatusClient(Path.Combine(directory, "no-socket")));

        Assert.Contains("cannot reach livestatus", report.Error, StringComparison.Ordinal);
        Assert.Null(Assert.Single(Open()).AcknowledgedFor);
    }

    [Fact]
    public async Task A_thousand_open_and_a_hundred_accepted_take_at_most_two_requests()
    {
        var incidents = Enumerable.Range(0, 1000).Select(i => Incident($"h{i}/CPU", $"ik-{i}")).ToArray();
        Remember(incidents);
        for (var i = 0; i < 1000; i++)
        {
            live.Set($"h{i}", "CPU", 2);
            var alert = ilert.Open($"h{i}/CPU", $"ik-{i}", SourceId, SourceKey);
            if (i % 10 == 0)
            {
                ilert.Accept(alert);
            }
        }

        var report = await RunAsync();

        Assert.True(report.Requests <= AlertsClient.MaxRequests, report.ToString());
        Assert.Equal(100, report.Acknowledged);
        Assert.Equal(100, live.Commands.Count);
    }
}
