using System.Text.RegularExpressions;

namespace IlertNotify.Formats;

/// <summary>
/// <c>EVENT_TXT</c>, the one-line summary Checkmk 2.5 adds to every notification plugin's context (and so to the body
/// of its built-in iLert script): a template per notification type, <c>@</c> standing for <c>WHAT</c>, its
/// <c>$MACRO$</c>s filled in from the context. The rule and where it comes from: docs/DESIGN.md.
/// </summary>
internal static partial class CheckmkEventText
{
    public const string Key = "EVENT_TXT";

    private const string StateChange = "$PREVIOUS@HARDSHORTSTATE$ -> $@SHORTSTATE$";

    // Matched exactly (case included); any other type, e.g. "ALERTHANDLER (OK)", is its own template.
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["PROBLEM"] = StateChange,
        ["RECOVERY"] = StateChange,
        ["FLAPPINGSTART"] = "Started Flapping",
        ["FLAPPINGSTOP"] = "Stopped Flapping ($@SHORTSTATE$)",
        ["FLAPPINGDISABLED"] = "Disabled Flapping ($@SHORTSTATE$)",
        ["DOWNTIMESTART"] = "Downtime Start ($@SHORTSTATE$)",
        ["DOWNTIMEEND"] = "Downtime End ($@SHORTSTATE$)",
        ["DOWNTIMECANCELLED"] = "Downtime Cancelled ($@SHORTSTATE$)",
        ["ACKNOWLEDGEMENT"] = "Acknowledged ($@SHORTSTATE$)",
        ["CUSTOM"] = "Custom Notification ($@SHORTSTATE$)",
    };

    /// <summary>
    /// The text for a context keyed as Checkmk's plugins see it (<c>NOTIFICATIONTYPE</c>, <c>WHAT</c>, ...), or null
    /// without a notification type. Without <c>WHAT</c> (a Nagios or Icinga context) <paramref name="isService"/> decides.
    /// </summary>
    public static string? For(IReadOnlyDictionary<string, string> context, bool isService)
    {
        if (!context.TryGetValue("NOTIFICATIONTYPE", out var type))
        {
            return null;
        }
        var what = context.GetValueOrDefault("WHAT") ?? (isService ? "SERVICE" : "HOST");
        var template = Templates.GetValueOrDefault(type, type).Replace("@", what, StringComparison.Ordinal);
        return Fill(template, context);
    }

    // Checkmk fills known macros twice (a value may itself hold a macro), then drops every macro still left: a
    // missing PREVIOUSHOSTHARDSHORTSTATE makes " -> DOWN", not a fallback to another state.
    private static string Fill(string template, IReadOnlyDictionary<string, string> context)
    {
        string Known(Match macro) => context.TryGetValue(macro.Groups[1].Value, out var value) ? value : macro.Value;
        var filled = Macro().Replace(Macro().Replace(template, Known), Known);
        return Macro().Replace(filled, "");
    }

    [GeneratedRegex(@"\$([A-Z_][A-Z_0-9]*)\$", RegexOptions.CultureInvariant)]
    private static partial Regex Macro();
}
