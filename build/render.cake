// Render: every text file of the package from mkp-template/*.liquid and one data model.
// Fluid's dependencies are named one by one: on an empty NuGet cache Cake's `loaddependencies=true`
// installs only the package itself, and the script then fails to load Fluid (missing Parlot).
// Versions: exactly what Fluid.Core 2.41.1 asks for on net10.0.
#addin nuget:?package=Microsoft.Extensions.Primitives&version=10.0.0
#addin nuget:?package=Microsoft.Extensions.FileProviders.Abstractions&version=10.0.0
#addin nuget:?package=TimeZoneConverter&version=7.2.0
#addin nuget:?package=Parlot&version=1.5.9
#addin nuget:?package=Fluid.Core&version=2.41.1

using Fluid;
using Fluid.Values;

Task("Render")
    .Description("Renders info, info.json, wrapper, dispatcher, cron file and rule forms into artifacts/stage/<flavour>.")
    .IsDependentOn("Publish")
    .Does<BuildContext>((ctx, build) =>
{
    var renderer = new TemplateRenderer(build.Templates);
    foreach (var flavour in build.Flavours)
    {
        var stage = build.Stage(flavour);
        ctx.CleanDirectory(stage);
        var model = PackageModel.Create(build, flavour);
        Write(stage.CombineWithFilePath("info"), renderer.Render("info.liquid", model));
        Write(stage.CombineWithFilePath("info.json"), renderer.Render("info.json.liquid", model));
        foreach (var file in flavour.Files.Where(f => f.Template is not null))
            Write(stage.Combine(file.Part).CombineWithFilePath(file.Path), renderer.Render(file.Template, model));
        ctx.Information($"{flavour.Id}: rendered {flavour.Files.Count(f => f.Template is not null) + 2} files into {stage}");
    }

    void Write(FilePath path, string text)
    {
        ctx.EnsureDirectoryExists(path.GetDirectory());
        System.IO.File.WriteAllText(path.FullPath, text, new UTF8Encoding(false));
    }
});

/// <summary>The one data model every template reads: package identity, the notification method, the binary, cron and the rule form.</summary>
public static class PackageModel
{
    public static readonly string[] NotificationTypes =
    {
        "PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT", "FLAPPINGSTART", "FLAPPINGSTOP", "FLAPPINGDISABLED",
        "DOWNTIMESTART", "DOWNTIMEEND", "DOWNTIMECANCELLED", "CUSTOM", "ALERTHANDLER",
    };

    private static readonly Dictionary<string, string> NotificationTypeTitles = new()
    {
        ["PROBLEM"] = "Problem", ["RECOVERY"] = "Recovery", ["ACKNOWLEDGEMENT"] = "Acknowledgement",
        ["FLAPPINGSTART"] = "Flapping started", ["FLAPPINGSTOP"] = "Flapping stopped", ["FLAPPINGDISABLED"] = "Flapping disabled",
        ["DOWNTIMESTART"] = "Downtime started", ["DOWNTIMEEND"] = "Downtime ended", ["DOWNTIMECANCELLED"] = "Downtime cancelled",
        ["CUSTOM"] = "Custom notification", ["ALERTHANDLER"] = "Alert handler result",
    };

    /// <summary>The manifest in Checkmk's field order (pydantic's JSON keeps it; pprint sorts the keys).</summary>
    public static Dictionary<string, object> Manifest(BuildContext build, Flavour flavour) => new()
    {
        ["title"] = build.Title,
        ["name"] = build.Name,
        ["description"] = build.Description,
        ["version"] = flavour.Version,
        ["version.packaged"] = flavour.MinRequired,
        ["version.min_required"] = flavour.MinRequired,
        ["version.usable_until"] = flavour.UsableUntil,
        ["author"] = build.Author,
        ["download_url"] = build.DownloadUrl,
        ["files"] = flavour.Parts.ToDictionary(p => p, p => (object)flavour.Files.Where(f => f.Part == p).Select(f => (object)f.Path).ToList()),
    };

    public static Dictionary<string, object> Create(BuildContext build, Flavour flavour)
    {
        var manifest = Manifest(build, flavour);
        return new Dictionary<string, object>
        {
            ["package"] = new Dictionary<string, object>
            {
                ["name"] = build.Name, ["version"] = flavour.Version, ["flavour"] = flavour.Id,
                ["min_required"] = flavour.MinRequired, ["usable_until"] = flavour.UsableUntil, ["author"] = build.Author, ["download_url"] = build.DownloadUrl,
            },
            ["manifest_python"] = PythonLiteral.PrettyFormat(manifest),
            ["manifest_json"] = ManifestJson.Format(manifest),
            ["method"] = new Dictionary<string, object> { ["title"] = build.MethodTitle, ["script"] = "ilert_notify" },
            ["binary"] = new Dictionary<string, object>
            {
                ["name"] = "ilert-notify",
                ["builds"] = new List<object>
                {
                    new Dictionary<string, object> { ["machine"] = "x86_64", ["uname"] = new List<object> { "x86_64", "amd64" } },
                    new Dictionary<string, object> { ["machine"] = "aarch64", ["uname"] = new List<object> { "aarch64", "arm64" } },
                },
            },
            ["cron"] = new Dictionary<string, object>
            {
                ["name"] = "ilert_notify", ["schedule"] = "* * * * *", ["log"] = "var/log/ilert_notify.log",
            },
            ["form"] = Form(),
        };
    }

    private static Dictionary<string, object> Form()
    {
        Dictionary<string, object> Field(string title, string help, params (string Key, object Value)[] extra)
        {
            var field = new Dictionary<string, object> { ["title"] = title, ["help"] = help };
            foreach (var (key, value) in extra) field[key] = value;
            return field;
        }
        return new Dictionary<string, object>
        {
            ["fields"] = new[] { "api_key", "source_type", "endpoint", "proxy_url", "ignore_tls", "notification_types", "rate_limit", "spool_dir", "timeout",
                                 "ilert_priority", "ilert_summary_host", "ilert_summary_service", "url_prefix" }
                .Select(k => (object)new Dictionary<string, object> { ["key"] = k, ["required"] = k == "api_key" }).ToList(),
            ["api_key"] = Field("API key", "The API key of the iLert alert source that receives the notifications."),
            ["source_type"] = Field("iLert alert source type",
                "The type of the alert source in iLert. Checkmk: what iLert recommends for Checkmk 2.x, the format of Checkmk's built-in iLert method. "
                + "Nagios / Icinga: the format of iLert's Nagios plugin, for alert sources created for it.",
                ("choices", new List<object>
                {
                    new Dictionary<string, object> { ["name"] = "nagios", ["title"] = "Nagios / Icinga" },
                    new Dictionary<string, object> { ["name"] = "checkmk", ["title"] = "Checkmk" },
                }),
                ("default", "nagios")),
            ["rate_limit"] = Field("Rate limit",
                "Requests per minute the alert source accepts: iLert allows 50 unless it raised the limit for you. Events beyond it wait and go out at this pace.",
                ("default", 50), ("min", 1), ("max", 100000)),
            ["ilert_priority"] = Field("Alert priority (Checkmk alert source)",
                "Overrides the priority configured in the alert source.",
                ("choices", new List<object>
                {
                    new Dictionary<string, object> { ["name"] = "HIGH", ["title"] = "High (with escalation)" },
                    new Dictionary<string, object> { ["name"] = "LOW", ["title"] = "Low (without escalation)" },
                }),
                ("default", "HIGH")),
            ["ilert_summary_host"] = Field("Alert summary for host alerts (Checkmk alert source)", "Checkmk macros such as $HOSTNAME$ are filled in by iLert.",
                ("default", "$NOTIFICATIONTYPE$ Host Alert: $HOSTNAME$ is $HOSTSTATE$ - $HOSTOUTPUT$")),
            ["ilert_summary_service"] = Field("Alert summary for service alerts (Checkmk alert source)", "Checkmk macros such as $SERVICEDESC$ are filled in by iLert.",
                ("default", "$NOTIFICATIONTYPE$ Service Alert: $HOSTALIAS$/$SERVICEDESC$ is $SERVICESTATE$ - $SERVICEOUTPUT$")),
            ["url_prefix"] = Field("URL prefix for links to Checkmk (Checkmk alert source)",
                "Lets iLert link the alert to the host or service in Checkmk. Automatic uses this server's name; a URL must end with /check_mk/."),
            ["endpoint"] = Field("iLert API URL", "Base URL of the iLert API; events are posted to <URL>/api/v1/events/nagios or <URL>/api/v1/events/checkmk-ext/<key>.",
                ("default", "https://api.ilert.com")),
            ["ignore_tls"] = Field("TLS certificate verification", "Only for tests against a server with a self-signed certificate.",
                ("label", "Disable TLS certificate verification")),
            ["notification_types"] = Field("Forwarded notification types",
                "Notifications of other types are acknowledged to Checkmk and not sent to iLert.",
                ("choices", NotificationTypes.Select(t => (object)new Dictionary<string, object> { ["name"] = t, ["title"] = NotificationTypeTitles[t] }).ToList()),
                ("default", new List<object> { "PROBLEM", "RECOVERY", "ACKNOWLEDGEMENT" })),
            ["spool_dir"] = Field("Spool directory",
                "Where events wait until iLert accepted them. Default: var/ilert_notify/spool in the site."),
            ["timeout"] = Field("Timeout", "Seconds to wait for iLert per request.",
                ("default", 10), ("min", 1), ("max", 50)),
        };
    }
}

public sealed class TemplateRenderer
{
    private readonly DirectoryPath _templates;
    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = new();

    public TemplateRenderer(DirectoryPath templates)
    {
        _templates = templates;
        // {{ value | py }}: a Python literal of a string, number or bool, for the rule form templates.
        _options.Filters.AddFilter("py", (input, arguments, context) => input.Type switch
        {
            FluidValues.Boolean => new StringValue(input.ToBooleanValue() ? "True" : "False"),
            FluidValues.Number => new StringValue(input.ToStringValue()),
            FluidValues.Nil => new StringValue("None"),
            _ => new StringValue(PythonLiteral.Repr(input.ToStringValue())),
        });
    }

    public string Render(string name, IReadOnlyDictionary<string, object> model)
    {
        var path = _templates.CombineWithFilePath(name).FullPath;
        if (!_parser.TryParse(System.IO.File.ReadAllText(path), out var template, out var error))
            throw new CakeException($"{path}: {error}");
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model) context.SetValue(key, value);
        // NullEncoder: the output is shell, Python and text, never HTML.
        return template.Render(context, NullEncoder.Default);
    }
}

/// <summary>Python literals as Python 3 writes them: repr() of str/None/list/dict and pprint.pformat (width 80, indent 1, sorted keys), which Checkmk uses for the manifest.</summary>
public static class PythonLiteral
{
    private const int Width = 80;

    public static string Repr(object value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        int or long => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        string s => ReprString(s),
        IDictionary<string, object> d => "{" + string.Join(", ", Sorted(d).Select(kv => ReprString(kv.Key) + ": " + Repr(kv.Value))) + "}",
        IEnumerable<object> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        _ => throw new ArgumentException($"no Python literal for {value.GetType()}"),
    };

    public static string PrettyFormat(object value)
    {
        var output = new StringBuilder();
        Format(value, output, 0, 0, 0);
        return output.ToString();
    }

    // pprint.PrettyPrinter._format and its _pprint_dict / _pprint_list / _pprint_str, for the types a manifest holds.
    private static void Format(object value, StringBuilder output, int indent, int allowance, int level)
    {
        var rep = Repr(value);
        if (rep.Length > Width - indent - allowance)
        {
            switch (value)
            {
                case IDictionary<string, object> dict when dict.Count > 0:
                    output.Append('{');
                    FormatDictItems(Sorted(dict).ToList(), output, indent, allowance + 1, level + 1);
                    output.Append('}');
                    return;
                case string s when s.Length > 0:
                    FormatString(s, output, indent, allowance, level + 1);
                    return;
                case IList<object> list when list.Count > 0:
                    output.Append('[');
                    FormatItems(list, output, indent, allowance + 1, level + 1);
                    output.Append(']');
                    return;
            }
        }
        output.Append(rep);
    }

    private static void FormatDictItems(IList<KeyValuePair<string, object>> items, StringBuilder output, int indent, int allowance, int level)
    {
        indent += 1;
        for (var i = 0; i < items.Count; i++)
        {
            var last = i == items.Count - 1;
            var key = ReprString(items[i].Key);
            output.Append(key).Append(": ");
            Format(items[i].Value, output, indent + key.Length + 2, last ? allowance : 1, level);
            if (!last) output.Append(",\n").Append(' ', indent);
        }
    }

    private static void FormatItems(IList<object> items, StringBuilder output, int indent, int allowance, int level)
    {
        indent += 1;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) output.Append(",\n").Append(' ', indent);
            Format(items[i], output, indent, i == items.Count - 1 ? allowance : 1, level);
        }
    }

    private static void FormatString(string value, StringBuilder output, int indent, int allowance, int level)
    {
        var chunks = new List<string>();
        var lines = SplitLinesKeepEnds(value);
        if (level == 1) { indent += 1; allowance += 1; }
        int maxWidth1 = Width - indent, maxWidth = Width - indent;
        string rep = "";
        for (var i = 0; i < lines.Count; i++)
        {
            rep = ReprString(lines[i]);
            if (i == lines.Count - 1) maxWidth1 -= allowance;
            if (rep.Length <= maxWidth1) { chunks.Add(rep); continue; }
            // Alternating runs of non-space and space, as re.findall(r'\S*\s*', line) without its empty tail.
            var parts = System.Text.RegularExpressions.Regex.Matches(lines[i], @"\S*\s*").Select(m => m.Value).Where(p => p.Length > 0).ToList();
            var maxWidth2 = maxWidth;
            var current = "";
            for (var j = 0; j < parts.Count; j++)
            {
                var candidate = current + parts[j];
                if (j == parts.Count - 1 && i == lines.Count - 1) maxWidth2 -= allowance;
                if (ReprString(candidate).Length > maxWidth2)
                {
                    if (current.Length > 0) chunks.Add(ReprString(current));
                    current = parts[j];
                }
                else current = candidate;
            }
            if (current.Length > 0) chunks.Add(ReprString(current));
        }
        if (chunks.Count == 1) { output.Append(rep); return; }
        if (level == 1) output.Append('(');
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0) output.Append('\n').Append(' ', indent);
            output.Append(chunks[i]);
        }
        if (level == 1) output.Append(')');
    }

    private static List<string> SplitLinesKeepEnds(string value)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
            if (value[i] == '\n') { lines.Add(value.Substring(start, i + 1 - start)); start = i + 1; }
        if (start < value.Length) lines.Add(value.Substring(start));
        return lines;
    }

    private static IEnumerable<KeyValuePair<string, object>> Sorted(IDictionary<string, object> dict) =>
        dict.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    private static string ReprString(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) sb.Append($"\\x{(int)c:x2}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}

/// <summary>info.json as Checkmk's Manifest.json() writes it: compact, fields in manifest order, non-ASCII kept.</summary>
public static class ManifestJson
{
    public static string Format(Dictionary<string, object> manifest)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, manifest);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case IDictionary<string, object> d:
                writer.WriteStartObject();
                foreach (var (key, item) in d) { writer.WritePropertyName(key); Write(writer, item); }
                writer.WriteEndObject();
                break;
            case IEnumerable<object> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"no JSON for {value.GetType()}");
        }
    }
}
