namespace IlertNotify.Checkmk;

/// <summary>The OMD site the notifier runs in (<c>OMD_ROOT</c>), and every path it uses there: the one place they are named.</summary>
internal sealed record SitePaths(string Root)
{
    /// <summary>Outside a site: the reference plugin's spool, as <c>ilert_nagios.py</c> used it.</summary>
    public const string NonSiteSpool = "/tmp/ilert_nagios";

    public static SitePaths? From(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("OMD_ROOT", out var root) && root.Length > 0 ? new SitePaths(root) : null;

    /// <summary>Survives reboots, unlike <c>/tmp</c>.</summary>
    public string DefaultSpool => Path.Combine(Root, "var", "ilert_notify", "spool");

    /// <summary>Spools of rules with their own spool directory, one per line, so that the cron job serves them too.</summary>
    public string SpoolRegistry => Path.Combine(Root, "var", "ilert_notify", "spools");

    /// <summary>Shipped by the package (its <c>lib</c> part): no package part maps to <c>etc/cron.d</c>.</summary>
    public string ShippedCronFile => Path.Combine(Root, "local", "lib", "ilert_notify", "ilert_notify.cron");

    public string InstalledCronFile => Path.Combine(Root, "etc", "cron.d", "ilert_notify");

    /// <summary>Written by <c>setup --remove</c>: the notifier then never installs the cron file by itself.</summary>
    public string CronOptOutMarker => Path.Combine(Root, "var", "ilert_notify", "cron-removed-by-admin");

    /// <summary>When the notifier last said in the log that the admin turned the retry job off (once a day).</summary>
    public string CronOptOutReminder => Path.Combine(Root, "var", "ilert_notify", "cron-removed-reminded");

    /// <summary>Holds what the last <c>omd reload crontab</c> said when it failed; absent after one that succeeded.</summary>
    public string RetryJobReloadFailure => Path.Combine(Root, "var", "ilert_notify", "retry-job-reload-failed");

    /// <summary>Held by the one process that installs the retry job (saves run in parallel); not in <c>etc/cron.d</c>, whose files become the crontab.</summary>
    public string RetryJobInstallLock => Path.Combine(Root, "var", "ilert_notify", "retry-job.lock");

    public string HeartbeatSettings => Path.Combine(Root, "etc", "ilert_notify", "heartbeat");

    public string HeartbeatLastResult => Path.Combine(Root, "var", "ilert_notify", "heartbeat.last");

    /// <summary>The site's notification rules, as Checkmk's Setup writes them (<c>notification_rules += [...]</c>).</summary>
    public string NotificationRules => Path.Combine(Root, "etc", "check_mk", "conf.d", "wato", "notifications.mk");

    /// <summary>2.4+: the parameters a rule names by id (<c>notification_parameter.update({...})</c>).</summary>
    public string NotificationParameters => Path.Combine(Root, "etc", "check_mk", "conf.d", "wato", "notification_parameter.mk");

    /// <summary>The two-way sync's iLert user API key and options (<c>setup --ack-sync -</c>), 0600.</summary>
    public string AckSyncSettings => Path.Combine(Root, "etc", "ilert_notify", "ack-sync");

    /// <summary>What the last sync run did, and when a refused key was last logged.</summary>
    public string AckSyncLastResult => Path.Combine(Root, "var", "ilert_notify", "ack-sync.last");

    /// <summary>Livestatus: how the sync asks the site's core about, and tells it of, acknowledgements.</summary>
    public string LivestatusSocket => Path.Combine(Root, "tmp", "run", "live");

    /// <summary>The site's python, which resolves password store ids with Checkmk's own code.</summary>
    public string Python => Path.Combine(Root, "bin", "python3");

    /// <summary>The system CAs plus those added under Global settings > Trusted certificate authorities for SSL.</summary>
    public string CaBundle => Path.Combine(Root, "var", "ssl", "ca-certificates.crt");
}
