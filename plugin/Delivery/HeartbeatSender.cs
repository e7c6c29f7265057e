using IlertNotify.Context;
using IlertNotify.Events;

namespace IlertNotify.Delivery;

/// <summary>Calls the site's iLert heartbeat: one GET under its own timeout, never retried (the next minute's run is the retry).</summary>
internal static class HeartbeatSender
{
    /// <returns>Null on success, else what went wrong.</returns>
    public static async Task<string?> BeatAsync(HeartbeatSettings heartbeat, DeliveryOptions options)
    {
        using var clients = new HttpClientPool(options);
        var client = clients.For(heartbeat.Proxy, heartbeat.VerifyTls);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(heartbeat.TimeoutSeconds));
        try
        {
            using var response = await client.GetAsync(EventTarget.Heartbeat(heartbeat.Endpoint, heartbeat.Key), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {heartbeat.TimeoutSeconds} s";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }
}
