namespace IlertNotify.Context;

/// <summary>A password parameter: typed into the rule, or an id in the site's password store.</summary>
internal abstract record PasswordReference
{
    public sealed record Explicit(string Secret) : PasswordReference;

    public sealed record Stored(string Id) : PasswordReference;

    /// <summary>
    /// Reads every encoding Checkmk's own <c>notification_plugins/utils.py</c> reads: form specs (2.4+) by name,
    /// valuespec tuples (tab- or space-joined, with or without <c>_1</c>/<c>_2</c>), or the bare secret.
    /// </summary>
    public static PasswordReference? Read(NotificationParameters parameters, string key)
    {
        if (parameters.Get(key + "_1") == "cmk_postprocessed")
        {
            return parameters.Get(key + "_2") switch
            {
                "explicit_password" => RequireSecret(key, parameters.Get(key + "_3_2")),
                "stored_password" => parameters.Get(key + "_3_1") is { } id ? new Stored(id) : throw Missing(key, "store id"),
                var kind => throw new ConfigurationException($"parameter {key.ToLowerInvariant()}: unknown password kind '{kind}'"),
            };
        }

        if (parameters.Get(key + "_1") is "password" or "store" && parameters.Get(key + "_2") is { } second)
        {
            return FromKind(parameters.Get(key + "_1")!, second);
        }

        var raw = parameters.Get(key);
        if (raw is null)
        {
            return null;
        }
        foreach (var separator in new[] { '\t', ' ' })
        {
            var at = raw.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && raw[..at] is "password" or "store")
            {
                return FromKind(raw[..at], raw[(at + 1)..]);
            }
        }
        return new Explicit(raw);
    }

    private static PasswordReference FromKind(string kind, string value) =>
        kind == "store" ? new Stored(value) : new Explicit(value);

    private static Explicit RequireSecret(string key, string? secret) =>
        secret is { Length: > 0 } ? new Explicit(secret) : throw Missing(key, "password");

    private static ConfigurationException Missing(string key, string what) =>
        new($"parameter {key.ToLowerInvariant()}: the {what} is empty");
}
