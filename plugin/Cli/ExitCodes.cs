namespace IlertNotify.Cli;

/// <summary>What the exit code tells Checkmk (docs/DESIGN.md, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>The event is safely spooled (sent or not yet), or deliberately ignored.</summary>
    public const int Ok = 0;

    /// <summary>The event could not even be spooled (disk full, permissions): Checkmk may retry.</summary>
    public const int NotSpooled = 1;

    /// <summary>A permanent error: no API key, unusable configuration, bad command line.</summary>
    public const int Permanent = 2;
}
