namespace IlertNotify.Checkmk;

/// <summary>A permanent problem with the configuration: retrying the same call cannot help (exit 2).</summary>
internal sealed class ConfigurationException(string message) : Exception(message)
{
    public static ConfigurationException NoApiKey() =>
        new("no API key: set it in the notification rule (API key field), or NOTIFY_PARAMETER_1, or -a, or the contact's pager (NAGIOS_CONTACTPAGER, ICINGA_CONTACTPAGER, a CONTACTPAGER= argument)");
}
