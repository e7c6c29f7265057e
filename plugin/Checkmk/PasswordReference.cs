namespace IlertNotify.Checkmk;

/// <summary>A password parameter: typed into the rule, or an id in the site's password store.</summary>
internal abstract record PasswordReference
{
    private const string FormSpecMarker = "cmk_postprocessed";

    public sealed record Explicit(string Secret) : PasswordReference;

    public sealed record Stored(string Id) : PasswordReference;

    /// <summary>
    /// Reads every encoding Checkmk hands a notification script (checked against Checkmk's
    /// <c>events.add_to_event_context</c>, which flattens the rule's value):
    /// <list type="bullet">
    /// <item>form specs (2.4, 2.5): the value <c>("cmk_postprocessed", KIND, (ID, SECRET))</c> arrives as
    /// <c>_1=cmk_postprocessed</c>, <c>_2=explicit_password|stored_password</c>, <c>_3_1=ID</c>, <c>_3_2=SECRET</c>
    /// (empty when stored), plus <c>_3=ID&lt;TAB&gt;SECRET</c> because the inner pair is a tuple of strings.
    /// Read by name only; <c>_3</c> is ignored (a secret with a tab would make it ambiguous).</item>
    /// <item>valuespecs (2.2, 2.3): <c>("password", SECRET)</c> or <c>("store", ID)</c> as <c>KEY=KIND&lt;TAB&gt;VALUE</c>
    /// plus <c>_1</c>/<c>_2</c>; older: space-separated, or the bare secret.</item>
    /// </list>
    /// </summary>
    /// <returns>Null when the parameter is absent.</returns>
    public static PasswordReference? Read(NotificationParameters parameters, string key)
    {
        var name = key.ToLowerInvariant();
        var first = parameters.Get(key + "_1");
        if (first == FormSpecMarker)
        {
            return ReadFormSpec(parameters, key, name);
        }

        if (first is "password" or "store")
        {
            return FromKind(name, first, parameters.Get(key + "_2") ?? "");
        }

        var raw = parameters.Get(key);
        if (raw is null)
        {
            return null;
        }
        if (raw.StartsWith(FormSpecMarker + "\t", StringComparison.Ordinal))
        {
            // A form spec value whose parts did not arrive by name: never guess from the joined form.
            throw new ConfigurationException($"parameter {name}: a form spec password arrived without its parts ({key}_1, {key}_2, {key}_3_1, {key}_3_2)");
        }
        foreach (var separator in new[] { '\t', ' ' })
        {
            var at = raw.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && raw[..at] is "password" or "store")
            {
                return FromKind(name, raw[..at], raw[(at + 1)..]);
            }
        }
        return new Explicit(raw);
    }

    private static PasswordReference ReadFormSpec(NotificationParameters parameters, string key, string name) =>
        parameters.Get(key + "_2") switch
        {
            "explicit_password" => parameters.Get(key + "_3_2") is { } secret
                ? new Explicit(secret)
                : throw new ConfigurationException($"parameter {name}: the typed password is empty ({key}_3_2)"),
            "stored_password" => parameters.Get(key + "_3_1") is { } id
                ? new Stored(id)
                : throw new ConfigurationException($"parameter {name}: no password store entry is selected ({key}_3_1 is empty)"),
            null => throw new ConfigurationException($"parameter {name}: a form spec password without its kind ({key}_2 is missing)"),
            var kind => throw new ConfigurationException(
                $"parameter {name}: unknown password kind '{Printable(kind)}' in {key}_2 (expected explicit_password or stored_password)"),
        };

    private static PasswordReference FromKind(string name, string kind, string value) => kind switch
    {
        "store" when value.Length == 0 => throw new ConfigurationException($"parameter {name}: no password store entry is selected (the store id is empty)"),
        "store" => new Stored(value),
        _ when value.Length == 0 => throw new ConfigurationException($"parameter {name}: the typed password is empty"),
        _ => new Explicit(value),
    };

    /// <summary>A kind is never secret, but keep a pasted value from spilling control characters into a log line.</summary>
    private static string Printable(string text) =>
        new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
