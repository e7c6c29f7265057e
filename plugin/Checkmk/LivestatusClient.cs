using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace IlertNotify.Checkmk;

/// <summary>
/// Checkmk's livestatus on its unix socket (<c>~/tmp/run/live</c>), on every edition and core: one request per
/// connection, a query answered as JSON behind a <c>fixed16</c> header, a command answered with nothing.
/// </summary>
internal sealed class LivestatusClient(string socketPath) : ICoreChannel
{
    private const int MaxAnswer = 1 << 20;

    public string Describe => "livestatus " + socketPath;

    public bool CanQuery => true;

    public async Task<MonitoredObject?> QueryAsync(string host, string service, CancellationToken cancellationToken)
    {
        if (!CoreCommands.IsSafeName(host) || (service.Length > 0 && !CoreCommands.IsSafeName(service)))
        {
            return null;
        }
        var query = service.Length > 0
            ? $"GET services\nColumns: state acknowledged\nFilter: host_name = {host}\nFilter: description = {service}\nOutputFormat: json\nResponseHeader: fixed16\n\n"
            : $"GET hosts\nColumns: state acknowledged\nFilter: name = {host}\nOutputFormat: json\nResponseHeader: fixed16\n\n";
        var answer = await ExchangeAsync(query, expectAnswer: true, cancellationToken).ConfigureAwait(false);
        return Parse(answer);
    }

    public async Task SendAsync(string command, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExchangeAsync($"COMMAND {CoreCommands.Timestamped(command, now)}\n", expectAnswer: false, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads <c>fixed16</c> (<c>200 LENGTH\n</c>, 16 bytes) and the JSON rows <c>[[state, acknowledged]]</c>.</summary>
    internal static MonitoredObject? Parse(byte[] answer)
    {
        if (answer.Length < 16)
        {
            throw new CoreUnavailableException("livestatus answered less than its 16-byte header");
        }
        var header = Encoding.ASCII.GetString(answer, 0, 16);
        var body = Encoding.UTF8.GetString(answer, 16, answer.Length - 16);
        if (!header.StartsWith("200", StringComparison.Ordinal))
        {
            throw new CoreUnavailableException($"livestatus answered {header.Trim()}: {body.Trim()}");
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var row in json.RootElement.EnumerateArray())
            {
                return new MonitoredObject(row[0].GetInt32(), row[1].GetInt32() != 0);
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new CoreUnavailableException($"livestatus answered something other than rows of state and acknowledged: {e.Message}", e);
        }
    }

    private async Task<byte[]> ExchangeAsync(string request, bool expectAnswer, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            if (!expectAnswer)
            {
                return [];
            }
            using var answer = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                answer.Write(buffer, 0, read);
                if (answer.Length > MaxAnswer)
                {
                    throw new CoreUnavailableException(string.Create(CultureInfo.InvariantCulture, $"livestatus answered more than {MaxAnswer} bytes"));
                }
            }
            return answer.ToArray();
        }
        catch (SocketException e)
        {
            throw new CoreUnavailableException($"cannot reach livestatus at {socketPath} ({e.Message}): is the site running?", e);
        }
    }
}
