// Product defaults the rule forms show: one home in the build. They mirror the notifier's own constants, which win:
// plugin/Settings/NotifierSettings.cs (DefaultEndpoint, DefaultTimeoutSeconds), Checkmk/NotificationTypeFilter.cs (DefaultTypes),
// Settings/RateBudget.cs (Default: 50 a minute), Cli/CommandLineParser.cs (--timeout 1..600). Change them there first.

public static class ProductDefaults
{
    public const string Endpoint = "https://api.ilert.com";
    public const int TimeoutSeconds = 10;
    /// <summary>The rule form's limit: Checkmk waits for a notification script, so 50 s there; the command line allows 600.</summary>
    public const int TimeoutFormMax = 50;
    public const int TimeoutCommandLineMax = 600;
    public const int RateLimitPerMinute = 50;
    /// <summary>
    /// What the rule form preselects for a new rule: the Checkmk alert source the README recommends. Deliberately not the
    /// notifier's own default (EventFormats.Default, Nagios XML), which a rule without the field and iLert's Nagios plugin
    /// command line rely on; a saved rule keeps its stored value.
    /// </summary>
    public const string SourceType = "checkmk";
    public const string Priority = "HIGH";
    public const string SummaryHost = "$NOTIFICATIONTYPE$ Host Alert: $HOSTNAME$ is $HOSTSTATE$ - $HOSTOUTPUT$";
    public const string SummaryService = "$NOTIFICATIONTYPE$ Service Alert: $HOSTALIAS$/$SERVICEDESC$ is $SERVICESTATE$ - $SERVICEOUTPUT$";

    /// <summary>Every type Checkmk passes in NOTIFY_NOTIFICATIONTYPE, with its title in the form.</summary>
    public static readonly (string Name, string Title)[] NotificationTypes =
    {
        ("PROBLEM", "Problem"), ("RECOVERY", "Recovery"), ("ACKNOWLEDGEMENT", "Acknowledgement"),
        ("FLAPPINGSTART", "Flapping started"), ("FLAPPINGSTOP", "Flapping stopped"), ("FLAPPINGDISABLED", "Flapping disabled"),
        ("DOWNTIMESTART", "Downtime started"), ("DOWNTIMEEND", "Downtime ended"), ("DOWNTIMECANCELLED", "Downtime cancelled"),
        ("CUSTOM", "Custom notification"), ("ALERTHANDLER", "Alert handler result"),
    };

    /// <summary>The types forwarded when the rule names none.</summary>
    public static readonly string[] ForwardedTypes = { "PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT" };
}
