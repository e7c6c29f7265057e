using IlertNotify.Delivery;
using IlertNotify.Settings;

namespace IlertNotify.Tests.Unit;

public sealed class PacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly RateBudget FivePerTenSeconds = new(5, TimeSpan.FromSeconds(10));

    [Fact]
    public void No_window_of_any_alignment_sees_more_than_the_budget()
    {
        var pacer = new SourcePacer(FivePerTenSeconds);
        var taken = new List<DateTimeOffset>();
        for (var now = Start; now < Start.AddMinutes(2); now = now.AddMilliseconds(137))
        {
            if (pacer.TryTake(now) is null)
            {
                taken.Add(now);
            }
        }

        Assert.InRange(taken.Count, 55, 60);
        foreach (var from in taken)
        {
            Assert.True(taken.Count(t => t >= from && t < from + FivePerTenSeconds.Window) <= 5, $"more than 5 requests in the 10 s from {from:O}");
        }
    }

    [Fact]
    public void A_full_budget_says_when_the_next_slot_frees()
    {
        var pacer = new SourcePacer(FivePerTenSeconds);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(pacer.TryTake(Start.AddSeconds(i)));
        }

        var free = pacer.TryTake(Start.AddSeconds(5));

        Assert.NotNull(free);
        Assert.InRange(free.Value, Start.AddSeconds(10), Start.AddSeconds(10.5));
        Assert.Null(pacer.TryTake(free.Value));
    }

    [Fact]
    public void A_slot_given_back_is_free_again_at_once()
    {
        var pacer = new SourcePacer(FivePerTenSeconds);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(pacer.TryTake(Start.AddSeconds(i)));
        }
        Assert.NotNull(pacer.TryTake(Start.AddSeconds(5)));

        pacer.GiveBack(Start.AddSeconds(2));

        Assert.Null(pacer.TryTake(Start.AddSeconds(5)));
        Assert.Equal([Start, Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(4), Start.AddSeconds(5)], pacer.SentWithinWindow(Start.AddSeconds(5)));
    }

    [Fact]
    public void A_pause_after_429_holds_every_slot_until_it_ends()
    {
        var pacer = new SourcePacer(FivePerTenSeconds);
        pacer.Block(Start.AddSeconds(30));

        Assert.Equal(Start.AddSeconds(30), pacer.TryTake(Start.AddSeconds(1)));
        Assert.Null(pacer.TryTake(Start.AddSeconds(30)));
    }

    [Fact]
    public void The_state_file_carries_budgets_pauses_request_times_and_endpoint_trouble_to_the_next_process()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ilert-state-").FullName, ".delivery-state");
        var state = new DeliveryState();
        var pacer = state.Pacer("aaaa", FivePerTenSeconds);
        pacer.TryTake(Start);
        pacer.TryTake(Start.AddSeconds(1));
        state.Pacer("bbbb", RateBudget.Default).Block(Start.AddMinutes(30));
        state.MarkTrouble("https://api.ilert.com", new EndpointTrouble(Start.AddMinutes(5), "no answer\nwithin 2 s"));

        DeliveryStateFile.Save(path, state, Start.AddSeconds(2));
        var loaded = DeliveryStateFile.Load(path, Start.AddSeconds(3), TimeSpan.FromHours(1));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(FivePerTenSeconds, loaded.Sources["aaaa"].Budget);
        Assert.Equal([Start, Start.AddSeconds(1)], loaded.Sources["aaaa"].SentWithinWindow(Start.AddSeconds(3)));
        Assert.Equal(Start.AddMinutes(30), loaded.Sources["bbbb"].BlockedUntil);
        Assert.Equal("no answer within 2 s", loaded.Trouble("https://api.ilert.com", Start.AddSeconds(3))?.Reason);
        Assert.Null(loaded.Trouble("https://api.ilert.com", Start.AddMinutes(6)));
    }

    [Fact]
    public void A_damaged_state_file_or_a_clock_step_back_loses_no_more_than_the_pacing_it_held()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ilert-state-").FullName, ".delivery-state");
        File.WriteAllText(path, "ilert-notify-state 1\nsource x 5/10 0 notanumber\nsource y 5/10 99999999999999 " + Start.AddDays(1).ToUnixTimeMilliseconds() + "\ngarbage\n");

        var loaded = DeliveryStateFile.Load(path, Start, TimeSpan.FromHours(1));

        Assert.False(loaded.Sources.ContainsKey("x"));
        // A pause 3 years ahead was written under a clock that ran ahead: not waited for (it was an hour before).
        Assert.Equal(DateTimeOffset.MinValue, loaded.Sources["y"].BlockedUntil);
        Assert.Equal([Start], loaded.Sources["y"].SentWithinWindow(Start));
    }

    [Theory]
    [InlineData("50/60", 50, 60)]
    [InlineData("1000/60", 1000, 60)]
    [InlineData("5/2.5", 5, 2.5)]
    public void Budgets_round_trip_through_the_spool_header(string text, int requests, double seconds)
    {
        var budget = RateBudget.Parse(text);
        Assert.Equal(new RateBudget(requests, TimeSpan.FromSeconds(seconds)), budget);
        Assert.Equal(text, budget.Format());
    }

    [Fact]
    public void Retry_After_is_capped_at_an_hour()
    {
        var result = new DeliveryResult(DeliveryOutcome.RetryLater, System.Net.HttpStatusCode.ServiceUnavailable, "", TimeSpan.FromSeconds(100_000_000), false);
        Assert.Equal(Start.AddHours(1), RetrySchedule.NextAttempt(result, 1, Start, new DeliveryOptions()));
    }
}
