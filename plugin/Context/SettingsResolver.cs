using IlertNotify.Cli;
using IlertNotify.Events;

namespace IlertNotify.Context;

/// <summary>
/// Merges, newest first: command-line flags, our rule form (<c>NOTIFY_PARAMETER_&lt;KEY&gt;</c>),
/// the plain list form (<c>NOTIFY_PARAMETER_1</c> = API key), then defaults.
/// </summary>
internal static class SettingsResolver
{
    public const string ApiKeyParameter = "API_KEY";

    /// <summary>Everything but the API key, which only commands that create events need.</summary>
    public static NotifierSettings Resolve(Invocation invocation, IReadOnlyDictionary<string, string> environment)
    {
        var parameters = new NotificationParameters(environment);
        environment.TryGetValue("OMD_ROOT", out var omdRoot);

        return new NotifierSettings
        {
            Endpoint = ParseEndpoint(NonEmpty(invocation.Endpoint) ?? parameters.Get("ENDPOINT") ?? NotifierSettings.DefaultEndpoint, invocation.Port),
            Format = ParseSourceType(NonEmpty(invocation.SourceType) ?? parameters.Get("SOURCE_TYPE")),
            SpoolDirectory = NonEmpty(invocation.SpoolDirectory) ?? parameters.Get("SPOOL_DIR") ?? NotifierSettings.DefaultSpoolDirectory(omdRoot),
            Proxy = NonEmpty(invocation.Proxy) is { } flag ? ProxySetting.Parse(flag) : ProxySetting.Read(parameters),
            VerifyTls = !(invocation.DisableTlsVerification || parameters.GetBool("IGNORE_TLS") == true),
            TimeoutSeconds = invocation.TimeoutSeconds ?? parameters.GetInt("TIMEOUT") ?? NotifierSettings.DefaultTimeoutSeconds,
            RateBudget = new RateBudget(
                invocation.RateLimit ?? parameters.GetInt("RATE_LIMIT") ?? RateBudget.Default.Requests,
                invocation.RateWindowSeconds is { } window ? TimeSpan.FromSeconds(window) : RateBudget.Default.Window),
            TypeFilter = new NotificationTypeFilter(invocation.NotificationTypes ?? parameters.GetList("NOTIFICATION_TYPES") ?? NotificationTypeFilter.DefaultTypes),
        };
    }

    /// <returns>The key from the flag, our rule form (typed or from the password store), or the plain list form.</returns>
    public static string? ResolveApiKey(Invocation invocation, IReadOnlyDictionary<string, string> environment, Func<string, string> lookupStoredPassword)
    {
        var parameters = new NotificationParameters(environment);
        return NonEmpty(invocation.ApiKey) ?? PasswordReference.Read(parameters, ApiKeyParameter) switch
        {
            PasswordReference.Explicit typed => typed.Secret,
            PasswordReference.Stored stored => lookupStoredPassword(stored.Id),
            _ => parameters.Get("1"),
        };
    }

    /// <summary>The rule's (or <c>--source-type</c>'s) alert source type: <c>nagios</c> (default) or <c>checkmk</c>.</summary>
    private static EventFormat ParseSourceType(string? type) => type?.ToUpperInvariant() switch
    {
        null or "NAGIOS" => EventFormat.NagiosXml,
        "CHECKMK" => EventFormat.CheckmkJson,
        _ => throw new ConfigurationException($"alert source type '{type}' is neither nagios nor checkmk"),
    };

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
