using Serilog.Core;
using Serilog.Events;

namespace IlertNotify.Logging;

/// <summary>Escapes control characters in every text property before any sink formats it (see <see cref="LogText"/>).</summary>
internal sealed class ControlCharacterEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && LogText.NeedsEscaping(text))
            {
                (replaced ??= []).Add(new LogEventProperty(name, new ScalarValue(LogText.Escape(text))));
            }
        }
        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}
