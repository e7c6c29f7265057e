namespace IlertNotify.Delivery;

/// <summary>
/// Request slots of one alert source for one flush: waits for a slot until the flush's deadline, and gives a slot
/// back when its request never reached iLert (connection refused, DNS), which iLert therefore never counted.
/// </summary>
internal sealed class SlotGate(SourcePacer pacer, DateTimeOffset deadline, TimeProvider clock)
{
    private DateTimeOffset? taken;

    /// <returns>False when no slot frees before the deadline.</returns>
    public async ValueTask<bool> TakeAsync(CancellationToken budget)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            if (pacer.TryTake(now) is not { } free)
            {
                taken = now;
                return true;
            }
            if (free > deadline)
            {
                return false;
            }
            await Task.Delay(free - now, clock, budget).ConfigureAwait(false);
        }
    }

    public void GiveBack()
    {
        if (taken is { } time)
        {
            pacer.GiveBack(time);
            taken = null;
        }
    }
}
