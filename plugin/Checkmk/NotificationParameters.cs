using System.Globalization;

namespace IlertNotify.Checkmk;

/// <summary>
/// The rule's parameters as Checkmk flattens them into <c>NOTIFY_PARAMETER_*</c>: dictionary keys upper-cased,
/// lists and tuples as <c>_1.._N</c> (plus a joined form), booleans as <c>True</c>/<c>False</c>.
/// </summary>
internal sealed class NotificationParameters(IReadOnlyDictionary<string, string> variables)
{
    private const string Prefix = "NOTIFY_PARAMETER_";

    /// <summary>The value, or null when absent or empty.</summary>
    public string? Get(string key) =>
        variables.TryGetValue(Prefix + key, out var value) && value.Length > 0 ? value : null;

    public IReadOnlyList<string>? GetList(string key)
    {
        var items = new List<string>();
        for (var n = 1; Get($"{key}_{n}") is { } item; n++)
        {
            items.Add(item);
        }
        if (items.Count > 0)
        {
            return items;
        }
        // A list of strings also arrives space-joined under KEY + "S"; a hand-written value may use commas.
        var joined = Get(key + "S") ?? Get(key);
        return joined?.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
    }

    public bool? GetBool(string key) => Get(key) switch
    {
        null => null,
        var text when text.Equals("True", StringComparison.OrdinalIgnoreCase) || text == "1" => true,
        var text when text.Equals("False", StringComparison.OrdinalIgnoreCase) || text == "0" => false,
        var text => throw new ConfigurationException($"parameter {key.ToLowerInvariant()} must be True or False, got '{text}'"),
    };

    public int? GetInt(string key) => Get(key) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw new ConfigurationException($"parameter {key.ToLowerInvariant()} must be a positive whole number, got '{text}'"),
    };
}
