using System.Runtime.InteropServices;

namespace IlertNotify.Logging;

/// <summary>libc <c>syslog(3)</c>, ident <c>ilert-notify</c>, with the process id.</summary>
internal sealed partial class LibcSyslog : ISyslogWriter
{
    public const int FacilityUser = 1 << 3;
    private const int LogPid = 0x01;

    // openlog keeps the ident pointer, so the string must live as long as the process: allocated once, never freed.
    private static readonly Lazy<nint> Ident = new(() =>
    {
        var ident = Marshal.StringToCoTaskMemUTF8("ilert-notify");
        OpenLog(ident, LogPid, FacilityUser);
        return ident;
    });

    public void Write(int priority, string message)
    {
        _ = Ident.Value;
        // The message goes through "%s": a '%' in it is text, never a format directive.
        Syslog(priority, "%s", message);
    }

    [LibraryImport("libc", EntryPoint = "openlog")]
    private static partial void OpenLog(nint ident, int option, int facility);

    [LibraryImport("libc", EntryPoint = "syslog", StringMarshalling = StringMarshalling.Utf8)]
    private static partial void Syslog(int priority, string format, string message);
}
