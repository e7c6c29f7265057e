namespace IlertNotify.Cli;

internal static class HelpText
{
    private const string Text = """
        ilert-notify: sends Checkmk (and Nagios/Icinga) notifications to iLert, durably.

        Usage:
          ilert-notify [save]          spool the notification in NOTIFY_* and send the spool
                                       (Checkmk's call; the default when NOTIFY_* is set)
          ilert-notify --bulk          the same for a Checkmk bulk notification on stdin
          ilert-notify send            send everything still queued (run from cron every minute)
          ilert-notify status [--check] [--warn SEC] [--crit SEC]
                                       queued and failed events; --check prints a Checkmk local check
          ilert-notify setup [--remove]
                                       install (or remove) the flush job in the site crontab
          ilert-notify setup --heartbeat KEY|- [--heartbeat-max-age SEC] | --heartbeat-remove
                                       let the flush job call an iLert Heartbeat alert source
                                       while notifications get through ('-': key from stdin)
          ilert-notify setup --ack-sync KEY|- [--ack-sync-author NAME] [--command-file PATH] | --ack-sync-remove
                                       acknowledge in the core what is accepted in iLert (an iLert
                                       user API key; '-': from stdin)
          ilert-notify queue [list]    each queued and failed event: incident, type, age, attempts,
                                       target (key masked), last error
          ilert-notify queue retry --all | --incident NAME | --older-than SEC
                                       queue failed events again, once their cause is fixed
          ilert-notify queue purge --all | --incident NAME | --older-than SEC [--failed]
                                       delete queued (with --failed: failed) events for good
          ilert-notify queue retarget --all | --incident NAME | --older-than SEC
                          [-e URL] [-x PROXY] [--key-from-stdin | --from-rule [--rule N|ID]]
                                       point queued events at a fixed endpoint, proxy or key,
                                       or at those the site's rule holds now (--from-rule)
          ilert-notify --version | --help

        Options (the rule's parameters, overridden; each names the commands it belongs to):
        {0}
          key=value            extra payload entries

        Exit codes: 0 spooled (or deliberately ignored), 1 could not spool (Checkmk may retry),
                    2 permanent error (no API key, bad configuration or command line).
        """;

    /// <summary>The text <c>--help</c> prints: the options from their one declaration (<see cref="CliOptions"/>).</summary>
    public static string Usage => Text.Replace("{0}", string.Join("\n", CliOptions.All.Select(Describe)), StringComparison.Ordinal);

    private const int HelpColumn = 23;

    private static string Describe(CliOption option)
    {
        var head = "  " + string.Join(", ", option.Names) + (option.Value is { } value ? " " + value : "");
        var scope = " [" + string.Join(", ", option.Commands.Select(command => command.ToString().ToLowerInvariant())) + "]";
        var lines = (option.Help + scope).Split('\n');
        var indent = new string(' ', HelpColumn);
        var first = head.Length < HelpColumn - 1 ? head.PadRight(HelpColumn) + lines[0] : head + "\n" + indent + lines[0];
        return string.Join("\n", lines.Skip(1).Select(line => indent + line).Prepend(first));
    }
}
