using IlertNotify.Platform;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace IlertNotify.Logging;

/// <summary>Writes each log event as one syslog message (facility user), severity mapped from the Serilog level.</summary>
internal sealed class SyslogSink : ILogEventSink
{
    private readonly ITextFormatter formatter;
    private readonly ISyslogWriter writer;

    public SyslogSink(ITextFormatter formatter, ISyslogWriter writer)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(writer);
        this.formatter = formatter;
        this.writer = writer;
    }

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        formatter.Format(logEvent, text);
        // One event, one syslog line: embedded newlines (multi-line exceptions) would be split by some daemons.
        var message = text.ToString().TrimEnd().Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
        writer.Write(LinuxAbi.Current.SyslogFacilityUser | Severity(logEvent.Level), message);
    }

    internal static int Severity(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => LinuxAbi.Current.SyslogCritical,
        LogEventLevel.Error => LinuxAbi.Current.SyslogError,
        LogEventLevel.Warning => LinuxAbi.Current.SyslogWarning,
        LogEventLevel.Information => LinuxAbi.Current.SyslogInfo,
        _ => LinuxAbi.Current.SyslogDebug,
    };
}
