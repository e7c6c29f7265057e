using IlertNotify.Formats;
using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>Calls the site's iLert heartbeat: one GET under its own timeout, never retried (the next minute's run is the retry).</summary>
internal static class HeartbeatSender
{
    /// <param name="heartbeat">The site's heartbeat settings.</param>
    /// <param name="left">What is left of the cron run's budget: the call's timeout is the shorter of this and its own.</param>
    /// <param name="options">How connections are made.</param>
    /// <param name="clock">What the timeout is measured by.</param>
    /// <returns>Null on success, else what went wrong.</returns>
    public static async Task<string?> BeatAsync(HeartbeatSettings heartbeat, TimeSpan left, DeliveryOptions options, TimeProvider clock)
    {
        var limit = TimeSpan.FromSeconds(heartbeat.TimeoutSeconds) is var own && own < left ? own : left;
        using var clients = new HttpClientPool(options);
        var client = clients.For(heartbeat.Proxy, heartbeat.VerifyTls);
        using var timeout = new CancellationTokenSource(limit, clock);
        try
        {
            using var response = await client.GetAsync(EventTarget.Heartbeat(heartbeat.Endpoint, heartbeat.Key), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {limit.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }
}
