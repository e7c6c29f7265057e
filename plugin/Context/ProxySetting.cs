namespace IlertNotify.Context;

/// <summary>How to reach iLert: Checkmk's <c>proxy_url</c> values <c>FROM_ENVIRONMENT</c>, <c>NO_PROXY</c> or a URL.</summary>
internal sealed record ProxySetting(string Value)
{
    public const string EnvironmentValue = "environment";
    public const string NoneValue = "none";

    public static readonly ProxySetting FromEnvironment = new(EnvironmentValue);
    public static readonly ProxySetting None = new(NoneValue);

    public bool UsesEnvironment => Value == EnvironmentValue;
    public bool IsNone => Value == NoneValue;
    public Uri? Url => UsesEnvironment || IsNone ? null : new Uri(Value);

    public static ProxySetting Parse(string text) => text.Trim() switch
    {
        "" or "FROM_ENVIRONMENT" or EnvironmentValue => FromEnvironment,
        "NO_PROXY" or "EMPTY" or NoneValue => None,
        var url when Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "socks5" or "socks4" or "socks4a" => new(uri.ToString()),
        var other => throw new ConfigurationException($"proxy '{other}' is neither FROM_ENVIRONMENT, NO_PROXY nor a proxy URL"),
    };
}
