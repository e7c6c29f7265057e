using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IlertNotify.Delivery;
using IlertNotify.Settings;

namespace IlertNotify.Sync;

/// <summary>
/// Reads accepted alerts from iLert's REST API: <c>GET {endpoint}/api/alerts?states=ACCEPTED&amp;sources=ID...</c>,
/// a page of <see cref="PageSize"/>, at most <see cref="MaxRequests"/> pages a run (iLert allows a user key 120 requests a
/// minute; the sync needs one or two, never a loop). Each request under the settings' timeout, all within what the
/// cron run has left: a hanging API costs the sync its own timeout, never the delivery of events.
/// </summary>
internal static class AlertsClient
{
    public const int PageSize = 100;
    public const int MaxRequests = 2;

    /// <param name="sourceIds">Alert source ids to filter by; empty: every alert the key may read.</param>
    /// <param name="startIndex">
    /// Where the last run stopped (<see cref="AlertsAnswer.NextStartIndex"/>): with more accepted alerts than two pages
    /// hold, runs take turns through them instead of reading the first two pages every minute; past the last page the
    /// run goes on from the first.
    /// </param>
    public static async Task<AlertsAnswer> FetchAcceptedAsync(
        AckSyncSettings settings, IReadOnlyCollection<long> sourceIds, TimeSpan left, DeliveryOptions options, TimeProvider clock, int startIndex = 0)
    {
        using var clients = new HttpClientPool(options);
        var client = clients.For(settings.Proxy, settings.VerifyTls);
        using var budget = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock);
        var alerts = new List<IlertAlert>();
        var requests = 0;
        var index = Math.Max(0, startIndex);
        var fromTheFirstPage = index == 0;
        while (requests < MaxRequests)
        {
            var url = PageUrl(settings.Endpoint, sourceIds, index);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Key);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            requests++;
            string body;
            HttpStatusCode status;
            try
            {
                using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                status = response.StatusCode;
                body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                var limit = budget.IsCancellationRequested ? "the time this run had left" : $"{settings.TimeoutSeconds} s";
                return new AlertsAnswer(alerts, requests, AlertsFailure.Unavailable, $"no answer from {settings.Endpoint.Authority} within {limit}") { NextStartIndex = startIndex };
            }
            catch (HttpRequestException e)
            {
                return new AlertsAnswer(alerts, requests, AlertsFailure.Unavailable, $"cannot reach {settings.Endpoint.Authority}: {e.Message}") { NextStartIndex = startIndex };
            }
            if (Failure(status) is { } failure)
            {
                return new AlertsAnswer(alerts, requests, failure, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} {Shorten(body)}").TrimEnd()) { NextStartIndex = startIndex };
            }
            if (AlertsJson.Parse(body) is not { } page)
            {
                return new AlertsAnswer(alerts, requests, AlertsFailure.Malformed, $"not a list of alerts: {Shorten(body)}") { NextStartIndex = startIndex };
            }
            alerts.AddRange(page.Where(alert => alert.Status == "ACCEPTED"));
            if (page.Count == PageSize)
            {
                index += PageSize;
            }
            else if (fromTheFirstPage)
            {
                return new AlertsAnswer(Distinct(alerts), requests);
            }
            else
            {
                (index, fromTheFirstPage) = (0, true);
            }
        }
        return new AlertsAnswer(Distinct(alerts), requests) { NextStartIndex = index };
    }

    // Alerts move between pages as they change state: one read twice is taken once.
    private static List<IlertAlert> Distinct(List<IlertAlert> alerts) => alerts.DistinctBy(alert => alert.Id).ToList();

    private static AlertsFailure? Failure(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => null,
        401 or 403 => AlertsFailure.Unauthorized,
        429 => AlertsFailure.Throttled,
        _ => AlertsFailure.Unavailable,
    };

    /// <summary><c>states</c>, <c>sources</c>, <c>start-index</c> and <c>max-results</c> as iLert's OpenAPI description spells them.</summary>
    public static Uri PageUrl(Uri endpoint, IReadOnlyCollection<long> sourceIds, int startIndex)
    {
        var query = new StringBuilder("states=ACCEPTED");
        foreach (var id in sourceIds.Order())
        {
            query.Append(CultureInfo.InvariantCulture, $"&sources={id}");
        }
        query.Append(CultureInfo.InvariantCulture, $"&start-index={startIndex}&max-results={PageSize}");
        return new Uri(endpoint, "/api/alerts?" + query);
    }

    private static string Shorten(string body)
    {
        var oneLine = body.ReplaceLineEndings(" ");
        return oneLine.Length > 300 ? oneLine[..300] + "..." : oneLine;
    }
}
