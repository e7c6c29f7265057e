using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace IlertNotify.Tests.Support;

/// <summary>
/// A unix-socket stand-in for Checkmk's livestatus, speaking the protocol as Checkmk documents it: a request is lines up
/// to an empty line (or the end of the connection); <c>GET hosts|services</c> with <c>Columns:</c>, <c>Filter: col = value</c>,
/// <c>OutputFormat: json|csv</c> and <c>ResponseHeader: fixed16</c> (<c>STATUS LENGTH</c>, 16 bytes); a <c>COMMAND [time] ...</c>
/// gets no answer. Like a core, it applies ACKNOWLEDGE_HOST/SVC_PROBLEM to an object in a problem state only.
/// </summary>
public sealed class FakeLivestatus : IDisposable
{
    private readonly Socket listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> commands = new();
    private readonly ConcurrentQueue<string> queries = new();
    private readonly ConcurrentDictionary<(string Host, string Service), (int State, bool Acknowledged)> objects = new();

    public FakeLivestatus(string path)
    {
        Path = path;
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        _ = Task.Run(AcceptAsync);
    }

    public string Path { get; }

    /// <summary>Every command line received, as sent (<c>COMMAND [time] ...</c>).</summary>
    public IReadOnlyList<string> Commands => commands.ToArray();

    public IReadOnlyList<string> Queries => queries.ToArray();

    /// <summary>Sets a host (service empty) or service and its state.</summary>
    public void Set(string host, string service, int state, bool acknowledged = false) => objects[(host, service)] = (state, acknowledged);

    public void Remove(string host, string service) => objects.TryRemove((host, service), out _);

    public (int State, bool Acknowledged)? Get(string host, string service) => objects.TryGetValue((host, service), out var o) ? o : null;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var request = new StringBuilder();
            var buffer = new byte[4096];
            int read;
            while (!request.ToString().Contains("\n\n", StringComparison.Ordinal) && (read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                request.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            var lines = request.ToString().Split('\n').TakeWhile(line => line.Length > 0).ToList();
            if (lines.Count == 0)
            {
                return;
            }
            if (lines[0].StartsWith("COMMAND ", StringComparison.Ordinal))
            {
                commands.Enqueue(lines[0]);
                Apply(lines[0]);
                return;
            }
            queries.Enqueue(string.Join("\n", lines));
            var answer = Answer(lines, out var fixed16);
            var body = Encoding.UTF8.GetBytes(answer.Body);
            var header = fixed16 ? Encoding.ASCII.GetBytes($"{answer.Status:D3} {body.Length,11}\n") : [];
            await client.SendAsync(header.Concat(body).ToArray(), SocketFlags.None);
        }
    }

    private (int Status, string Body) Answer(List<string> lines, out bool fixed16)
    {
        fixed16 = lines.Contains("ResponseHeader: fixed16");
        var table = lines[0] switch
        {
            "GET hosts" => "hosts",
            "GET services" => "services",
            _ => null,
        };
        if (table is null)
        {
            return (404, $"Invalid GET request, no such table '{lines[0]}'\n");
        }
        var columns = lines.FirstOrDefault(line => line.StartsWith("Columns: ", StringComparison.Ordinal))?["Columns: ".Length..].Split(' ') ?? ["state", "acknowledged"];
        var filters = lines.Where(line => line.StartsWith("Filter: ", StringComparison.Ordinal))
            .Select(line => line["Filter: ".Length..].Split(" = ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        var rows = objects
            .Where(pair => table == "hosts" ? pair.Key.Service.Length == 0 : pair.Key.Service.Length > 0)
            .Where(pair => filters.All(filter => filter.Key switch
            {
                "name" or "host_name" => pair.Key.Host == filter.Value,
                "description" => pair.Key.Service == filter.Value,
                _ => false,
            }))
            .Select(pair => columns.Select(column => column switch
            {
                "state" => pair.Value.State,
                "acknowledged" => pair.Value.Acknowledged ? 1 : 0,
                _ => 0,
            }).ToArray())
            .ToList();
        var json = lines.Contains("OutputFormat: json");
        return (200, json ? JsonSerializer.Serialize(rows) + "\n" : string.Concat(rows.Select(row => string.Join(";", row) + "\n")));
    }

    private void Apply(string line)
    {
        var command = line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..];
        var fields = command.Split(';');
        var key = fields[0] switch
        {
            "ACKNOWLEDGE_SVC_PROBLEM" => (fields[1], fields[2]),
            "ACKNOWLEDGE_HOST_PROBLEM" => (fields[1], ""),
            _ => ((string, string)?)null,
        };
        if (key is { } k && objects.TryGetValue(k, out var o) && o.State != 0)
        {
            objects[k] = (o.State, true);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        File.Delete(Path);
        stop.Dispose();
    }
}
