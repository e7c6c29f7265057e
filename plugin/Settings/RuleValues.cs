using System.Globalization;
using IlertNotify.Checkmk;

namespace IlertNotify.Settings;

/// <summary>A rule field's value: its flag when given, else the rule's parameter, else the field's declared default.</summary>
internal sealed class RuleValues(SettingOverrides flags, NotificationParameters parameters)
{
    public string? Text(RuleField field) => flags[field] ?? parameters.Get(field.Parameter);

    public string TextOrDefault(RuleField field) => Text(field) ?? field.Default ?? throw NoDefault(field);

    public int Number(RuleField field) =>
        flags[field] is { } flag ? int.Parse(flag, CultureInfo.InvariantCulture) : parameters.GetInt(field.Parameter) ?? field.DefaultNumber;

    public bool Switch(RuleField field) =>
        flags[field] == "True" || (parameters.GetBool(field.Parameter) ?? field.Default == "True");

    public IReadOnlyList<string> List(RuleField field) =>
        flags[field]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? parameters.GetList(field.Parameter) ?? field.DefaultList;

    private static InvalidOperationException NoDefault(RuleField field) => new($"rule field {field.Key} has no default");
}
