using System.Net;
using IlertNotify.Delivery;

namespace IlertNotify.Tests.Unit;

public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData(200, nameof(DeliveryOutcome.Delivered))]
    [InlineData(202, nameof(DeliveryOutcome.Delivered))]
    [InlineData(204, nameof(DeliveryOutcome.Delivered))]
    [InlineData(400, nameof(DeliveryOutcome.Rejected))]
    [InlineData(401, nameof(DeliveryOutcome.Rejected))]
    [InlineData(403, nameof(DeliveryOutcome.Rejected))]
    [InlineData(404, nameof(DeliveryOutcome.Rejected))]
    [InlineData(413, nameof(DeliveryOutcome.Rejected))]
    [InlineData(408, nameof(DeliveryOutcome.RetryLater))]
    [InlineData(429, nameof(DeliveryOutcome.RetryLater))]
    [InlineData(500, nameof(DeliveryOutcome.RetryLater))]
    [InlineData(502, nameof(DeliveryOutcome.RetryLater))]
    [InlineData(503, nameof(DeliveryOutcome.RetryLater))]
    [InlineData(301, nameof(DeliveryOutcome.RetryLater))]
    public void Responses_are_classified_as_designed(int status, string expected)
    {
        Assert.Equal(Enum.Parse<DeliveryOutcome>(expected), ResponseClassifier.Classify((HttpStatusCode)status));
    }

    private static readonly DeliveryOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unreachable_endpoint_is_not_scheduled_later_so_it_goes_out_as_soon_as_iLert_is_back()
    {
        var result = new DeliveryResult(DeliveryOutcome.RetryLater, null, "refused", null, EndpointUnavailable: true);
        Assert.Null(RetrySchedule.NextAttempt(result, 5, Now, Options));
    }

    [Fact]
    public void Server_errors_back_off_exponentially_with_jitter_up_to_the_cap()
    {
        var result = new DeliveryResult(DeliveryOutcome.RetryLater, HttpStatusCode.ServiceUnavailable, "", null, false);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var expected = Math.Min(30 * Math.Pow(2, attempt - 1), 600);
            var delay = (RetrySchedule.NextAttempt(result, attempt, Now, Options)!.Value - Now).TotalSeconds;
            Assert.InRange(delay, expected * 0.8, expected * 1.2);
        }
    }

    [Fact]
    public void Retry_After_is_a_lower_bound()
    {
        var result = new DeliveryResult(DeliveryOutcome.RetryLater, HttpStatusCode.TooManyRequests, "", TimeSpan.FromMinutes(45), false);
        Assert.Equal(Now.AddMinutes(45), RetrySchedule.NextAttempt(result, 1, Now, Options));
    }

    [Fact]
    public void Every_retry_time_a_run_can_write_is_waited_for()
    {
        var longest = new DeliveryResult(DeliveryOutcome.RetryLater, HttpStatusCode.TooManyRequests, "", TimeSpan.FromDays(2), false);
        var backoff = new DeliveryResult(DeliveryOutcome.RetryLater, HttpStatusCode.ServiceUnavailable, "", null, false);
        var maxJitter = Options with { Jitter = () => 0.999999 };

        Assert.False(RetrySchedule.IsDue(RetrySchedule.NextAttempt(longest, 1, Now, Options), Now.AddSeconds(1), Options));
        Assert.False(RetrySchedule.IsDue(RetrySchedule.NextAttempt(backoff, 20, Now, maxJitter), Now, maxJitter));
        Assert.True(RetrySchedule.IsDue(Now.AddMinutes(59), Now.AddHours(1), Options));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(24)]
    [InlineData(24 * 365)]
    public void A_retry_time_written_under_a_clock_hours_ahead_does_not_hold_the_event(int hoursAhead)
    {
        // A 503 answered while the clock ran ahead; the event is read again once the clock is right.
        var written = Now.AddHours(hoursAhead).AddSeconds(30);
        Assert.True(RetrySchedule.IsDue(written, Now, Options));
    }
}
