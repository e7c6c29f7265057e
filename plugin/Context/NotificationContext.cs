namespace IlertNotify.Context;

/// <summary>
/// One notification as Checkmk (<c>NOTIFY_*</c>) or Nagios/Icinga (<c>NAGIOS_*</c>, <c>ICINGA_*</c>) describes it.
/// </summary>
internal sealed class NotificationContext(IReadOnlyDictionary<string, string> variables)
{
    private static readonly string[] ContextPrefixes = ["NOTIFY_", "NAGIOS_", "ICINGA_"];

    // The rule's parameters hold the API key and are configuration, not part of the alert.
    private const string ParameterPrefix = "NOTIFY_PARAMETER";

    public IReadOnlyDictionary<string, string> Variables { get; } = variables;

    public bool IsPresent => Variables.Keys.Any(IsContextVariable);

    public string NotificationType => First("NOTIFICATIONTYPE");

    public string HostName => First("HOSTNAME");

    public bool IsServiceNotification =>
        Variables.TryGetValue("NOTIFY_WHAT", out var what)
            ? what.Equals("SERVICE", StringComparison.OrdinalIgnoreCase)
            : First("SERVICEDESC").Length > 0;

    public string ServiceDescription => IsServiceNotification ? First("SERVICEDESC") : "";

    /// <summary>Events of one incident (host, or host + service) are delivered in the order they were raised.</summary>
    public string IncidentKey => IsServiceNotification ? $"{HostName}/{ServiceDescription}" : HostName;

    /// <summary>Every context variable, in a stable order: what the reference plugin sends as entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> PayloadEntries =>
        Variables.Where(pair => IsContextVariable(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal);

    /// <summary><c>NOTIFY_HOSTNAME</c> -> <c>HOSTNAME</c>: the keys Checkmk's own plugins see.</summary>
    public static string WithoutPrefix(string name)
    {
        foreach (var prefix in ContextPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }
        return name;
    }

    /// <summary>Any <c>NOTIFY_*</c> variable, rule parameters included: Checkmk called us, so this is a notification.</summary>
    public static bool IsCheckmkVariable(string name) => name.StartsWith("NOTIFY_", StringComparison.Ordinal) && name.Length > "NOTIFY_".Length;

    private static bool IsContextVariable(string name) =>
        !name.StartsWith(ParameterPrefix, StringComparison.Ordinal)
        && ContextPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length);

    private string First(string suffix)
    {
        foreach (var prefix in ContextPrefixes)
        {
            if (Variables.TryGetValue(prefix + suffix, out var value) && value.Length > 0)
            {
                return value;
            }
        }
        return "";
    }
}
