using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IlertNotify.Tests.Support;

public sealed record ReceivedEvent(string ApiKey, IReadOnlyDictionary<string, string> Entries, string ContentType, DateTimeOffset At)
{
    /// <summary>The raw body, the request path and the headers Checkmk's built-in script sets (JSON events).</summary>
    public string Body { get; init; } = "";
    public string Path { get; init; } = "";
    public string Accept { get; init; } = "";
    public string Agent { get; init; } = "";

    public string Get(string key) => Entries.TryGetValue(key, out var value) ? value : "";
}

/// <summary>What the fake answers: a status, optional headers, optional delay before answering.</summary>
public sealed record ScriptedResponse(int Status, string Body = "", TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly ScriptedResponse Accepted = new(202, "{\"status\":\"accepted\"}");
}

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 playing iLert's Nagios endpoint. It parses every body with a real
/// XML parser and records what it received; responses come from a script, then 202.
/// </summary>
public sealed class FakeIlert : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedResponse> script = new();
    private readonly ConcurrentQueue<ReceivedEvent> received = new();
    private int requests;

    private FakeIlert(WebApplication app, int port, bool https)
    {
        this.app = app;
        Port = port;
        Scheme = https ? "https" : "http";
    }

    public int Port { get; }
    public string Scheme { get; }
    public string Endpoint => $"{Scheme}://127.0.0.1:{Port}";
    public IReadOnlyList<ReceivedEvent> Received => received.ToArray();

    /// <summary>Requests answered, including those answered with an error.</summary>
    public int Requests => Volatile.Read(ref requests);

    public Func<ReceivedEvent, ScriptedResponse>? Responder { get; set; }

    /// <summary>
    /// iLert's alert source throttle: per API key, at most <c>requests</c> accepted in any <c>window</c> (a sliding
    /// window, stricter than fixed ones); past it 429 without Retry-After. 429s are recorded, not counted as accepted.
    /// </summary>
    public void Throttle(int requests, TimeSpan window, IReadOnlyDictionary<string, int>? perKey = null) =>
        throttle = new Throttler(requests, window, perKey ?? new Dictionary<string, int>());

    /// <summary>Every 429 the throttle answered: which key, and when.</summary>
    public IReadOnlyList<(string ApiKey, DateTimeOffset At)> Throttled => throttled.ToArray();

    /// <summary>Every event the throttle answered 429 (to tell apart who sent it, e.g. sites by host name).</summary>
    public IReadOnlyList<ReceivedEvent> ThrottledEvents => throttledEvents.ToArray();

    /// <summary>Every request with its key and arrival time, 429s included.</summary>
    public IReadOnlyList<(string ApiKey, DateTimeOffset At)> Arrivals => arrivals.ToArray();

    private Throttler? throttle;
    private readonly ConcurrentQueue<(string, DateTimeOffset)> throttled = new();
    private readonly ConcurrentQueue<ReceivedEvent> throttledEvents = new();
    private readonly ConcurrentQueue<(string, DateTimeOffset)> arrivals = new();

    private sealed class Throttler(int requests, TimeSpan window, IReadOnlyDictionary<string, int> perKey)
    {
        private readonly Dictionary<string, Queue<DateTimeOffset>> accepted = new(StringComparer.Ordinal);

        public bool Admits(string key, DateTimeOffset now)
        {
            lock (accepted)
            {
                var times = accepted.TryGetValue(key, out var known) ? known : accepted[key] = new Queue<DateTimeOffset>();
                while (times.Count > 0 && times.Peek() + window <= now)
                {
                    times.Dequeue();
                }
                if (times.Count >= perKey.GetValueOrDefault(key, requests))
                {
                    return false;
                }
                times.Enqueue(now);
                return true;
            }
        }
    }

    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    /// <summary>A port nothing listens on (yet): the "server down" endpoint.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <param name="port">0: any free port.</param>
    /// <param name="certificate">Serve HTTPS with it (<see cref="TestCertificates"/>); null: plain HTTP.</param>
    public static async Task<FakeIlert> StartAsync(int port = 0, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        FakeIlert? fake = null;
        app.MapPost("/api/v1/events/nagios", async (HttpContext http) => await fake!.HandleAsync(http));
        app.MapPost("/api/v1/events/checkmk-ext/{key}", async (HttpContext http, string key) => await fake!.HandleAsync(http, key));
        app.MapGet("/api/heartbeats/{key}", async (HttpContext http, string key) => await fake!.HandleHeartbeatAsync(http, key));
        await app.StartAsync();
        var address = app.Urls.First();
        fake = new FakeIlert(app, new Uri(address).Port, certificate is not null);
        return fake;
    }

    /// <summary>Heartbeat calls received, by key.</summary>
    public IReadOnlyList<string> Heartbeats => heartbeats.ToArray();

    /// <summary>How long the heartbeat endpoint takes to answer (a hanging one: hours).</summary>
    public TimeSpan HeartbeatDelay { get; set; }

    private readonly ConcurrentQueue<string> heartbeats = new();

    private async Task HandleHeartbeatAsync(HttpContext http, string key)
    {
        heartbeats.Enqueue(key);
        try
        {
            await Task.Delay(HeartbeatDelay, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await http.Response.WriteAsync("");
    }

    private async Task HandleAsync(HttpContext http, string? pathKey = null)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        ReceivedEvent e;
        if (pathKey is null)
        {
            var document = XDocument.Parse(body, LoadOptions.PreserveWhitespace);
            var entries = document.Root!.Element("payload")!.Elements("entry")
                .ToDictionary(entry => (string)entry.Attribute("key")!, entry => entry.Value, StringComparer.Ordinal);
            e = new ReceivedEvent(document.Root.Element("apiKey")!.Value, entries, http.Request.ContentType ?? "", DateTimeOffset.UtcNow);
        }
        else
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var entries = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            e = new ReceivedEvent(pathKey, entries, http.Request.ContentType ?? "", DateTimeOffset.UtcNow);
        }
        e = e with { Body = body, Path = http.Request.Path, Accept = http.Request.Headers.Accept.ToString(), Agent = http.Request.Headers["Agent"].ToString() };

        arrivals.Enqueue((e.ApiKey, e.At));
        if (throttle is { } limit && !limit.Admits(e.ApiKey, e.At))
        {
            Interlocked.Increment(ref requests);
            throttled.Enqueue((e.ApiKey, e.At));
            throttledEvents.Enqueue(e);
            http.Response.StatusCode = 429;
            await http.Response.WriteAsync("{\"status\":429,\"message\":\"Too many requests for this alert source\",\"code\":\"TOO_MANY_REQUESTS\"}");
            return;
        }
        var response = script.TryDequeue(out var next) ? next : Responder?.Invoke(e) ?? ScriptedResponse.Accepted;
        Interlocked.Increment(ref requests);
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (response.Status is >= 200 and < 300)
        {
            received.Enqueue(e);
        }
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Response.Headers[name] = value;
        }
        await http.Response.WriteAsync(response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
