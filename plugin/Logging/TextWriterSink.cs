using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace IlertNotify.Logging;

/// <summary>Writes formatted events to stdout, one complete line per write, flushed at once (Checkmk may kill us).</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var line = new StringWriter();
        formatter.Format(logEvent, line);
        lock (gate)
        {
            output.Write(line.ToString());
            output.Flush();
        }
    }
}
