namespace IlertNotify.Checkmk;

/// <summary>Which notification types reach iLert; the rest are logged as ignored.</summary>
internal sealed class NotificationTypeFilter
{
    /// <summary>The types forwarded when the rule names none.</summary>
    public static IReadOnlyList<string> DefaultTypes => RuleFields.NotificationTypes.DefaultList;

    private readonly HashSet<string> forwarded;

    public NotificationTypeFilter(IEnumerable<string> types) =>
        forwarded = types.Select(Normalize).Where(type => type.Length > 0).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Forwarded => forwarded;

    public bool Forwards(string notificationType) => forwarded.Contains(Normalize(notificationType));

    /// <summary>Checkmk adds details to some types (<c>ALERTHANDLER (OK)</c>): the leading word decides.</summary>
    public static string Normalize(string notificationType) =>
        new(notificationType.Trim().ToUpperInvariant().TakeWhile(char.IsAsciiLetterOrDigit).ToArray());
}
