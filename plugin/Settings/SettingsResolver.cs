using IlertNotify.Checkmk;
using IlertNotify.Formats;

namespace IlertNotify.Settings;

/// <summary>
/// Merges, newest first: command-line flags, our rule form (<c>NOTIFY_PARAMETER_&lt;KEY&gt;</c>),
/// the plain list form (<c>NOTIFY_PARAMETER_1</c> = API key), then defaults; the key last from the contact's pager.
/// </summary>
internal static class SettingsResolver
{
    public static string ApiKeyParameter => RuleFields.ApiKey.Parameter;

    /// <summary>Everything but the API key, which only commands that create events need.</summary>
    public static NotifierSettings Resolve(SettingOverrides flags, IReadOnlyDictionary<string, string> environment)
    {
        var parameters = new NotificationParameters(environment);
        var values = new RuleValues(flags, parameters);

        return new NotifierSettings
        {
            Endpoint = ParseEndpoint(values.TextOrDefault(RuleFields.Endpoint), flags.Port),
            Format = EventFormats.FromRule(values.TextOrDefault(RuleFields.SourceType)),
            SpoolDirectory = values.Text(RuleFields.SpoolDirectory) ?? (SitePaths.From(environment)?.DefaultSpool ?? SitePaths.NonSiteSpool),
            Proxy = flags.Proxy is { } flag ? ProxySetting.Parse(flag) : ProxySetting.Read(parameters, RuleFields.Proxy.Parameter),
            VerifyTls = !values.Switch(RuleFields.IgnoreTls),
            TimeoutSeconds = values.Number(RuleFields.Timeout),
            RateBudget = new RateBudget(
                values.Number(RuleFields.RateLimit),
                flags.RateWindowSeconds is { } window ? TimeSpan.FromSeconds(window) : RateBudget.Default.Window),
            TypeFilter = new NotificationTypeFilter(values.List(RuleFields.NotificationTypes)),
        };
    }

    /// <returns>
    /// The key from the flag, our rule form (typed or from the password store), the plain list form, or the contact's
    /// pager (iLert's Nagios/Icinga configurations): a rule's key is meant for this notifier, a pager is any contact's.
    /// </returns>
    public static string? ResolveApiKey(
        SettingOverrides flags, IReadOnlyDictionary<string, string> environment, IReadOnlyList<KeyValuePair<string, string>> arguments, Func<string, string> lookupStoredPassword)
    {
        var parameters = new NotificationParameters(environment);
        return flags.ApiKey ?? PasswordReference.Read(parameters, ApiKeyParameter) switch
        {
            PasswordReference.Explicit typed => typed.Secret,
            PasswordReference.Stored stored => lookupStoredPassword(stored.Id),
            _ => parameters.Get("1"),
        } ?? PagerKey.Find(new NotificationContext(environment, arguments));
    }

    internal static Uri ParseEndpoint(string endpoint, int? port)
    {
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"endpoint '{endpoint}' is not an http(s) URL");
        }
        var builder = new UriBuilder(uri);
        if (port is { } explicitPort)
        {
            builder.Port = explicitPort;
        }
        return builder.Uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
