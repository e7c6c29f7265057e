using System.Globalization;

namespace IlertNotify.Cli;

/// <summary>Every option, once. The reference plugin's (<c>-m -a -e -p -d -k -x -t</c>) keep their spellings and places.</summary>
internal static class CliOptions
{
    // Where the reference plugin's options are used: its save and send modes; setup and queue take the target ones.
    private static readonly Command[] Notifying = [Command.Save, Command.Send];
    private static readonly Command[] Targeting = [Command.Save, Command.Send, Command.Setup, Command.Queue];

    public static readonly IReadOnlyList<CliOption> All =
    [
        new(["-m", "--mode"], "MODE", Notifying, "reference plugin modes: save|nagios (= save), send|cron (= send)",
            (invocation, _, _) => invocation),
        new(["-a", "--apikey", "--api-key"], "KEY", Notifying, "iLert alert source API key (prefer the rule's password field:\narguments are visible to every user of the machine)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { ApiKey = value } }, Secret: true),
        new(["-e", "--endpoint"], "URL", Targeting, "iLert endpoint (default https://api.ilert.com)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { Endpoint = value } }),
        new(["-p", "--port"], "PORT", Targeting, "endpoint port",
            (invocation, name, value) => invocation with { Overrides = invocation.Overrides with { Port = Number(name, value, 1, 65535) } }),
        new(["-d", "--dir", "--spool-dir"], "DIR", [Command.Save, Command.Send, Command.Status, Command.Queue, Command.Setup], "spool directory (default $OMD_ROOT/var/ilert_notify/spool,\nor /tmp/ilert_nagios outside an OMD site)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { SpoolDirectory = value } }),
        new(["-x", "--proxy"], "URL", Targeting, "HTTP proxy; NO_PROXY for none (default: https_proxy from the environment)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { Proxy = value } }),
        new(["-k", "--insecure"], null, Targeting, "do not verify the server's TLS certificate",
            (invocation, _, _) => invocation with { Overrides = invocation.Overrides with { DisableTlsVerification = true } }),
        new(["-t", "--timeout"], "SEC", Targeting, "timeout of one HTTP request (default 10)",
            (invocation, name, value) => invocation with { Overrides = invocation.Overrides with { TimeoutSeconds = Number(name, value, 1, 600) } }),
        new(["--source-type"], "TYPE", [Command.Save], "iLert alert source type: checkmk (Checkmk, JSON, as Checkmk's built-in\niLert script sends) or nagios (Nagios / Icinga, XML; what a rule without it sends)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { SourceType = value } }),
        new(["--types"], "A,B,...", [Command.Save], "notification types to forward (default PROBLEM,RECOVERY,ACKNOWLEDGEMENT)",
            (invocation, _, value) => invocation with { Overrides = invocation.Overrides with { NotificationTypes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } }),
        new(["--rate-limit"], "N", Notifying, "requests per minute the alert source accepts (default 50, iLert's\nthrottle; set it when iLert raised yours); with send it also\napplies to events queued before",
            (invocation, name, value) => invocation with { Overrides = invocation.Overrides with { RateLimit = Number(name, value, 1, 100_000) } }),
        new(["--rate-window"], "SEC", Notifying, "length of that throttle window (default 60; for tests)",
            (invocation, name, value) => invocation with { Overrides = invocation.Overrides with { RateWindowSeconds = Number(name, value, 1, 3600) } }),
        new(["--bulk"], null, [Command.Save], "a Checkmk bulk notification on stdin",
            (invocation, _, _) => invocation with { Bulk = true }),
        new(["--check"], null, [Command.Status], "status: one Checkmk local-check line",
            (invocation, _, _) => invocation with { Check = true }),
        new(["--warn"], "SEC", [Command.Status], "status --check: warning from this backlog age (default 300)",
            (invocation, name, value) => invocation with { WarnAgeSeconds = Number(name, value, 1, int.MaxValue) }),
        new(["--crit"], "SEC", [Command.Status], "status --check: critical from this backlog age (default 900)",
            (invocation, name, value) => invocation with { CritAgeSeconds = Number(name, value, 1, int.MaxValue) }),
        new(["--remove"], null, [Command.Setup], "setup: remove the retry job (and keep it removed)",
            (invocation, _, _) => invocation with { Remove = true }),
        new(["--heartbeat"], "KEY|-", [Command.Setup], "setup: the key of an iLert Heartbeat alert source ('-': from stdin)",
            (invocation, _, value) => invocation with { Heartbeat = value }, Secret: true),
        new(["--heartbeat-remove"], null, [Command.Setup], "setup: forget the heartbeat",
            (invocation, _, _) => invocation with { HeartbeatRemove = true }),
        new(["--heartbeat-max-age"], "SEC", [Command.Setup], "setup: a queued event older than this withholds the heartbeat",
            (invocation, name, value) => invocation with { HeartbeatMaxAgeSeconds = Number(name, value, Settings.HeartbeatSettings.MinQueueAgeSeconds, Settings.HeartbeatSettings.MaxQueueAgeSeconds) }),
        new(["--ack-sync"], "KEY|-", [Command.Setup], "setup: an iLert user API key that may read the alerts ('-': from stdin); alerts\naccepted in iLert are then acknowledged in Checkmk",
            (invocation, _, value) => invocation with { AckSync = value }, Secret: true),
        new(["--ack-sync-remove"], null, [Command.Setup], "setup: turn the two-way sync off",
            (invocation, _, _) => invocation with { AckSyncRemove = true }),
        new(["--ack-sync-author"], "NAME", [Command.Setup], "setup: author of the sync's acknowledgements (default ilert)",
            (invocation, _, value) => invocation with { AckSyncAuthor = value }),
        new(["--command-file"], "PATH", [Command.Setup], "setup: the core's external command file (plain Nagios/Icinga; in a\nCheckmk site livestatus is used)",
            (invocation, _, value) => invocation with { CommandFile = value }),
        new(["--all"], null, [Command.Queue], "queue: every event",
            (invocation, _, _) => invocation with { Queue = QueueOf(invocation) with { All = true } }),
        new(["--incident"], "NAME", [Command.Queue], "queue: the events of one incident (host, or host/service)",
            (invocation, _, value) => invocation with { Queue = QueueOf(invocation) with { Incident = value } }),
        new(["--older-than"], "SEC", [Command.Queue], "queue: events saved at least this long ago",
            (invocation, name, value) => invocation with { Queue = QueueOf(invocation) with { OlderThanSeconds = Number(name, value, 0, int.MaxValue) } }),
        new(["--failed"], null, [Command.Queue], "queue purge: failed events instead of queued ones",
            (invocation, _, _) => invocation with { Queue = QueueOf(invocation) with { Failed = true } }),
        new(["--key-from-stdin"], null, [Command.Queue], "queue retarget: the new API key is the first line of stdin",
            (invocation, _, _) => invocation with { Queue = QueueOf(invocation) with { KeyFromStdin = true } }),
    ];

    public static CliOption? Find(string name) => All.FirstOrDefault(option => option.Names.Contains(name, StringComparer.Ordinal));

    private static QueueRequest QueueOf(Invocation invocation) => invocation.Queue ?? new QueueRequest();

    // A key typed into the wrong option must not reach stdout and syslog; a typo such as 'sned' or '0' may.
    private const int LongestShownValue = 8;

    public static string Shown(string value) =>
        value.Length <= LongestShownValue ? $"'{value}'" : $"{value.Length} characters (not shown)";

    private static int Number(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"option {option} needs a whole number from {min} to {max}, got {Shown(text)}");
}
