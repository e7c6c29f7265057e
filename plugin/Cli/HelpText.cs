namespace IlertNotify.Cli;

internal static class HelpText
{
    public const string Usage = """
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
          ilert-notify queue [list]    each queued and failed event: incident, type, age, attempts,
                                       target (key masked), last error
          ilert-notify queue retry --all | --incident NAME | --older-than SEC
                                       queue failed events again, once their cause is fixed
          ilert-notify queue purge --all | --incident NAME | --older-than SEC [--failed]
                                       delete queued (with --failed: failed) events for good
          ilert-notify queue retarget --all | --incident NAME | --older-than SEC
                          [-e URL] [-x PROXY] [--key-from-stdin]
                                       point queued events at a fixed endpoint, proxy or key
          ilert-notify --version | --help

        Options (override the notification rule's parameters):
          -a, --apikey KEY     iLert alert source API key (prefer the rule's password field:
                               arguments are visible to every user of the machine)
          -e, --endpoint URL   iLert endpoint (default https://api.ilert.com)
          -p, --port PORT      endpoint port
          -d, --dir DIR        spool directory (default $OMD_ROOT/var/ilert_notify/spool,
                               or /tmp/ilert_nagios outside an OMD site)
          -x, --proxy URL      HTTP proxy; NO_PROXY for none (default: https_proxy from the environment)
          -k, --insecure       do not verify the server's TLS certificate
          -t, --timeout SEC    timeout of one HTTP request (default 10)
          --source-type TYPE   iLert alert source type: nagios (Nagios / Icinga, XML; default) or
                               checkmk (Checkmk, JSON, as Checkmk's built-in iLert script sends)
          --types A,B,...      notification types to forward (default PROBLEM,RECOVERY,ACKNOWLEDGEMENT)
          --rate-limit N       requests per minute the alert source accepts (default 50, iLert's
                               throttle; set it when iLert raised yours); with send it also
                               applies to events queued before
          --rate-window SEC    length of that throttle window (default 60; for tests)
          -m, --mode MODE      reference plugin modes: save|nagios (= save), send|cron (= send)
          key=value            extra payload entries

        Exit codes: 0 spooled (or deliberately ignored), 1 could not spool (Checkmk may retry),
                    2 permanent error (no API key, bad configuration or command line).
        """;
}
