using System.Net;
using IlertNotify.Checkmk;

namespace IlertNotify.Settings;

/// <summary>
/// How to reach iLert. <see cref="Value"/> is what a spooled event keeps: <c>environment</c>, <c>none</c> or a proxy
/// URL (with its credentials, if any; <see cref="ToString"/> hides them).
/// </summary>
internal sealed record ProxySetting(string Value)
{
    public const string EnvironmentValue = "environment";
    public const string NoneValue = "none";

    /// <summary>The rule key Checkmk resolves to one string (<c>events.add_to_event_context</c>).</summary>
    public const string ParameterKey = "PROXY_URL";

    private const string FormSpecMarker = "cmk_postprocessed";

    public static readonly ProxySetting FromEnvironment = new(EnvironmentValue);
    public static readonly ProxySetting None = new(NoneValue);

    public bool UsesEnvironment => Value == EnvironmentValue;
    public bool IsNone => Value == NoneValue;

    /// <summary>The proxy to connect to, without credentials (.NET ignores a URL's user info for proxies).</summary>
    public Uri? Url => UsesEnvironment || IsNone ? null : new Uri(new Uri(Value).GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));

    /// <summary>The user and password of a URL like <c>http://user:pass@proxy:3128</c> (percent-decoded), else null.</summary>
    public NetworkCredential? Credentials
    {
        get
        {
            if (UsesEnvironment || IsNone || new Uri(Value).UserInfo is not { Length: > 0 } userInfo)
            {
                return null;
            }
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? new NetworkCredential(Uri.UnescapeDataString(userInfo), "")
                : new NetworkCredential(Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
        }
    }

    /// <summary>
    /// What Checkmk passes as <c>NOTIFY_PARAMETER_PROXY_URL</c> (or <c>-x</c>): <c>FROM_ENVIRONMENT</c> (also for a
    /// global proxy that no longer exists), <c>NO_PROXY</c>, or a URL: typed, or built from a global proxy
    /// (<c>scheme://[user:password@]host:port</c>; 2.5 stores global proxies structured and percent-encodes the
    /// credentials when it builds the URL). A URL without scheme is an HTTP proxy, as for Python's requests;
    /// <c>socks5h</c> becomes <c>socks5</c> (.NET's SOCKS5 leaves name resolution to the proxy).
    /// </summary>
    public static ProxySetting Parse(string text)
    {
        var trimmed = text.Trim();
        switch (trimmed)
        {
            case "" or "FROM_ENVIRONMENT" or EnvironmentValue:
                return FromEnvironment;
            case "NO_PROXY" or "EMPTY" or NoneValue:
                return None;
        }
        if (trimmed.StartsWith('{'))
        {
            throw StructuredProxy();
        }
        if (trimmed.StartsWith(FormSpecMarker + "\t", StringComparison.Ordinal))
        {
            throw new ConfigurationException("proxy: a form spec proxy arrived unresolved; name the rule field proxy_url at the top level of the form");
        }
        var url = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (url.StartsWith("socks5h://", StringComparison.OrdinalIgnoreCase))
        {
            url = "socks5://" + url["socks5h://".Length..];
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "socks4" or "socks4a" or "socks5" && uri.Host.Length > 0)
        {
            return new(uri.AbsoluteUri);
        }
        throw new ConfigurationException(
            $"proxy '{Redact(trimmed)}' is neither FROM_ENVIRONMENT, NO_PROXY nor a proxy URL (http, https, socks4, socks4a, socks5 or socks5h://host:port)");
    }

    /// <summary>
    /// The rule's proxy. Checkmk resolves a top-level <c>proxy_url</c> to one string; should the form spec value
    /// <c>("cmk_postprocessed", KIND, VALUE)</c> ever arrive flattened instead (<c>_1</c>, <c>_2</c>, <c>_3</c>), its
    /// parts are read by name.
    /// </summary>
    public static ProxySetting Read(NotificationParameters parameters, string key = ParameterKey)
    {
        if (parameters.Get(key + "_1") != FormSpecMarker)
        {
            return Parse(parameters.Get(key) ?? "");
        }
        return parameters.Get(key + "_2") switch
        {
            "environment_proxy" => FromEnvironment,
            "no_proxy" => None,
            "explicit_proxy" when parameters.Get(key + "_3_SCHEME") is not null || parameters.Get(key + "_3_PROXY_SERVER_NAME") is not null =>
                throw StructuredProxy(),
            "explicit_proxy" => parameters.Get(key + "_3") is { } explicitUrl
                ? Parse(explicitUrl)
                : throw new ConfigurationException($"proxy: the explicit proxy URL is empty ({key}_3)"),
            "stored_proxy" => throw new ConfigurationException(
                $"proxy: the global proxy '{parameters.Get(key + "_3")}' arrived unresolved; name the rule field proxy_url at the top level of the form"),
            var kind => throw new ConfigurationException($"proxy: unknown proxy kind '{kind}' in {key}_2"),
        };
    }

    /// <summary>
    /// Checkmk's own methods use a structured proxy (scheme, proxy_server_name, port, auth) that Checkmk turns into a
    /// URL before it calls a script. Should one ever arrive unconverted, say so without echoing it: it may hold a password.
    /// </summary>
    private static ConfigurationException StructuredProxy() => new(
        "proxy: Checkmk passed a structured proxy setting instead of a URL; in the rule choose the environment, no proxy, a global proxy or an explicit proxy URL");

    /// <summary>The setting without credentials, for messages.</summary>
    public override string ToString() => Redact(Value);

    /// <summary>Hides the user info of a URL-like text (<c>scheme://***@host</c>).</summary>
    internal static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return text;
        }
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return text[..start] + "***" + text[at..];
    }
}
