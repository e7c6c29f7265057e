using IlertNotify.Delivery;
using Serilog;

namespace IlertNotify.Cli;

/// <summary>What a command may touch: the process environment, stdin, the logger, the clock.</summary>
internal sealed record CommandEnvironment(
    IReadOnlyDictionary<string, string> Variables,
    TextReader Stdin,
    TextWriter Stdout,
    ILogger Log,
    Logging.SecretMasker Masker,
    TimeProvider Clock,
    DeliveryOptions Delivery)
{
    public string? OmdRoot => Variables.TryGetValue("OMD_ROOT", out var root) && root.Length > 0 ? root : null;
}
