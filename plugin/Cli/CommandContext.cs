using IlertNotify.Delivery;
using Serilog;

namespace IlertNotify.Cli;

/// <summary>What a command may touch: the process environment, stdin, the logger, the clock.</summary>
internal sealed record CommandContext(
    IReadOnlyDictionary<string, string> Variables,
    TextReader Stdin,
    TextWriter Stdout,
    ILogger Log,
    Logging.SecretMasker Masker,
    TimeProvider Clock,
    DeliveryOptions Delivery)
{
    /// <summary>The OMD site this runs in, or null outside one.</summary>
    public Context.Site? Site { get; } = Context.Site.From(Variables);
}
