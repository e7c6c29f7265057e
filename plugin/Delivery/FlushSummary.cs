namespace IlertNotify.Delivery;

/// <summary>What one flush did; counters are shared by the incidents sent in parallel.</summary>
internal sealed class FlushSummary
{
    private int delivered;
    private int failed;
    private int kept;
    private int paced;

    public int Delivered => delivered;
    public int Failed => failed;
    public int Kept => kept;

    /// <summary>Of the kept ones: not sent because their alert source had no request left in this run.</summary>
    public int Paced => paced;

    public void CountDelivered() => Interlocked.Increment(ref delivered);
    public void CountFailed() => Interlocked.Increment(ref failed);
    public void CountKept(int count = 1) => Interlocked.Add(ref kept, count);
    public void CountPaced() => Interlocked.Increment(ref paced);

    public override string ToString() =>
        $"delivered {Delivered}, moved to failed/ {Failed}, still queued {Kept}" + (Paced > 0 ? $" ({Paced} waiting for their alert source's request budget)" : "");
}
