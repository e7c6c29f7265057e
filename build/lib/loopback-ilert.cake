using System.Net;
using System.Collections.Concurrent;

// Why a stand-in besides the tests' FakeIlert (tests/IlertNotify.Tests/Support/FakeIlert.cs): Verify runs inside the Cake script and cannot reference the test project.
/// <summary>A stand-in for iLert on 127.0.0.1: records every request and answers 202 like the events API.</summary>
public sealed class LoopbackIlert : IDisposable
{
    public sealed record Request(string Method, string Path, string Body);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly System.Threading.Tasks.Task _loop;

    private readonly Func<Request, int> _status;

    /// <param name="status">The status to answer a request with (default: 202 to all).</param>
    public LoopbackIlert(Func<Request, int> status = null)
    {
        _status = status ?? (_ => 202);
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = System.Threading.Tasks.Task.Run(Serve);
    }

    public string Endpoint { get; }

    public IReadOnlyList<Request> WaitForRequests(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count && DateTime.UtcNow < deadline) System.Threading.Thread.Sleep(50);
        System.Threading.Thread.Sleep(300); // a duplicate would arrive now
        return _requests.ToArray();
    }

    private async System.Threading.Tasks.Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new Request(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync());
            _requests.Enqueue(request);
            var status = _status(request);
            var answer = Encoding.UTF8.GetBytes(status < 300 ? "{\"status\":\"accepted\"}" : $"{{\"status\":{status},\"message\":\"refused by the stand-in\"}}");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
