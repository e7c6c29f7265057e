using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using IlertNotify.Tests.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IlertNotify.Tests.Faults;

/// <summary>
/// iLert's endpoint over HTTPS: Kestrel on 127.0.0.1 with a self-signed certificate made for this test, and that
/// certificate as a PEM file a client can trust through <c>SSL_CERT_FILE</c>.
/// </summary>
public sealed class TlsIlert : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly ConcurrentQueue<ReceivedEvent> received = new();

    private TlsIlert(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public string Endpoint => $"https://127.0.0.1:{new Uri(app.Urls.First()).Port}";
    public IReadOnlyList<ReceivedEvent> Received => received.ToArray();

    public static async Task<TlsIlert> StartAsync(string certificatePemPath)
    {
        var certificate = SelfSigned();
        await File.WriteAllTextAsync(certificatePemPath, certificate.ExportCertificatePem());
        return await StartAsync(certificate);
    }

    /// <summary>A server whose certificate a private CA signed (a company's, or a TLS-inspecting proxy's); the CA's PEM goes to the path.</summary>
    public static async Task<TlsIlert> StartWithPrivateCaAsync(string caPemPath)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ilert-test private CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        await File.WriteAllTextAsync(caPemPath, ca.ExportCertificatePem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);
        return await StartAsync(signed.CopyWithPrivateKey(key));
    }

    private static async Task<TlsIlert> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new TlsIlert(app, certificate);
        app.MapPost("/api/v1/events/nagios", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var document = XDocument.Parse(await reader.ReadToEndAsync(), LoadOptions.PreserveWhitespace);
            var entries = document.Root!.Element("payload")!.Elements("entry")
                .ToDictionary(entry => (string)entry.Attribute("key")!, entry => entry.Value, StringComparer.Ordinal);
            server.received.Enqueue(new ReceivedEvent(document.Root.Element("apiKey")!.Value, entries, http.Request.ContentType ?? "", DateTimeOffset.UtcNow));
            http.Response.StatusCode = 202;
        });
        await app.StartAsync();
        return server;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return LeafRequest(key).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static CertificateRequest LeafRequest(ECDsa key)
    {
        var request = new CertificateRequest("CN=ilert-stand-in", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
