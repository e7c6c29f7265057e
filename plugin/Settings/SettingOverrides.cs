using System.Collections.Immutable;
using IlertNotify.Checkmk;

namespace IlertNotify.Settings;

/// <summary>
/// What the command line says about the settings: the value of each rule field's flag (<see cref="RuleFields"/>), which
/// wins over the rule's parameter, plus the two flags that are no rule field (<c>-p</c>, <c>--rate-window</c>).
/// </summary>
internal sealed record SettingOverrides
{
    /// <summary>By rule field key, as typed (a list joined with commas, a switch as <c>True</c>).</summary>
    public ImmutableDictionary<string, string> Fields { get; init; } = ImmutableDictionary<string, string>.Empty;

    public int? Port { get; init; }

    /// <summary>The throttle window; only tests and benchmarks shorten it.</summary>
    public int? RateWindowSeconds { get; init; }

    public SettingOverrides With(RuleField field, string value) => this with { Fields = Fields.SetItem(field.Key, value) };

    /// <summary>The flag's value, or null when it was not given (or given empty).</summary>
    public string? this[RuleField field] => Fields.TryGetValue(field.Key, out var value) && value.Length > 0 ? value : null;

    public string? ApiKey => this[RuleFields.ApiKey];
    public string? Endpoint => this[RuleFields.Endpoint];
    public string? Proxy => this[RuleFields.Proxy];
    public string? SpoolDirectory => this[RuleFields.SpoolDirectory];
    public bool DisableTlsVerification => this[RuleFields.IgnoreTls] == "True";
}
