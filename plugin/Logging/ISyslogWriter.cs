namespace IlertNotify.Logging;

/// <summary>Where syslog messages go: libc in production, a recorder in unit tests.</summary>
internal interface ISyslogWriter
{
    void Write(int priority, string message);
}
