namespace IlertNotify.Delivery;

/// <summary>What one flush did; counters are shared by the incidents sent in parallel.</summary>
internal sealed class FlushSummary
{
    private int delivered;
    private int failed;
    private int kept;

    public int Delivered => delivered;
    public int Failed => failed;
    public int Kept => kept;

    public void CountDelivered() => Interlocked.Increment(ref delivered);
    public void CountFailed() => Interlocked.Increment(ref failed);
    public void CountKept() => Interlocked.Increment(ref kept);

    public override string ToString() => $"delivered {Delivered}, moved to failed/ {Failed}, still queued {Kept}";
}
