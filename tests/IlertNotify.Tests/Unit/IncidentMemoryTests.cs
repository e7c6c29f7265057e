using IlertNotify.Delivery;
using IlertNotify.Events;
using IlertNotify.Formats;
using IlertNotify.Logging;
using IlertNotify.Settings;
using IlertNotify.Spool;
using IlertNotify.Tests.Support;
using Serilog;

namespace IlertNotify.Tests.Unit;

/// <summary>What the two-way sync remembers of the problems iLert took: durable, bounded, dropped on recovery.</summary>
public sealed class IncidentMemoryTests : IAsyncLifetime
{
    private const string Key = "il1api0123456789abcdefSECRET";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("ilert-incidents-").FullName;
    private FakeIlert ilert = null!;

    public async Task InitializeAsync() => ilert = await FakeIlert.StartAsync();

    public async Task DisposeAsync()
    {
        await ilert.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private string MemoryPath => Path.Combine(directory, ".incidents");

    [Fact]
    public void Survives_a_save_and_load_with_odd_names_and_is_private()
    {
        var memory = new IncidentMemory();
        memory.Remember(new RememberedIncident("web 01/Disk /var\tusage", "src1", "https://api.ilert.com", Now, "ik-1"));
        memory.Remember(new RememberedIncident("db01", "src1", "https://api.ilert.com", Now, null, AcknowledgedFor: 42));
        memory.LearnSourceId("src1", 1243);
        memory.Save(MemoryPath, Now);

        var loaded = IncidentMemory.Load(MemoryPath, Now);

        Assert.Equal(memory.Open, loaded.Open);
        Assert.Equal(("web 01", "Disk /var\tusage"), (loaded.Open[0].Host, loaded.Open[0].Service));
        Assert.Equal(("db01", ""), (loaded.Open[1].Host, loaded.Open[1].Service));
        Assert.Equal(1243, loaded.SourceIds["src1"]);
        Assert.Equal(AtomicMode, File.GetUnixFileMode(MemoryPath));
    }

    private const UnixFileMode AtomicMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Is_bounded_in_number_and_age()
    {
        var memory = new IncidentMemory();
        memory.Remember(new RememberedIncident("old", "s", "http://x", Now - IncidentMemory.MaxAge - TimeSpan.FromMinutes(1), null));
        for (var i = 0; i < IncidentMemory.MaxIncidents + 5; i++)
        {
            memory.Remember(new RememberedIncident($"h{i}", "s", "http://x", Now - TimeSpan.FromSeconds(IncidentMemory.MaxIncidents + 5 - i), null));
        }
        memory.Save(MemoryPath, Now);
        var loaded = IncidentMemory.Load(MemoryPath, Now);

        Assert.Equal(IncidentMemory.MaxIncidents, loaded.Open.Count);
        Assert.DoesNotContain(loaded.Open, incident => incident.Incident is "old" or "h0" or "h4");
        Assert.Contains(loaded.Open, incident => incident.Incident == "h5");
    }

    [Fact]
    public void A_damaged_line_loses_only_itself()
    {
        File.WriteAllText(MemoryPath, "ilert-notify-incidents 1\nincident\tbroken\nincident\ts\t" + Now.ToUnixTimeMilliseconds() + "\t0\thttp%3A%2F%2Fx\t-\tweb01%2FHTTP\n");
        var loaded = IncidentMemory.Load(MemoryPath, Now);
        Assert.Equal("web01/HTTP", Assert.Single(loaded.Open).Incident);
    }

    [Fact]
    public async Task A_flush_remembers_a_problem_with_ilerts_incident_key_and_forgets_it_on_recovery()
    {
        ilert.Responder = e => new ScriptedResponse(202, e.Get("NOTIFICATIONTYPE") == "PROBLEM" ? "{\"incidentKey\":\"ik-77\"}" : "{}");
        var spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));

        Queue(spool, "PROBLEM");
        await FlushAsync(spool, remember: true);
        var remembered = Assert.Single(IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open);
        Assert.Equal(("web01/HTTP", "ik-77", ilert.Endpoint), (remembered.Incident, remembered.AlertKey, remembered.Endpoint));
        Assert.DoesNotContain(Key, File.ReadAllText(spool.IncidentsPath), StringComparison.Ordinal);

        Queue(spool, "RECOVERY");
        await FlushAsync(spool, remember: true);
        Assert.Empty(IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open);
    }

    [Fact]
    public async Task A_recovery_iLert_had_nothing_open_for_forgets_the_incident_too()
    {
        ilert.Responder = e => e.Get("NOTIFICATIONTYPE") == "PROBLEM"
            ? new ScriptedResponse(202, "{\"incidentKey\":\"ik-77\"}")
            : new ScriptedResponse(400, "{\"status\":400,\"message\":\"no open alert\",\"code\":\"NONE_OPEN_FOR_KEY\"}");
        var spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));
        Queue(spool, "PROBLEM");
        await FlushAsync(spool, remember: true);
        Assert.Single(IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open);

        Queue(spool, "RECOVERY");
        await FlushAsync(spool, remember: true);

        Assert.Empty(spool.EventFiles());
        Assert.Empty(IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open);
    }

    [Fact]
    public async Task Without_the_sync_nothing_is_remembered()
    {
        ilert.Responder = _ => new ScriptedResponse(202, "{\"incidentKey\":\"ik-77\"}");
        var spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));
        Queue(spool, "PROBLEM");
        await FlushAsync(spool, remember: false);
        Assert.Single(ilert.Received);
        Assert.False(File.Exists(spool.IncidentsPath));
    }

    [Fact]
    public async Task A_problem_ilert_did_not_take_is_not_remembered()
    {
        ilert.Enqueue(new ScriptedResponse(503));
        var spool = SpoolDirectory.Open(Path.Combine(directory, "spool"));
        Queue(spool, "PROBLEM");
        await FlushAsync(spool, remember: true, options: new DeliveryOptions { MaxRetries = 0 });
        Assert.Empty(IncidentMemory.Load(spool.IncidentsPath, DateTimeOffset.UtcNow).Open);
    }

    private void Queue(SpoolDirectory spool, string type)
    {
        var format = EventFormats.CheckmkJson;
        var url = format.Url(new Uri(ilert.Endpoint), Key);
        spool.Add(new IlertEvent
        {
            Url = url,
            Format = format,
            Incident = "web01/HTTP",
            NotificationType = type,
            Proxy = ProxySetting.NoneValue,
            VerifyTls = true,
            TimeoutSeconds = 5,
            Source = AlertSourceId.For(url, Key),
            RateBudget = RateBudget.Default,
            Created = DateTimeOffset.UtcNow,
            Body = System.Text.Encoding.UTF8.GetBytes($"{{\"NOTIFICATIONTYPE\":\"{type}\",\"HOSTNAME\":\"web01\",\"SERVICEDESC\":\"HTTP\"}}"),
        }, DateTimeOffset.UtcNow);
    }

    private static Task<FlushSummary?> FlushAsync(SpoolDirectory spool, bool remember, DeliveryOptions? options = null) =>
        FlushRun.RunAsync(spool, TimeSpan.Zero, new FlushPolicy(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20), AvoidTroubledEndpoints: false, RememberIncidents: remember),
            options ?? new DeliveryOptions(), new LoggerConfiguration().CreateLogger(), new SecretMasker(), TimeProvider.System);
}
