using IlertNotify.Checkmk;

namespace IlertNotify.Formats;

/// <summary>The formats that exist: a name not registered here cannot be selected, nor read from the spool.</summary>
internal static class EventFormats
{
    public static readonly EventFormat NagiosXml = new NagiosXmlFormat();
    public static readonly EventFormat CheckmkJson = new CheckmkJsonFormat();

    public static readonly IReadOnlyList<EventFormat> All = [NagiosXml, CheckmkJson];

    /// <summary>What a rule without the field, and a spool file of a version without the header, mean.</summary>
    public static EventFormat Default => NagiosXml;

    /// <exception cref="FormatException">No format has this spool name.</exception>
    public static EventFormat FromSpoolName(string name) =>
        All.FirstOrDefault(format => format.Name == name) ?? throw new FormatException($"unknown event format '{name}'");

    /// <exception cref="ConfigurationException">No format has this rule value.</exception>
    public static EventFormat FromRule(string? value) => value is null
        ? Default
        : All.FirstOrDefault(format => string.Equals(format.RuleValue, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new ConfigurationException($"alert source type '{value}' is none of {string.Join(", ", All.Select(format => format.RuleValue))}");
}
