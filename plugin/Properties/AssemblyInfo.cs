// The notifier runs on Checkmk servers: Linux only (flock, fsync of directories, syslog).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("IlertNotify.Tests")]
