// Why a stand-in besides the tests' FakeIlert (tests/IlertNotify.Tests/Support/FakeIlert.cs): the benchmark needs a separate Release process with no test dependencies.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

// A loopback iLert stand-in for the benchmark: answers 202 to every well-formed event and checks, per marker
// "<incident>#<sequence>" (the payload entry NOTIFY_MARKER), that nothing is lost, duplicated or reordered.
//
//   ilert-sink [PORT] [--throttle N --window SEC] [--log FILE]
//
// --throttle: iLert's alert-source throttle. Per API key (the body's <apiKey>), at most N requests are accepted
// in any SEC-second sliding window; past it every request gets 429 with a JSON body and no Retry-After.
// --log: one tab-separated line per request, written as it arrives (see GET /requests for the columns).
// Control: POST /hang makes every later request hang (body read, never answered: "accepts and never answers"),
// POST /answer ends that; POST /reset forgets everything counted.
// Reports: GET /stats (accepted events: loss, duplicates, order by marker), GET /keys (per key: requests, 429s,
// accepted, hung, first and last arrival), GET /requests (every request in arrival order), GET /accepted
// (accepted requests in the order they were accepted, with host and notification type).
var port = 0;
Throttle? throttle = null;
string? logPath = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--throttle":
            var requests = int.Parse(args[++i], CultureInfo.InvariantCulture);
            throttle = new Throttle(requests, throttle?.Window ?? TimeSpan.FromSeconds(60));
            break;
        case "--window":
            var window = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
            throttle = new Throttle(throttle?.Requests ?? 50, window);
            break;
        case "--log":
            logPath = args[++i];
            break;
        default:
            port = int.Parse(args[i], CultureInfo.InvariantCulture);
            break;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
var app = builder.Build();
var tally = new Tally();
var journal = new Journal(logPath);
var hanging = false;

app.MapPost("/api/v1/events/nagios", async (HttpContext http) =>
{
    using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    XDocument document;
    try
    {
        document = XDocument.Parse(body);
    }
    catch (System.Xml.XmlException e)
    {
        tally.Malformed();
        journal.Record("", "", "", "", 400);
        http.Response.StatusCode = 400;
        await http.Response.WriteAsync(e.Message);
        return;
    }
    var key = document.Root?.Element("apiKey")?.Value ?? "";
    string? marker = null, host = null, type = null;
    foreach (var entry in document.Root?.Element("payload")?.Elements("entry") ?? [])
    {
        switch ((string?)entry.Attribute("key"))
        {
            case "NOTIFY_MARKER":
                marker ??= entry.Value;
                break;
            case "NOTIFY_HOSTNAME":
                host ??= entry.Value;
                break;
            case "NOTIFY_NOTIFICATIONTYPE":
                type ??= entry.Value;
                break;
        }
    }
    marker ??= "";
    host ??= "";
    type ??= "";

    if (Volatile.Read(ref hanging))
    {
        journal.Record(key, host, type, marker, 0);
        try
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
        return;
    }
    // The throttle's decision and the accepted order are taken under one lock, so /accepted is the order iLert
    // would have seen.
    var accepted = journal.Decide(key, host, type, marker, throttle);
    if (!accepted)
    {
        http.Response.StatusCode = 429;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("{\"status\":429,\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Too many requests for this alert source, try again later\"}");
        return;
    }
    tally.Record(marker);
    http.Response.StatusCode = 202;
    await http.Response.WriteAsync("{\"status\":\"accepted\"}");
});
app.MapGet("/stats", () => tally.ToString());
app.MapGet("/keys", () => journal.Keys());
app.MapGet("/requests", () => journal.Requests());
app.MapGet("/accepted", () => journal.Accepted());
app.MapPost("/hang", () =>
{
    Volatile.Write(ref hanging, true);
    return "hanging\n";
});
app.MapPost("/answer", () =>
{
    Volatile.Write(ref hanging, false);
    return "answering\n";
});
app.MapPost("/reset", () =>
{
    tally = new Tally();
    journal.Reset();
    return "reset";
});

await app.StartAsync();
Console.WriteLine($"listening {new Uri(app.Urls.First()).Port}" + (throttle is { } t ? $" throttle {t.Requests}/{t.Window.TotalSeconds:0.###}s per key" : ""));
await app.WaitForShutdownAsync();
journal.Dispose();

/// <summary>iLert's alert-source throttle: at most <paramref name="Requests"/> accepted per key in any sliding <paramref name="Window"/>.</summary>
internal sealed record Throttle(int Requests, TimeSpan Window);

/// <summary>Every request (arrival time, key, outcome, host, type, marker) and the per-key throttle's accepted times.</summary>
internal sealed class Journal(string? logPath) : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<Request> requests = [];
    private readonly List<Request> accepted = [];
    private readonly Dictionary<string, Queue<long>> windows = new(StringComparer.Ordinal);
    private readonly StreamWriter? log = logPath is null ? null : new StreamWriter(logPath, append: true) { AutoFlush = true };

    /// <summary>Status 0 is a request left hanging.</summary>
    public void Record(string key, string host, string type, string marker, int status)
    {
        lock (gate)
        {
            Add(new Request(Now(), key, status, host, type, marker));
        }
    }

    /// <returns>True when the throttle (if any) admits the request: it is then counted as accepted, in order.</returns>
    public bool Decide(string key, string host, string type, string marker, Throttle? throttle)
    {
        lock (gate)
        {
            var now = Now();
            var admitted = true;
            if (throttle is not null)
            {
                var times = windows.TryGetValue(key, out var known) ? known : windows[key] = new Queue<long>();
                var window = (long)throttle.Window.TotalMilliseconds * 1000;
                while (times.Count > 0 && times.Peek() + window <= now)
                {
                    times.Dequeue();
                }
                admitted = times.Count < throttle.Requests;
                if (admitted)
                {
                    times.Enqueue(now);
                }
            }
            var request = new Request(now, key, admitted ? 202 : 429, host, type, marker);
            Add(request);
            if (admitted)
            {
                accepted.Add(request);
            }
            return admitted;
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            requests.Clear();
            accepted.Clear();
            windows.Clear();
        }
    }

    /// <summary>Columns: arrival (Unix time, microseconds), key, status (202, 429, 400, 0 = left hanging), host, type, marker.</summary>
    public string Requests()
    {
        lock (gate)
        {
            return Lines(requests);
        }
    }

    public string Accepted()
    {
        lock (gate)
        {
            return Lines(accepted);
        }
    }

    /// <summary>One line per key: requests, 429s, accepted, hung, first and last arrival, last accepted (Unix µs).</summary>
    public string Keys()
    {
        lock (gate)
        {
            var text = new StringBuilder();
            foreach (var key in requests.GroupBy(r => r.Key, StringComparer.Ordinal))
            {
                var lastAccepted = key.Where(r => r.Status == 202).Select(r => r.ArrivalMicros).DefaultIfEmpty(0).Max();
                text.Append(CultureInfo.InvariantCulture,
                    $"key={key.Key} requests={key.Count()} throttled={key.Count(r => r.Status == 429)} accepted={key.Count(r => r.Status == 202)} hung={key.Count(r => r.Status == 0)} first_us={key.Min(r => r.ArrivalMicros)} last_us={key.Max(r => r.ArrivalMicros)} last_accepted_us={lastAccepted}\n");
            }
            return text.ToString();
        }
    }

    private void Add(Request request)
    {
        requests.Add(request);
        log?.Write(Line(request));
    }

    private static string Lines(IEnumerable<Request> list)
    {
        var text = new StringBuilder();
        foreach (var request in list)
        {
            text.Append(Line(request));
        }
        return text.ToString();
    }

    private static string Line(Request r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.ArrivalMicros}\t{r.Key}\t{r.Status}\t{Clean(r.Host)}\t{Clean(r.Type)}\t{Clean(r.Marker)}\n");

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    private static long Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    public void Dispose() => log?.Dispose();

    private sealed record Request(long ArrivalMicros, string Key, int Status, string Host, string Type, string Marker);
}

internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> lastSequence = new(StringComparer.Ordinal);
    private readonly Stopwatch clock = new();
    private readonly Lock gate = new();
    private int received;
    private int duplicates;
    private int reordered;
    private int malformed;
    private double firstMs = -1;
    private double lastMs;

    public void Malformed() => Interlocked.Increment(ref malformed);

    public void Record(string marker)
    {
        lock (gate)
        {
            if (!clock.IsRunning)
            {
                clock.Start();
                firstMs = 0;
            }
            lastMs = clock.Elapsed.TotalMilliseconds;
            received++;
            if (seen.AddOrUpdate(marker, 1, (_, count) => count + 1) > 1)
            {
                duplicates++;
            }
            var hash = marker.LastIndexOf('#');
            if (hash > 0 && int.TryParse(marker.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                var incident = marker[..hash];
                if (lastSequence.TryGetValue(incident, out var last) && sequence < last)
                {
                    reordered++;
                }
                lastSequence[incident] = sequence;
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"received={received} unique={seen.Count} duplicates={duplicates} reordered={reordered} malformed={malformed} span_ms={lastMs - Math.Max(firstMs, 0):F1}\n");
        }
    }
}
