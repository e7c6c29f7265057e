using Serilog;
using Serilog.Configuration;
using Serilog.Formatting;

namespace IlertNotify.Logging;

internal static class SyslogSinkExtensions
{
    public static LoggerConfiguration Syslog(this LoggerSinkConfiguration sinks, ITextFormatter formatter, ISyslogWriter? writer = null) =>
        sinks.Sink(new SyslogSink(formatter, writer ?? new LibcSyslog()));
}
