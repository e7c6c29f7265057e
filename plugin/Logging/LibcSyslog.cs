using System.Runtime.InteropServices;
using IlertNotify.Platform;

namespace IlertNotify.Logging;

/// <summary>libc <c>syslog(3)</c>, ident <c>ilert-notify</c>, with the process id.</summary>
internal sealed class LibcSyslog : ISyslogWriter
{
    // openlog keeps the ident pointer, so the string must live as long as the process: allocated once, never freed.
    private static readonly Lazy<nint> Ident = new(() =>
    {
        var ident = Marshal.StringToCoTaskMemUTF8("ilert-notify");
        Libc.OpenLog(ident, LinuxAbi.Current.SyslogPid, LinuxAbi.Current.SyslogFacilityUser);
        return ident;
    });

    public void Write(int priority, string message)
    {
        _ = Ident.Value;
        // The message goes through "%s": a '%' in it is text, never a format directive.
        Libc.Syslog(priority, "%s", message);
    }
}
