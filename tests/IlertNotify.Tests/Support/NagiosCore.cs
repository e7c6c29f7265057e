namespace IlertNotify.Tests.Support;

/// <summary>How a Nagios configuration calls the notifier: the command line (with <c>{program}</c>, <c>{endpoint}</c>, <c>{spool}</c>), the contact's pager, environment macros.</summary>
public sealed record NagiosWiring(string CommandLine, string? Pager, bool EnvironmentMacros);

/// <summary>
/// Debian's <c>nagios4-core</c> (4.4) with passive checks only, <c>interval_length=1</c> and <c>max_check_attempts 1</c>:
/// a check result written to the command file is a hard state change and a notification within a second. Host
/// <c>web01</c> with service <c>HTTP</c>, host <c>db01</c>; one contact <c>ilert</c> notified of everything.
/// </summary>
public sealed class NagiosCore : MonitoringCore
{
    private NagiosCore()
        : base("nagios")
    {
    }

    protected override string CommandFile => Path.Combine(Directory, "nagios.cmd");

    public static async Task<NagiosCore> StartAsync(NagiosWiring wiring, string notifier, string endpoint)
    {
        var core = new NagiosCore();
        try
        {
            var config = Path.Combine(core.Directory, "nagios.cfg");
            File.WriteAllText(config, core.MainConfig(wiring.EnvironmentMacros));
            File.WriteAllText(Path.Combine(core.Directory, "objects.cfg"), core.Objects(wiring, notifier, endpoint));
            System.IO.Directory.CreateDirectory(Path.Combine(core.Directory, "checkresults"));
            await core.StartAsync("/usr/sbin/nagios4", config);
            return core;
        }
        catch
        {
            await core.DisposeAsync();
            throw;
        }
    }

    protected override string Log() => ReadIfExists(Path.Combine(Directory, "nagios.log"));

    private string MainConfig(bool environmentMacros) => $"""
        log_file={Directory}/nagios.log
        cfg_file={Directory}/objects.cfg
        object_cache_file={Directory}/objects.cache
        precached_object_file={Directory}/objects.precache
        status_file={Directory}/status.dat
        status_update_interval=1
        temp_file={Directory}/nagios.tmp
        temp_path={Directory}
        lock_file={Directory}/nagios.lock
        retain_state_information=0
        state_retention_file={Directory}/retention.dat
        check_result_path={Directory}/checkresults
        query_socket={Directory}/nagios.qh
        command_file={CommandFile}
        check_external_commands=1
        interval_length=1
        enable_environment_macros={(environmentMacros ? 1 : 0)}
        enable_notifications=1
        execute_service_checks=0
        execute_host_checks=0
        accept_passive_service_checks=1
        accept_passive_host_checks=1
        enable_flap_detection=0
        log_notifications=1
        use_syslog=0

        """;

    // iLert's ilert_nagios.cfg notifies w,u,c,r and d,r; here also f,s, so that flapping and downtime notifications
    // reach the notifier, which must ignore them.
    private string Objects(NagiosWiring wiring, string notifier, string endpoint) => $$"""
        define timeperiod {
          timeperiod_name 24x7
          alias 24x7
          sunday 00:00-24:00
          monday 00:00-24:00
          tuesday 00:00-24:00
          wednesday 00:00-24:00
          thursday 00:00-24:00
          friday 00:00-24:00
          saturday 00:00-24:00
        }
        define command {
          command_name notify-ilert
          command_line {{CommandLine(wiring.CommandLine, notifier, endpoint)}}
        }
        define command {
          command_name record-ilert
          command_line {{CommandLine(wiring.CommandLine, RecorderPath, endpoint)}}
        }
        define command {
          command_name check-passive
          command_line /bin/true
        }
        define contact {
          contact_name ilert
          alias iLert
          service_notification_period 24x7
          host_notification_period 24x7
          service_notification_options w,u,c,r,f,s
          host_notification_options d,u,r,f,s
          service_notification_commands notify-ilert,record-ilert
          host_notification_commands notify-ilert,record-ilert
          {{(wiring.Pager is null ? "" : "pager " + wiring.Pager)}}
        }
        define host {
          name passive-host
          register 0
          check_command check-passive
          max_check_attempts 1
          active_checks_enabled 0
          passive_checks_enabled 1
          check_period 24x7
          notification_period 24x7
          notification_interval 0
          notification_options d,u,r,f,s
          contacts ilert
        }
        define host {
          use passive-host
          host_name web01
          alias Web server
          address 10.0.0.1
        }
        define host {
          use passive-host
          host_name db01
          alias Database server
          address 10.0.0.2
        }
        define service {
          host_name web01
          service_description HTTP
          check_command check-passive
          max_check_attempts 1
          check_interval 60
          retry_interval 60
          active_checks_enabled 0
          passive_checks_enabled 1
          check_period 24x7
          notification_period 24x7
          notification_interval 0
          notification_options w,u,c,r,f,s
          contacts ilert
        }

        """;
}
