using System.Globalization;
using System.Text.Json;

namespace IlertNotify.Checkmk;

/// <summary>
/// The rule's fields, read from <c>RuleFields.json</c> embedded in the binary: the same file the build renders the rule
/// forms from, so a parameter name, default or flag is written down once.
/// </summary>
internal static class RuleFields
{
    private const string Resource = "RuleFields.json";

    public static readonly IReadOnlyList<RuleField> All = Load();

    public static RuleField ApiKey { get; } = Get("api_key");
    public static RuleField SourceType { get; } = Get("source_type");
    public static RuleField Endpoint { get; } = Get("endpoint");
    public static RuleField Proxy { get; } = Get("proxy_url");
    public static RuleField IgnoreTls { get; } = Get("ignore_tls");
    public static RuleField NotificationTypes { get; } = Get("notification_types");
    public static RuleField RateLimit { get; } = Get("rate_limit");
    public static RuleField SpoolDirectory { get; } = Get("spool_dir");
    public static RuleField Timeout { get; } = Get("timeout");

    public static RuleField Get(string key) =>
        All.FirstOrDefault(field => field.Key == key) ?? throw new InvalidOperationException($"{Resource} declares no field '{key}'");

    private static List<RuleField> Load()
    {
        using var stream = typeof(RuleFields).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("fields").EnumerateArray().Select(Read).ToList();
    }

    private static RuleField Read(JsonElement field)
    {
        var key = field.GetProperty("key").GetString()!;
        var defaultValue = field.TryGetProperty("default", out var value) ? Text(value) : null;
        return new RuleField(
            key,
            field.GetProperty("kind").GetString()!,
            Flag(field, "secret"),
            Flag(field, "travels"),
            Flag(field, "in_checkmk_body"),
            defaultValue,
            field.TryGetProperty("choices", out var choices) ? choices.EnumerateArray().Select(choice => choice.GetProperty("name").GetString()!).ToList() : [],
            field.TryGetProperty("min", out var min) ? min.GetInt32() : null,
            field.TryGetProperty("max", out var max) ? max.GetInt32() : null,
            field.TryGetProperty("flag", out var flag) ? ReadFlag(flag, defaultValue) : null);
    }

    private static RuleFlag ReadFlag(JsonElement flag, string? defaultValue) => new(
        Strings(flag.GetProperty("names")),
        flag.TryGetProperty("value", out var value) ? value.GetString() : null,
        Strings(flag.GetProperty("commands")),
        flag.GetProperty("help").GetString()!.Replace("{default}", defaultValue, StringComparison.Ordinal));

    private static bool Flag(JsonElement field, string name) => field.TryGetProperty(name, out var value) && value.GetBoolean();

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToList();

    /// <summary>A default as the notifier reads it: text, a number's digits, True/False, or a list joined with commas.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetInt32().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(Text)),
        _ => throw new InvalidOperationException($"unexpected default {value}"),
    };
}
