using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Logging;
using Serilog;

namespace IlertNotify.Site;

/// <summary>What a command, and the site operations it runs, may touch: the process environment, stdin, the logger, the clock.</summary>
internal sealed record CommandContext(
    IReadOnlyDictionary<string, string> Variables,
    TextReader Stdin,
    TextWriter Stdout,
    ILogger Log,
    SecretMasker Masker,
    TimeProvider Clock,
    DeliveryOptions Delivery)
{
    /// <summary>The OMD site this runs in, or null outside one.</summary>
    public SitePaths? Site { get; } = SitePaths.From(Variables);
}
