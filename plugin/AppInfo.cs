using System.Reflection;

namespace IlertNotify;

internal static class AppInfo
{
    public static string Version { get; } =
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Sent as the <c>PLUGIN_VERSION</c> entry, as the reference plugin does.</summary>
    public static string PluginVersion => $"ilert-checkmk-{Version}";

    public static string UserAgent => $"ilert-checkmk/{Version}";
}
