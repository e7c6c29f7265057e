namespace IlertNotify.Checkmk;

/// <summary>
/// One notification rule of the site that uses our method (<c>ilert_notify</c>), with its parameters flattened the way
/// Checkmk hands them to the script (<c>NOTIFY_PARAMETER_*</c>), so the notifier reads them as it reads a notification.
/// </summary>
/// <param name="Number">Its place among the site's notification rules, counted from 0 as Checkmk does (its 2.4 update
/// describes migrated parameters as "Migrated from notification rule #N").</param>
/// <param name="Id">Checkmk's <c>rule_id</c> (empty in files that predate it).</param>
/// <param name="Description">The rule's description, as the rule list shows it.</param>
/// <param name="Disabled">The rule is switched off (<c>disabled</c>).</param>
/// <param name="Source">Where its parameters live: <c>rule</c> (2.2, 2.3), or <c>parameters NAME</c> (2.4+'s parameter store).</param>
/// <param name="GlobalProxy">The id of a global proxy the rule names (not resolved here), else null.</param>
/// <param name="Variables">The parameters as <c>NOTIFY_PARAMETER_*</c> variables; may hold a typed key.</param>
internal sealed record NotificationRule(int Number, string Id, string Description, bool Disabled, string Source, string? GlobalProxy, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>How a message names it: number and description (one line, whatever it holds), never a parameter.</summary>
    public string Name => $"#{Number} '{Logging.LogText.Escape(Description)}'";

    /// <summary><c>--rule N</c> or <c>--rule RULE_ID</c>.</summary>
    public bool IsNamed(string reference) =>
        reference == Number.ToString(System.Globalization.CultureInfo.InvariantCulture) || (Id.Length > 0 && reference == Id);
}
