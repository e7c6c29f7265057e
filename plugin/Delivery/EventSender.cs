using System.Net;
using System.Net.Http.Headers;
using IlertNotify.Events;
using IlertNotify.Logging;
using Polly;
using Polly.Retry;

namespace IlertNotify.Delivery;

/// <summary>
/// Posts one event, retrying short server-side hiccups (5xx, 408) in-process with Polly; one pipeline per
/// process. Every attempt first takes a request slot of the event's alert source, so retries count against
/// iLert's throttle like any other request. A 429 is never retried here: the whole source pauses instead.
/// </summary>
internal sealed class EventSender
{
    private const int MaxDetailLength = 2000;

    private readonly HttpClientPool clients;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly TimeProvider clock;
    private readonly TrustedRoots trustedRoots;
    private readonly SecretMasker masker;

    public EventSender(HttpClientPool clients, DeliveryOptions options, SecretMasker masker, TimeProvider clock)
    {
        this.clients = clients;
        this.masker = masker;
        this.clock = clock;
        trustedRoots = options.TrustedRoots;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsWorthRetryingNow(args.Outcome, options, clock)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, clock) : null),
            })
            .Build();
    }

    /// <param name="e">The event.</param>
    /// <param name="slots">The request slots of the event's alert source.</param>
    /// <param name="budget">The run's budget: cancels waiting and requests alike.</param>
    public async Task<DeliveryResult> SendAsync(IlertEvent e, SlotGate slots, CancellationToken budget)
    {
        var client = clients.For(e.Proxy, e.VerifyTls);
        var context = ResilienceContextPool.Shared.Get(budget);
        var attempt = new AttemptState(client, e, slots);
        try
        {
            using var response = await pipeline.ExecuteAsync(static (ctx, state) => state.SendOnceAsync(ctx.CancellationToken), context, attempt).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, budget).ConfigureAwait(false);
            return new DeliveryResult(ResponseClassifier.Classify(response.StatusCode, body), response.StatusCode, Shorten(masker.Apply(body)), RetryAfter(response, clock), EndpointUnavailable: false);
        }
        catch (NoSlotException)
        {
            return attempt.LastStatus is { } status
                ? new DeliveryResult(DeliveryOutcome.RetryLater, status, "(no request left in the alert source's budget for a retry)", null, EndpointUnavailable: false)
                : DeliveryResult.Paced;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && attempt.InFlight)
        {
            return Unavailable($"no answer from {e.Url.Authority} within the time this run had left");
        }
        catch (TimeoutException)
        {
            return Unavailable($"no answer from {e.Url.Authority} within {e.TimeoutSeconds} s");
        }
        catch (HttpRequestException failure) when (failure.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            var problem = trustedRoots.ProblemWith(e.Url.Host) is { } known ? known : Describe(failure);
            return Unavailable($"TLS with {e.Url.Authority} failed, certificate not accepted ({problem}). "
                + "If a proxy or your own CA signs it: add that CA under Global settings > Trusted certificate authorities for SSL "
                + "(the site's CA bundle var/ssl/ca-certificates.crt), or name a bundle holding it in SSL_CERT_FILE");
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

    /// <summary>One attempt of the pipeline: a slot, then the request under the event's own timeout.</summary>
    private sealed class AttemptState(HttpClient client, IlertEvent e, SlotGate slots)
    {
        public HttpStatusCode? LastStatus { get; private set; }
        public bool InFlight { get; private set; }

        public async ValueTask<HttpResponseMessage> SendOnceAsync(CancellationToken budget)
        {
            if (!await slots.TakeAsync(budget).ConfigureAwait(false))
            {
                throw new NoSlotException();
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, e.Url)
            {
                Content = new ByteArrayContent(e.Body) { Headers = { ContentType = new MediaTypeHeaderValue(e.Format.ContentType) } },
            };
            e.Format.AddHeaders(request.Headers);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(budget);
            timeout.CancelAfter(TimeSpan.FromSeconds(e.TimeoutSeconds));
            InFlight = true;
            try
            {
                var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                LastStatus = response.StatusCode;
                return response;
            }
            catch (HttpRequestException failure) when (failure.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
            {
                slots.GiveBack();
                throw;
            }
            catch (OperationCanceledException) when (!budget.IsCancellationRequested)
            {
                throw new TimeoutException();
            }
            finally
            {
                InFlight = budget.IsCancellationRequested;
            }
        }
    }

    private sealed class NoSlotException : Exception;

    /// <summary>
    /// Only what iLert itself answered (5xx, 408) is retried in-process, and only when it asks for no long wait.
    /// No answer at all means an outage, and 429 a throttle: both wait in the spool instead of holding up Checkmk.
    /// </summary>
    private static bool IsWorthRetryingNow(Outcome<HttpResponseMessage> outcome, DeliveryOptions options, TimeProvider clock) => outcome switch
    {
        { Result: { } response } => ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
            && ResponseClassifier.Classify(response.StatusCode) == DeliveryOutcome.RetryLater
            && (RetryAfter(response, clock) ?? TimeSpan.Zero) <= options.MaxRetryAfterInRun,
        _ => false,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException failure)
        {
            return $"(response body unreadable: {failure.Message})";
        }
    }

    /// <summary>Cut only once masked: cut first, an echoed key could lose just its end and no longer match its mask.</summary>
    private static string Shorten(string maskedBody) => maskedBody.Length > MaxDetailLength ? maskedBody[..MaxDetailLength] + "..." : maskedBody;

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
