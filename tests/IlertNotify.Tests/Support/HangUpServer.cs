using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IlertNotify.Tests.Support;

public sealed record RawRequest(string Head, string Body);

/// <summary>
/// A raw TCP server that reads a whole HTTP request (head and Content-Length body), records it and closes the
/// connection without a byte of answer: the request may or may not have been processed.
/// </summary>
public sealed class HangUpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly ConcurrentQueue<RawRequest> requests = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    private HangUpServer(TcpListener listener)
    {
        this.listener = listener;
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public IReadOnlyList<RawRequest> Requests => requests.ToArray();

    public static HangUpServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new HangUpServer(listener);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                requests.Enqueue(await ReadRequestAsync(client.GetStream(), stop.Token));
                client.Client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static async Task<RawRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return new RawRequest(Encoding.UTF8.GetString([.. buffer]), "");
            }
            buffer.AddRange(chunk.AsSpan(0, read));
        }
        var head = Encoding.UTF8.GetString([.. buffer[..headEnd]]);
        var length = head.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (buffer.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }
            buffer.AddRange(chunk.AsSpan(0, read));
        }
        return new RawRequest(head, Encoding.UTF8.GetString([.. buffer[(headEnd + 4)..]]));
    }

    private static int IndexOfBlankLine(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            stop.Dispose();
        }
    }
}
