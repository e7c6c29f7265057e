using System.Collections.Concurrent;
using System.Net;
using IlertNotify.Context;

namespace IlertNotify.Delivery;

/// <summary>
/// One keep-alive <see cref="HttpClient"/> per proxy/TLS combination found in the spool (usually exactly one).
/// A custom CA is taken from <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c>, which .NET reads on Linux.
/// </summary>
internal sealed class HttpClientPool(DeliveryOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<(string Proxy, bool VerifyTls), Lazy<HttpClient>> clients = new();

    public HttpClient For(string proxy, bool verifyTls) =>
        clients.GetOrAdd((proxy, verifyTls), key => new Lazy<HttpClient>(() => Create(key.Proxy, key.VerifyTls))).Value;

    private HttpClient Create(string proxy, bool verifyTls)
    {
        var setting = ProxySetting.Parse(proxy);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = !setting.IsNone,
            Proxy = setting.Url is { } url ? new WebProxy(url) : null,
        };
        if (!verifyTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(AppInfo.UserAgent);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(lazy => lazy.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
