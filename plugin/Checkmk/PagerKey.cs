namespace IlertNotify.Checkmk;

/// <summary>
/// The API key where iLert's own Nagios and Icinga configurations put it: the contact's pager, in the reference
/// plugin's order (<c>NAGIOS_CONTACTPAGER</c>, <c>ICINGA_CONTACTPAGER</c>, then a <c>CONTACTPAGER=</c> argument; an
/// argument replaces the variable of the same name, as in the reference's payload).
/// </summary>
internal static class PagerKey
{
    public static readonly IReadOnlyList<string> VariableNames = ["NAGIOS_CONTACTPAGER", "ICINGA_CONTACTPAGER"];

    /// <summary>Only an argument: a bare <c>CONTACTPAGER</c> variable is not part of the reference's payload.</summary>
    public const string ArgumentName = "CONTACTPAGER";

    public static string? Find(NotificationContext context) =>
        VariableNames.Select(name => context.Argument(name) ?? context.Variables.GetValueOrDefault(name))
            .Append(context.Argument(ArgumentName))
            .FirstOrDefault(value => value is { Length: > 0 });
}
