using IlertNotify.Checkmk;
using IlertNotify.Formats;

namespace IlertNotify.Settings;

/// <summary>
/// Merges, newest first: command-line flags, our rule form (<c>NOTIFY_PARAMETER_&lt;KEY&gt;</c>),
/// the plain list form (<c>NOTIFY_PARAMETER_1</c> = API key), then defaults; the key last from the contact's pager.
/// </summary>
internal static class SettingsResolver
{
    public const string ApiKeyParameter = "API_KEY";

    /// <summary>Everything but the API key, which only commands that create events need.</summary>
    public static NotifierSettings Resolve(SettingOverrides flags, IReadOnlyDictionary<string, string> environment)
    {
        var parameters = new NotificationParameters(environment);

        return new NotifierSettings
        {
            Endpoint = ParseEndpoint(NonEmpty(flags.Endpoint) ?? parameters.Get("ENDPOINT") ?? NotifierSettings.DefaultEndpoint, flags.Port),
            Format = EventFormats.FromRule(NonEmpty(flags.SourceType) ?? parameters.Get("SOURCE_TYPE")),
            SpoolDirectory = NonEmpty(flags.SpoolDirectory) ?? parameters.Get("SPOOL_DIR") ?? (SitePaths.From(environment)?.DefaultSpool ?? SitePaths.NonSiteSpool),
            Proxy = NonEmpty(flags.Proxy) is { } flag ? ProxySetting.Parse(flag) : ProxySetting.Read(parameters),
            VerifyTls = !(flags.DisableTlsVerification || parameters.GetBool("IGNORE_TLS") == true),
            TimeoutSeconds = flags.TimeoutSeconds ?? parameters.GetInt("TIMEOUT") ?? NotifierSettings.DefaultTimeoutSeconds,
            RateBudget = new RateBudget(
                flags.RateLimit ?? parameters.GetInt("RATE_LIMIT") ?? RateBudget.Default.Requests,
                flags.RateWindowSeconds is { } window ? TimeSpan.FromSeconds(window) : RateBudget.Default.Window),
            TypeFilter = new NotificationTypeFilter(flags.NotificationTypes ?? parameters.GetList("NOTIFICATION_TYPES") ?? NotificationTypeFilter.DefaultTypes),
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
        return NonEmpty(flags.ApiKey) ?? PasswordReference.Read(parameters, ApiKeyParameter) switch
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
