namespace IlertNotify.Spool;

/// <summary>An event now in the spool; <see cref="DurabilityWarning"/> says when its rename could not be fsynced.</summary>
internal sealed record SpoolWrite(string Path, string? DurabilityWarning);
