using System.Diagnostics;
using IlertNotify.Delivery;
using IlertNotify.Settings;
using IlertNotify.Sync;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>The sync's iLert REST client against the OpenAPI-built stand-in, over real HTTP on 127.0.0.1.</summary>
public sealed class AlertsClientTests
{
    private const string UserKey = "usr0123456789abcdefUSERKEY";
    private const string SourceKey = "il1api0123456789abcdefSECRET";

    private static AckSyncSettings Settings(FakeIlertAlerts ilert, string key = UserKey, int timeout = 5) =>
        new(key, new Uri(ilert.Endpoint), "none", true, timeout, AckSyncSettings.DefaultAuthor, "");

    private static Task<AlertsAnswer> FetchAsync(FakeIlertAlerts ilert, long[] sources, AckSyncSettings? settings = null, TimeSpan? left = null, int startIndex = 0) =>
        AlertsClient.FetchAcceptedAsync(settings ?? Settings(ilert), sources, left ?? TimeSpan.FromSeconds(30), new DeliveryOptions(), TimeProvider.System, startIndex);

    private static void OpenMany(FakeIlertAlerts ilert, int count, long sourceId, bool accept)
    {
        for (var i = 0; i < count; i++)
        {
            var alert = ilert.Open($"host{i}/CPU is CRITICAL", $"host{i}/CPU", sourceId, SourceKey);
            if (accept)
            {
                ilert.Accept(alert);
            }
        }
    }

    [Fact]
    public async Task Reads_accepted_alerts_of_the_given_sources_page_by_page()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        OpenMany(ilert, 150, sourceId: 11, accept: true);
        OpenMany(ilert, 20, sourceId: 11, accept: false);
        OpenMany(ilert, 30, sourceId: 99, accept: true);

        var answer = await FetchAsync(ilert, [11]);

        Assert.Null(answer.Failure);
        Assert.Equal(2, answer.Requests);
        Assert.Equal(150, answer.Alerts.Count);
        Assert.All(answer.Alerts, alert => Assert.Equal((11L, "ACCEPTED", SourceKey, "Jane Doe"), (alert.SourceId!.Value, alert.Status, alert.SourceKey!, alert.AcceptedBy!)));
        Assert.Equal(["?states=ACCEPTED&sources=11&start-index=0&max-results=100", "?states=ACCEPTED&sources=11&start-index=100&max-results=100"], ilert.Queries);
    }

    [Fact]
    public async Task Never_more_than_two_requests_a_run()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        OpenMany(ilert, 350, sourceId: 11, accept: true);

        var answer = await FetchAsync(ilert, [11]);

        Assert.Equal(AlertsClient.MaxRequests, answer.Requests);
        Assert.Equal(AlertsClient.MaxRequests, ilert.Queries.Count);
        Assert.Equal(200, answer.Alerts.Count);
    }

    [Fact]
    public async Task With_more_accepted_alerts_than_two_pages_the_runs_take_turns_through_all_of_them()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        OpenMany(ilert, 350, sourceId: 11, accept: true);

        var first = await FetchAsync(ilert, [11]);
        var second = await FetchAsync(ilert, [11], startIndex: first.NextStartIndex);
        var third = await FetchAsync(ilert, [11], startIndex: second.NextStartIndex);

        Assert.Equal(200, first.NextStartIndex);
        // From 200: a full page, then the last (50); both requests spent, so the next run starts at the first page.
        Assert.Equal((2, 150, 0), (second.Requests, second.Alerts.Count, second.NextStartIndex));
        Assert.Equal(350, first.Alerts.Concat(second.Alerts).Select(alert => alert.Id).Distinct().Count());
        Assert.Equal(first.Alerts.Select(alert => alert.Id), third.Alerts.Select(alert => alert.Id));
    }

    [Fact]
    public async Task Past_the_last_page_a_run_goes_on_from_the_first_and_a_failure_keeps_its_place()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        OpenMany(ilert, 30, sourceId: 11, accept: true);

        // Where an earlier run stopped when there were more: now an empty page there, then the first page.
        var answer = await FetchAsync(ilert, [11], startIndex: 200);
        var refused = await FetchAsync(ilert, [11], Settings(ilert, key: "wrong-key-0123456789"), startIndex: 200);

        Assert.Equal((2, 30, 0), (answer.Requests, answer.Alerts.Count, answer.NextStartIndex));
        Assert.Equal("?states=ACCEPTED&sources=11&start-index=0&max-results=100", ilert.Queries[1]);
        Assert.Equal((AlertsFailure.Unauthorized, 200), (refused.Failure, refused.NextStartIndex));
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized_after_one_request()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        var answer = await FetchAsync(ilert, [], Settings(ilert, key: "wrong-key-0123456789"));
        Assert.Equal(AlertsFailure.Unauthorized, answer.Failure);
        Assert.Equal(1, answer.Requests);
        Assert.StartsWith("HTTP 401", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_stops_the_run()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        ilert.Throttling = true;
        var answer = await FetchAsync(ilert, [11]);
        Assert.Equal(AlertsFailure.Throttled, answer.Failure);
        Assert.Single(ilert.Queries);
    }

    [Fact]
    public async Task A_hanging_api_costs_at_most_the_timeout()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        ilert.Delay = TimeSpan.FromHours(1);
        var watch = Stopwatch.StartNew();
        var answer = await FetchAsync(ilert, [11], Settings(ilert, timeout: 1));
        Assert.Equal(AlertsFailure.Unavailable, answer.Failure);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));

        watch.Restart();
        answer = await FetchAsync(ilert, [11], Settings(ilert, timeout: 10), left: TimeSpan.FromSeconds(1));
        Assert.Equal(AlertsFailure.Unavailable, answer.Failure);
        Assert.Contains("time this run had left", answer.Detail, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("{\"alerts\":[]}")]
    [InlineData("")]
    public async Task A_malformed_answer_is_tolerated(string garbage)
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        ilert.Garbage = garbage;
        var answer = await FetchAsync(ilert, [11]);
        Assert.Equal(AlertsFailure.Malformed, answer.Failure);
        Assert.Empty(answer.Alerts);
    }

    [Fact]
    public void An_element_without_id_is_skipped_and_the_others_are_read()
    {
        var alerts = AlertsJson.Parse("""[{"summary":"no id"}, 42, {"id":5,"status":"ACCEPTED","alertKey":"k","alertSource":{"id":"x"},"responders":[{"user":{"id":3},"status":"ACCEPTED"}]}]""");
        var alert = Assert.Single(alerts!);
        Assert.Equal((5L, "k", (long?)null, "3"), (alert.Id, alert.AlertKey, alert.SourceId, alert.AcceptedBy));
    }

    [Fact]
    public async Task The_stand_in_takes_the_go_clients_spellings_too()
    {
        await using var ilert = await FakeIlertAlerts.StartAsync(UserKey);
        OpenMany(ilert, 3, sourceId: 11, accept: true);
        OpenMany(ilert, 2, sourceId: 12, accept: true);
        OpenMany(ilert, 4, sourceId: 11, accept: false);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", UserKey);
        var json = await client.GetStringAsync($"{ilert.Endpoint}/api/alerts?state=ACCEPTED&alert-source=11");
        Assert.Equal(3, AlertsJson.Parse(json)!.Count);
    }
}
