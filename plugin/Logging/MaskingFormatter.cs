using Serilog.Events;
using Serilog.Formatting;

namespace IlertNotify.Logging;

/// <summary>Formats with the inner formatter, then masks secrets: every sink writes through one of these.</summary>
internal sealed class MaskingFormatter(ITextFormatter inner, SecretMasker masker) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(masker.Apply(buffer.ToString()));
    }
}
