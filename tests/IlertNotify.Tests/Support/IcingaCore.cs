using System.Diagnostics;

namespace IlertNotify.Tests.Support;

/// <summary>
/// Debian's <c>icinga2-bin</c> (2.13) with passive checks only, an ExternalCommandListener on a pipe in its temp dir
/// and the NotificationComponent without HA, wired as iLert's <c>ilert_icinga2.conf</c>: user <c>ilert</c> with the key
/// as pager, a NotificationCommand whose <c>env</c> passes the ICINGA_* macros, apply rules for hosts and services.
/// </summary>
public sealed class IcingaCore : MonitoringCore
{
    private IcingaCore()
        : base("icinga2")
    {
    }

    protected override string CommandFile => Path.Combine(Directory, "run", "icinga2.cmd");

    /// <param name="command">The NotificationCommand's command string, with <c>{program}</c>, <c>{endpoint}</c>, <c>{spool}</c>.</param>
    public static async Task<IcingaCore> StartAsync(string command, string pager, string notifier, string endpoint)
    {
        var core = new IcingaCore();
        try
        {
            foreach (var dir in new[] { "etc", "data", "log", "cache", "spool", "run" })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(core.Directory, dir));
            }
            var config = Path.Combine(core.Directory, "etc", "icinga2.conf");
            File.WriteAllText(config, core.Config(command, pager, notifier, endpoint));
            var group = IsRoot ? RunAsUser : CurrentGroup();
            await core.StartAsync(
                "/usr/sbin/icinga2", "daemon", "-c", config,
                $"-DConfigDir={core.Directory}/etc", $"-DDataDir={core.Directory}/data", $"-DLogDir={core.Directory}/log",
                $"-DCacheDir={core.Directory}/cache", $"-DSpoolDir={core.Directory}/spool", $"-DInitRunDir={core.Directory}/run",
                $"-DRunAsUser={RunAsUser}", $"-DRunAsGroup={group}");
            return core;
        }
        catch
        {
            await core.DisposeAsync();
            throw;
        }
    }

    protected override string Log() => ReadIfExists(Path.Combine(Directory, "log", "icinga2.log"));

    private static string CurrentGroup()
    {
        using var id = Process.Start(new ProcessStartInfo("id", "-gn") { RedirectStandardOutput = true })!;
        var name = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return name;
    }

    // iLert's file filters types to Problem, Acknowledgement, Recovery in Icinga itself; here every type reaches the
    // notifier, which must ignore downtimes, flapping and custom notifications on its own.
    private const string AllTypes = "[ Problem, Acknowledgement, Recovery, DowntimeStart, DowntimeEnd, DowntimeRemoved, FlappingStart, FlappingEnd, Custom ]";

    private string Config(string command, string pager, string notifier, string endpoint) => $$"""
        include <itl>
        object IcingaApplication "app" { }
        object ExternalCommandListener "command" { command_path = "{{CommandFile}}" }
        object NotificationComponent "notification" { enable_ha = false }
        object FileLogger "main-log" { severity = "information"; path = "{{Directory}}/log/icinga2.log" }
        object TimePeriod "24x7" {
          ranges = { monday = "00:00-24:00", tuesday = "00:00-24:00", wednesday = "00:00-24:00", thursday = "00:00-24:00", friday = "00:00-24:00", saturday = "00:00-24:00", sunday = "00:00-24:00" }
        }
        object User "ilert" {
          display_name = "iLert"
          states = [ OK, Warning, Critical, Unknown, Up, Down ]
          types = {{AllTypes}}
          pager = "{{pager}}"
        }
        {{NotificationCommand("ilert-notification", CommandLine(command, notifier, endpoint))}}
        {{NotificationCommand("ilert-record", CommandLine(command, RecorderPath, endpoint))}}
        template Host "passive-host" {
          check_command = "dummy"
          enable_active_checks = false
          max_check_attempts = 1
          vars.notification.enable_ilert = true
        }
        object Host "web01" { import "passive-host"; address = "10.0.0.1"; display_name = "Web server" }
        object Host "db01" { import "passive-host"; address = "10.0.0.2"; display_name = "Database server" }
        object Service "HTTP" {
          host_name = "web01"
          check_command = "dummy"
          enable_active_checks = false
          max_check_attempts = 1
          vars.notification.enable_ilert = true
        }
        {{Notifications("ilert-notification")}}
        {{Notifications("ilert-record")}}

        """;

    private static string NotificationCommand(string name, string command) => $$"""
        object NotificationCommand "{{name}}" {
          import "plugin-notification-command"
          command = "{{command}}"
          env = {
            ICINGA_CONTACTPAGER = "$user.pager$"
            ICINGA_NOTIFICATIONTYPE = "$notification.type$"
            ICINGA_LONGDATETIME = "$icinga.long_date_time$"
            ICINGA_HOSTADDRESS = "$address$"
            ICINGA_HOSTNAME = "$host.name$"
            ICINGA_HOSTALIAS = "$host.display_name$"
            ICINGA_HOSTSTATE = "$host.state$"
            ICINGA_HOSTOUTPUT = "$host.output$"
            ICINGA_SERVICESTATE = "$service.state$"
            ICINGA_SERVICEDESC = "$service.name$"
            ICINGA_SERVICEDISPLAYNAME = "$service.display_name$"
            ICINGA_SERVICEOUTPUT = "$service.output$"
            ICINGA_NOTIFICATIONCOMMENT = "$notification.comment$"
          }
        }
        """;

    private static string Notifications(string command) => $$"""
        apply Notification "{{command}}-host" to Host {
          command = "{{command}}"
          states = [ Up, Down ]
          types = {{AllTypes}}
          period = "24x7"
          users = [ "ilert" ]
          interval = 0
          assign where host.vars.notification.enable_ilert == true
        }
        apply Notification "{{command}}-service" to Service {
          command = "{{command}}"
          states = [ OK, Warning, Critical, Unknown ]
          types = {{AllTypes}}
          period = "24x7"
          users = [ "ilert" ]
          interval = 0
          assign where service.vars.notification.enable_ilert == true
        }
        """;
}
