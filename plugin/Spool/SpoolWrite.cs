namespace IlertNotify.Spool;

/// <summary>
/// An event now in the spool; <see cref="DurabilityWarning"/> says when its rename could not be fsynced,
/// <see cref="Repaired"/> what stood in the counter's way and was replaced.
/// </summary>
internal sealed record SpoolWrite(string Path, string? DurabilityWarning, string? Repaired = null);
