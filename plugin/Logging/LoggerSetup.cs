using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace IlertNotify.Logging;

internal static class LoggerSetup
{
    // Checkmk copies stdout into notify.log and the last line into the monitoring history: keep lines short.
    private const string StdoutTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}";
    private const string SyslogTemplate = "{Message:lj}";

    public static Logger Create(SecretMasker masker, TextWriter stdout, LogEventLevel minimum)
    {
        var stdoutFormat = new MaskingFormatter(new MessageTemplateTextFormatter(StdoutTemplate), masker);
        var syslogFormat = new MaskingFormatter(new MessageTemplateTextFormatter(SyslogTemplate), masker);
        return new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.With(new ControlCharacterEnricher())
            .WriteTo.Sink(new TextWriterSink(stdoutFormat, stdout))
            .WriteTo.Syslog(syslogFormat)
            .CreateLogger();
    }
}
