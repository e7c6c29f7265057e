namespace IlertNotify.Checkmk;

/// <summary>
/// One field of our notification rule, as declared in <c>RuleFields.json</c> (the build renders both rule forms from the
/// same file). Only what the notifier needs is read here; titles and help texts are the forms' business.
/// </summary>
/// <param name="Key">The rule's dictionary key, e.g. <c>rate_limit</c>.</param>
/// <param name="Kind">How the forms show it and how its value is read: password, choice, url, proxy, checkbox, multichoice, integer, text, url_prefix.</param>
/// <param name="Secret">Its value is a key: masked in every log line.</param>
/// <param name="Travels">Kept in each spooled event, so a queued event goes where it was meant to go when it was saved.</param>
/// <param name="InCheckmkBody">Sent as is in the Checkmk format's body, as Checkmk's built-in iLert script sends its own form's fields.</param>
/// <param name="Default">What a rule without the field means (a list joined with commas), or null when there is none.</param>
/// <param name="Choices">The values a choice or multichoice field accepts.</param>
/// <param name="Min">The smallest value of an integer field.</param>
/// <param name="Max">The largest value of an integer field on the command line (the form may allow less).</param>
/// <param name="Flag">Its command-line option, if it has one.</param>
internal sealed record RuleField(
    string Key, string Kind, bool Secret, bool Travels, bool InCheckmkBody, string? Default, IReadOnlyList<string> Choices, int? Min, int? Max, RuleFlag? Flag)
{
    /// <summary>The name Checkmk passes it under, without <c>NOTIFY_PARAMETER_</c>.</summary>
    public string Parameter => Key.ToUpperInvariant();

    public int DefaultNumber => int.Parse(Default ?? throw new InvalidOperationException($"rule field {Key} has no default"), System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<string> DefaultList => Default?.Split(',') ?? [];
}

/// <summary>A rule field's command-line option: its spellings, the value's name in <c>--help</c> (null for a switch), where it applies, its help.</summary>
internal sealed record RuleFlag(IReadOnlyList<string> Names, string? Value, IReadOnlyList<string> Commands, string Help);
