using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IlertNotify.Tests.Support;

/// <summary>One alert as the stand-in holds it; written out as iLert's OpenAPI schema <c>Alert</c> describes it.</summary>
public sealed record FakeAlert(long Id, string Summary, string? AlertKey, long SourceId, string IntegrationKey, DateTimeOffset ReportTime)
{
    public string Status { get; set; } = "PENDING";
    public string? AcceptedBy { get; set; }
    public long? MergedIntoId { get; set; }
}

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 playing iLert's REST API <c>GET /api/alerts</c>, built from iLert's published
/// OpenAPI description (api-evangelist/ilert, openapi/ilert-alerts-api-openapi.yml): Bearer user key, filters <c>states</c>
/// and <c>sources</c> (also the spellings <c>state</c> and <c>alert-source</c> that iLert's Go client sends), paging with
/// <c>start-index</c> and <c>max-results</c> (default 50, at most 100). It can answer 429, hang, or answer garbage.
/// </summary>
public sealed class FakeIlertAlerts : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<long, FakeAlert> alerts = new();
    private readonly ConcurrentQueue<string> queries = new();
    private long nextId = 1000;

    private FakeIlertAlerts(WebApplication app, int port, string userKey)
    {
        this.app = app;
        Endpoint = $"http://127.0.0.1:{port}";
        UserKey = userKey;
    }

    public string Endpoint { get; }
    public string UserKey { get; }

    /// <summary>Every request's query string, in arrival order (401/429/hang included).</summary>
    public IReadOnlyList<string> Queries => queries.ToArray();

    /// <summary>Answer every request with 429 (iLert's limit of 120 requests a minute per user key).</summary>
    public bool Throttling { get; set; }

    /// <summary>How long to wait before answering (a hanging API: hours).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer 200 with this body instead of the list (a malformed answer).</summary>
    public string? Garbage { get; set; }

    public static async Task<FakeIlertAlerts> StartAsync(string userKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeIlertAlerts? fake = null;
        app.MapGet("/api/alerts", async (HttpContext http) => await fake!.HandleAsync(http));
        await app.StartAsync();
        fake = new FakeIlertAlerts(app, new Uri(app.Urls.First()).Port, userKey);
        return fake;
    }

    /// <summary>A new PENDING alert, as iLert opens one for an event of that alert source.</summary>
    public FakeAlert Open(string summary, string? alertKey, long sourceId, string integrationKey)
    {
        var alert = new FakeAlert(Interlocked.Increment(ref nextId), summary, alertKey, sourceId, integrationKey, DateTimeOffset.UtcNow);
        alerts[alert.Id] = alert;
        return alert;
    }

    /// <summary>A responder accepts it in iLert's app.</summary>
    public void Accept(FakeAlert alert, string by = "Jane Doe")
    {
        alert.AcceptedBy = by;
        alert.Status = "ACCEPTED";
    }

    public IReadOnlyList<FakeAlert> Alerts => alerts.Values.OrderBy(alert => alert.Id).ToList();

    private async Task HandleAsync(HttpContext http)
    {
        queries.Enqueue(http.Request.QueryString.Value ?? "");
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + UserKey)
        {
            await ErrorAsync(http, 401, "Unauthorized", "UNAUTHORIZED");
            return;
        }
        if (Throttling)
        {
            await ErrorAsync(http, 429, "Too many requests", "TOO_MANY_REQUESTS");
            return;
        }
        if (Garbage is { } garbage)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(garbage);
            return;
        }
        var query = http.Request.Query;
        var states = query["states"].Concat(query["state"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var sources = query["sources"].Concat(query["alert-source"]).OfType<string>().Select(long.Parse).ToHashSet();
        var start = int.TryParse(query["start-index"], out var s) ? s : 0;
        var max = int.TryParse(query["max-results"], out var m) ? m : 50;
        if (max > 100 || max < 0 || start < 0)
        {
            await ErrorAsync(http, 400, "max-results must be at most 100", "BAD_REQUEST");
            return;
        }
        var page = Alerts
            .Where(alert => states.Count == 0 || states.Contains(alert.Status))
            .Where(alert => sources.Count == 0 || sources.Contains(alert.SourceId))
            .Skip(start).Take(max).ToList();
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(Json(page));
    }

    private static string Json(IEnumerable<FakeAlert> page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var alert in page)
            {
                json.WriteStartObject();
                json.WriteNumber("id", alert.Id);
                json.WriteString("summary", alert.Summary);
                json.WriteString("details", "");
                json.WriteString("reportTime", alert.ReportTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("status", alert.Status);
                json.WriteStartObject("alertSource");
                json.WriteNumber("id", alert.SourceId);
                json.WriteString("name", "Checkmk");
                json.WriteString("integrationType", "CHECKMK");
                json.WriteString("integrationKey", alert.IntegrationKey);
                json.WriteEndObject();
                if (alert.AlertKey is { } key)
                {
                    json.WriteString("alertKey", key);
                }
                json.WriteString("priority", "HIGH");
                json.WriteStartArray("responders");
                json.WriteStartObject();
                var names = (alert.AcceptedBy ?? "On Call").Split(' ', 2);
                json.WriteStartObject("user");
                json.WriteNumber("id", 7);
                json.WriteString("firstName", names[0]);
                json.WriteString("lastName", names.Length > 1 ? names[1] : "");
                json.WriteEndObject();
                json.WriteString("status", alert.AcceptedBy is null ? "PENDING" : "ACCEPTED");
                json.WriteEndObject();
                json.WriteEndArray();
                if (alert.MergedIntoId is { } merged)
                {
                    json.WriteNumber("mergedIntoId", merged);
                }
                json.WriteStartObject("labels");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task ErrorAsync(HttpContext http, int status, string message, string code)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($"{{\"status\":{status},\"message\":\"{message}\",\"code\":\"{code}\"}}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
