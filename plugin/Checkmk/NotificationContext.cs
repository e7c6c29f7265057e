namespace IlertNotify.Checkmk;

/// <summary>
/// One notification as Checkmk (<c>NOTIFY_*</c>) or Nagios/Icinga (<c>NAGIOS_*</c>, <c>ICINGA_*</c>) describes it,
/// plus the <c>KEY=VALUE</c> arguments of the reference plugin's command line (iLert's configuration for cores without
/// environment macros passes the whole context that way, unprefixed).
/// </summary>
internal sealed class NotificationContext(IReadOnlyDictionary<string, string> variables, IReadOnlyList<KeyValuePair<string, string>>? arguments = null)
{
    private static readonly string[] ContextPrefixes = ["NOTIFY_", "NAGIOS_", "ICINGA_"];

    // The rule's parameters hold the API key and are configuration, not part of the alert.
    private const string ParameterPrefix = "NOTIFY_PARAMETER";

    public IReadOnlyDictionary<string, string> Variables { get; } = variables;

    /// <summary>The <c>KEY=VALUE</c> arguments, in command-line order: payload entries of the same names.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; } = arguments ?? [];

    public bool IsPresent => Variables.Keys.Any(IsContextVariable) || Arguments.Count > 0;

    public string NotificationType => First("NOTIFICATIONTYPE");

    public string HostName => First("HOSTNAME");

    public bool IsServiceNotification =>
        Variables.TryGetValue("NOTIFY_WHAT", out var what)
            ? what.Equals("SERVICE", StringComparison.OrdinalIgnoreCase)
            : First("SERVICEDESC") is { Length: > 0 } service && !IsUnexpandedMacro(service);

    public string ServiceDescription => IsServiceNotification ? First("SERVICEDESC") : "";

    /// <summary>Who acknowledged, on an ACKNOWLEDGEMENT notification (Checkmk and Nagios set NOTIFICATIONAUTHOR).</summary>
    public string NotificationAuthor => First("NOTIFICATIONAUTHOR") is { Length: > 0 } author && !IsUnexpandedMacro(author)
        ? author
        : First(IsServiceNotification ? "SERVICEACKAUTHOR" : "HOSTACKAUTHOR");

    /// <summary>Events of one incident (host, or host + service) are delivered in the order they were raised.</summary>
    public string IncidentKey => IsServiceNotification ? $"{HostName}/{ServiceDescription}" : HostName;

    /// <summary>Every context variable, in a stable order: what the reference plugin sends as entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> PayloadEntries =>
        Variables.Where(pair => IsContextVariable(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The last argument of that name (the reference builds a dictionary from them: the last one wins).</summary>
    public string? Argument(string name)
    {
        for (var i = Arguments.Count - 1; i >= 0; i--)
        {
            if (Arguments[i].Key == name)
            {
                return Arguments[i].Value;
            }
        }
        return null;
    }

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

    /// <summary>Nagios leaves a macro it cannot resolve as written: <c>$SERVICEDESC$</c> in a host notification's arguments.</summary>
    private static bool IsUnexpandedMacro(string value) => value.Length > 2 && value[0] == '$' && value[^1] == '$';

    private static bool IsContextVariable(string name) =>
        !name.StartsWith(ParameterPrefix, StringComparison.Ordinal)
        && ContextPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length);

    /// <summary>
    /// A macro as the payload carries it (an argument replaces the variable of the same name), prefixed names first;
    /// the bare name only from the arguments, since a bare <c>HOSTNAME</c> in the environment is the shell's.
    /// </summary>
    private string First(string suffix)
    {
        foreach (var prefix in ContextPrefixes)
        {
            if ((Argument(prefix + suffix) ?? Variables.GetValueOrDefault(prefix + suffix)) is { Length: > 0 } value)
            {
                return value;
            }
        }
        return Argument(suffix) ?? "";
    }
}
