using IlertNotify.Checkmk;
using IlertNotify.Formats;

namespace IlertNotify.Settings;

/// <summary>
/// Where a rule sends events today: its endpoint, proxy, key (typed or from the password store) and alert source
/// type, read from its parameters exactly as a notification through that rule would read them.
/// </summary>
/// <param name="Proxy">Null when the rule names a global proxy (<see cref="NotificationRule.GlobalProxy"/>).</param>
internal sealed record RuleTarget(NotificationRule Rule, Uri Endpoint, ProxySetting? Proxy, string ApiKey, EventFormat Format)
{
    /// <summary>The key typed into the rule (or its plain list's first entry), if any: to be masked before it can be shown.</summary>
    public static string? TypedKey(NotificationRule rule)
    {
        var parameters = new NotificationParameters(rule.Variables);
        try
        {
            return PasswordReference.Read(parameters, SettingsResolver.ApiKeyParameter) is PasswordReference.Explicit typed ? typed.Secret : parameters.Get("1");
        }
        catch (ConfigurationException)
        {
            return parameters.Get("1");
        }
    }

    /// <exception cref="ConfigurationException">The rule's parameters are unusable, or it has no key.</exception>
    public static RuleTarget Resolve(NotificationRule rule, Func<string, string> lookupStoredPassword)
    {
        try
        {
            var none = new SettingOverrides();
            var settings = SettingsResolver.Resolve(none, rule.Variables);
            var key = SettingsResolver.ResolveApiKey(none, rule.Variables, [], lookupStoredPassword)
                ?? throw new ConfigurationException("it has no API key");
            return new RuleTarget(rule, settings.Endpoint, rule.GlobalProxy is null ? settings.Proxy : null, key, settings.Format);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"rule {rule.Name}: {e.Message}");
        }
    }
}
