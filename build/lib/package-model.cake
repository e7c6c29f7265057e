// The one data model every template of mkp-template/ reads (Render); defaults come from defaults.cake.

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
                + "Nagios / Icinga: the format of iLert's Nagios plugin, for alert sources created for it; also what a rule without this field sends.",
                ("choices", new List<object>
                {
                    new Dictionary<string, object> { ["name"] = "checkmk", ["title"] = "Checkmk" },
                    new Dictionary<string, object> { ["name"] = "nagios", ["title"] = "Nagios / Icinga" },
                }),
                ("default", ProductDefaults.SourceType)),
            ["rate_limit"] = Field("Rate limit",
                "Requests per minute the alert source accepts: iLert allows 50 unless it raised the limit for you. Events beyond it wait and go out at this pace.",
                ("default", ProductDefaults.RateLimitPerMinute), ("min", 1), ("max", 100000)),
            ["ilert_priority"] = Field("Alert priority (Checkmk alert source)",
                "Overrides the priority configured in the alert source.",
                ("choices", new List<object>
                {
                    new Dictionary<string, object> { ["name"] = "HIGH", ["title"] = "High (with escalation)" },
                    new Dictionary<string, object> { ["name"] = "LOW", ["title"] = "Low (without escalation)" },
                }),
                ("default", ProductDefaults.Priority)),
            ["ilert_summary_host"] = Field("Alert summary for host alerts (Checkmk alert source)", "Checkmk macros such as $HOSTNAME$ are filled in by iLert.",
                ("default", ProductDefaults.SummaryHost)),
            ["ilert_summary_service"] = Field("Alert summary for service alerts (Checkmk alert source)", "Checkmk macros such as $SERVICEDESC$ are filled in by iLert.",
                ("default", ProductDefaults.SummaryService)),
            ["url_prefix"] = Field("URL prefix for links to Checkmk (Checkmk alert source)",
                "Lets iLert link the alert to the host or service in Checkmk. Automatic uses this server's name; a URL must end with /check_mk/."),
            ["endpoint"] = Field("iLert API URL", "Base URL of the iLert API; events are posted to <URL>/api/v1/events/nagios or <URL>/api/v1/events/checkmk-ext/<key>.",
                ("default", ProductDefaults.Endpoint)),
            ["ignore_tls"] = Field("TLS certificate verification", "Only for tests against a server with a self-signed certificate.",
                ("label", "Disable TLS certificate verification")),
            ["notification_types"] = Field("Forwarded notification types",
                "Notifications of other types are acknowledged to Checkmk and not sent to iLert.",
                ("choices", ProductDefaults.NotificationTypes.Select(t => (object)new Dictionary<string, object> { ["name"] = t.Name, ["title"] = t.Title }).ToList()),
                ("default", ProductDefaults.ForwardedTypes.Cast<object>().ToList())),
            ["spool_dir"] = Field("Spool directory",
                "Where events wait until iLert accepted them. Default: var/ilert_notify/spool in the site."),
            ["timeout"] = Field("Timeout", "Seconds to wait for iLert per request.",
                ("default", ProductDefaults.TimeoutSeconds), ("min", 1), ("max", ProductDefaults.TimeoutFormMax)),
        };
    }
}
