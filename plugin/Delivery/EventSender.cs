using System.Net.Http.Headers;
using IlertNotify.Events;
using Polly;
using Polly.Retry;

namespace IlertNotify.Delivery;

/// <summary>Posts one event, retrying short hiccups in-process with Polly; one pipeline per process.</summary>
internal sealed class EventSender
{
    private const int MaxDetailLength = 2000;
    private static readonly MediaTypeHeaderValue XmlContentType = new("application/xml");

    private readonly HttpClientPool clients;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public EventSender(HttpClientPool clients, DeliveryOptions options)
    {
        this.clients = clients;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsWorthRetryingNow(args.Outcome, options)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
            })
            .Build();
    }

    /// <exception cref="OperationCanceledException">The caller's budget ran out; the event was not judged.</exception>
    public async Task<DeliveryResult> SendAsync(IlertEvent e, CancellationToken cancellationToken)
    {
        var client = clients.For(e.Proxy, e.VerifyTls);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.e.Url)
                    {
                        Content = new ByteArrayContent(state.e.Body) { Headers = { ContentType = XmlContentType } },
                    };
                    // Each attempt gets the event's timeout; the caller's budget still cancels all of them.
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ctx.CancellationToken);
                    attempt.CancelAfter(TimeSpan.FromSeconds(state.e.TimeoutSeconds));
                    try
                    {
                        return await state.client.SendAsync(request, attempt.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ctx.CancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException();
                    }
                },
                context,
                (client, e)).ConfigureAwait(false);
            var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
            return new DeliveryResult(ResponseClassifier.Classify(response.StatusCode), response.StatusCode, detail, RetryAfter(response), EndpointUnavailable: false);
        }
        catch (TimeoutException)
        {
            return Unavailable($"no answer from {e.Url.Authority} within {e.TimeoutSeconds} s");
        }
        catch (HttpRequestException failure) when (failure.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            // The runtime's own text is reduced to resource keys in this build: say what the operator can do.
            return Unavailable($"TLS with {e.Url.Authority} failed, certificate not accepted? ({Describe(failure)}); a private CA goes into SSL_CERT_FILE");
        }
        catch (HttpRequestException failure)
        {
            return Unavailable($"cannot reach {e.Url.Authority}: {Describe(failure)}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static DeliveryResult Unavailable(string detail) =>
        new(DeliveryOutcome.RetryLater, null, detail, null, EndpointUnavailable: true);

    /// <summary>
    /// Only what iLert itself answered (5xx, 408, a short 429) is retried in-process. No answer at all means an
    /// outage: the event waits in the spool for the next cron run instead of holding up Checkmk.
    /// </summary>
    private static bool IsWorthRetryingNow(Outcome<HttpResponseMessage> outcome, DeliveryOptions options) => outcome switch
    {
        { Result: { } response } => ResponseClassifier.Classify(response.StatusCode) == DeliveryOutcome.RetryLater
            && (RetryAfter(response) ?? TimeSpan.Zero) <= options.MaxRetryAfterInRun,
        _ => false,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > MaxDetailLength ? body[..MaxDetailLength] + "..." : body;
        }
        catch (HttpRequestException failure)
        {
            return $"(response body unreadable: {failure.Message})";
        }
    }

    private static string Describe(Exception failure)
    {
        var messages = new List<string>();
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (!messages.Any(known => known.Contains(current.Message, StringComparison.Ordinal)))
            {
                messages.Add(current.Message);
            }
        }
        return string.Join(": ", messages);
    }
}
