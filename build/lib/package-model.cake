// The one data model every template of mkp-template/ reads (Render); the rule fields come from lib/rule-fields.cake.

/// <summary>The one data model every template reads: package identity, the notification method, the binary, cron and the rule form.</summary>
public static class PackageModel
{
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
            ["form"] = Form(build),
        };
    }

    /// <summary>The rule forms' fields, by position (<c>form.fields</c>) and by key (<c>form.api_key</c>).</summary>
    private static Dictionary<string, object> Form(BuildContext build)
    {
        var fields = RuleFieldCatalogue.Load(build.RuleFields);
        var form = fields.Cast<Dictionary<string, object>>().ToDictionary(field => (string)field["key"], field => (object)field);
        form["fields"] = fields;
        return form;
    }
}
