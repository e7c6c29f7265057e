using System.Globalization;
using IlertNotify.Checkmk;

namespace IlertNotify.Cli;

/// <summary>
/// Every option, once: the rule fields' flags come from their declaration (<see cref="RuleFields"/>), the rest are here.
/// The reference plugin's (<c>-m -a -e -p -d -k -x -t</c>) keep their spellings and places.
/// </summary>
internal static class CliOptions
{
    public static readonly IReadOnlyList<CliOption> All =
    [
        new(["-m", "--mode"], "MODE", [Command.Save, Command.Send], "reference plugin modes: save|nagios (= save), send|cron (= send)",
            (invocation, _, _) => invocation),
        .. RuleFields.All.Where(field => field.Flag is not null).Select(FieldOption),
        new(["-p", "--port"], "PORT", [Command.Save, Command.Send, Command.Setup, Command.Queue], "endpoint port",
            (invocation, name, value) => invocation with { Overrides = invocation.Overrides with { Port = Number(name, value, 1, 65535) } }),
        new(["--rate-window"], "SEC", [Command.Save, Command.Send], "length of the --rate-limit window (default 60; for tests)",
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
        new(["--from-rule"], null, [Command.Queue], "queue retarget: to the endpoint, proxy and key the site's iLert (spooled)\nrule holds now (-e, -x still win)",
            (invocation, _, _) => invocation with { Queue = QueueOf(invocation) with { FromRule = true } }),
        new(["--rule"], "N|ID", [Command.Queue], "queue retarget --from-rule: the rule to follow (its number, from 0,\nor rule id) when the site has several",
            (invocation, _, value) => invocation with { Queue = QueueOf(invocation) with { Rule = value } }),
    ];

    public static CliOption? Find(string name) => All.FirstOrDefault(option => option.Names.Contains(name, StringComparer.Ordinal));

    /// <summary>A rule field's flag (<see cref="RuleFields"/>): its value overrides the rule's parameter.</summary>
    private static CliOption FieldOption(RuleField field) => new(
        [.. field.Flag!.Names],
        field.Flag.Value,
        [.. field.Flag.Commands.Select(command => Enum.Parse<Command>(command, ignoreCase: true))],
        field.Flag.Help,
        (invocation, name, value) => invocation with { Overrides = invocation.Overrides.With(field, FlagValue(field, name, value)) },
        field.Secret);

    private static string FlagValue(RuleField field, string option, string value) => field.Kind switch
    {
        "checkbox" => "True",
        "integer" => Number(option, value, field.Min ?? 1, field.Max ?? int.MaxValue).ToString(CultureInfo.InvariantCulture),
        "multichoice" => string.Join(",", value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        _ => value,
    };

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
