// The rule's fields as the notifier declares them (plugin/Checkmk/RuleFields.json, embedded in the binary): both rule
// forms iterate over this list, so a field, its parameter name, default, limits and texts are written down once.

public static class RuleFieldCatalogue
{
    /// <summary>Each field as a template reads it, with what the forms derive: <c>prefill</c> (what a new rule shows) and <c>form_max</c>.</summary>
    public static List<object> Load(FilePath declaration)
    {
        using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(declaration.FullPath));
        return document.RootElement.GetProperty("fields").EnumerateArray().Select(element =>
        {
            var field = (Dictionary<string, object>)Value(element);
            field.TryAdd("required", false);
            if (field.TryGetValue("form_default", out var formDefault) || field.TryGetValue("default", out formDefault)) field["prefill"] = formDefault;
            if (field.TryGetValue("form_max", out var formMax) || field.TryGetValue("max", out formMax)) field["form_max"] = formMax;
            return (object)field;
        }).ToList();
    }

    private static object Value(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().Select(Value).ToList(),
        System.Text.Json.JsonValueKind.String => element.GetString(),
        System.Text.Json.JsonValueKind.Number => element.GetInt32(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => throw new CakeException($"unexpected value {element} in the rule field declaration"),
    };
}
