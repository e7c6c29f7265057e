using System.Collections.Concurrent;
using System.Net;
using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>
/// One keep-alive <see cref="HttpClient"/> per proxy/TLS combination found in the spool (usually exactly one).
/// Certificates are verified against the system, the site's CA bundle and <c>SSL_CERT_FILE</c> (<see cref="TrustedRoots"/>).
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
            // .NET ignores user info in a proxy URL: Checkmk 2.5 builds a global proxy's URL with user:password@.
            Proxy = setting.Url is { } url ? new WebProxy(url) { Credentials = setting.Credentials } : null,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = verifyTls ? options.TrustedRoots.Validate : (_, _, _, _) => true;
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
