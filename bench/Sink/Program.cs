using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

// A loopback iLert stand-in for the benchmark: answers 202 to every well-formed event and checks, per marker
// "<incident>#<sequence>" (the payload entry NOTIFY_MARKER), that nothing is lost, duplicated or reordered.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
var app = builder.Build();
var tally = new Tally();

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
        http.Response.StatusCode = 400;
        await http.Response.WriteAsync(e.Message);
        return;
    }
    var marker = document.Root?.Element("payload")?.Elements("entry")
        .FirstOrDefault(entry => (string?)entry.Attribute("key") == "NOTIFY_MARKER")?.Value ?? "";
    tally.Record(marker);
    http.Response.StatusCode = 202;
    await http.Response.WriteAsync("{\"status\":\"accepted\"}");
});
app.MapGet("/stats", () => tally.ToString());
app.MapPost("/reset", () =>
{
    tally = new Tally();
    return "reset";
});

await app.StartAsync();
Console.WriteLine($"listening {new Uri(app.Urls.First()).Port}");
await app.WaitForShutdownAsync();

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
