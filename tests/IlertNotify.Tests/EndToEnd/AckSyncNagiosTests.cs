using System.Text.RegularExpressions;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>
/// The two-way sync against a real Nagios 4 core (Debian's nagios4-core), the published notifier as its notification
/// command, the iLert event stand-in and the OpenAPI-built alerts stand-in: a problem goes to iLert, is accepted there,
/// the cron run's <c>send</c> acknowledges it through the core's command file, <c>status.dat</c> shows it acknowledged
/// by the sync's author, and the core's ACKNOWLEDGEMENT notification for it is not sent back to iLert.
/// </summary>
[Trait("Arm64", "true")]
public sealed partial class AckSyncNagiosTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string UserKey = "usr0123456789abcdefUSERKEY";
    private const long SourceId = 1243;
    private const string Author = "ilert-sync";
    private const string Save = "{program} -m save -e {endpoint} -d {spool}";

    [Fact]
    public Task A_service_accepted_in_ilert_is_acknowledged_in_nagios_without_a_loop() =>
        RunAsync("PROCESS_SERVICE_CHECK_RESULT;web01;HTTP;2;CRITICAL - connection refused", "web01", "HTTP");

    [Fact]
    public Task A_host_accepted_in_ilert_is_acknowledged_in_nagios_without_a_loop() =>
        RunAsync("PROCESS_HOST_CHECK_RESULT;db01;1;DOWN - no answer to ping", "db01", "");

    private async Task RunAsync(string problem, string host, string service)
    {
        await using var ilert = await FakeIlert.StartAsync();
        await using var alerts = await FakeIlertAlerts.StartAsync(UserKey);
        await using var core = await NagiosCore.StartAsync(new NagiosWiring(Save, Pager: ApiKey, EnvironmentMacros: true), Notifier.BinaryPath, ilert.Endpoint);
        var commandFile = Path.Combine(core.Directory, "nagios.cmd");

        var setup = await AsCoreUserAsync(core, ["setup", "--ack-sync", "-", "--ack-sync-author", Author, "--command-file", commandFile, "-d", core.SpoolDirectory, "-e", alerts.Endpoint, "-t", "5"], UserKey + "\n");
        Assert.True(setup.ExitCode == 0, setup.Output);
        Assert.DoesNotContain(UserKey, setup.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(core.SpoolDirectory, ".ack-sync")));

        // The core notifies, the notifier sends, iLert takes it: the problem is remembered.
        await core.SubmitAsync(problem);
        ReceivedEvent? sent = null;
        await core.PollAsync(() => (sent = ilert.Received.FirstOrDefault(e => CoreRecord.IdentityOf(e.Entries) == ("PROBLEM", host, service))) is not null, $"the PROBLEM of {host}/{service} at the stand-in");
        var incidents = Path.Combine(core.SpoolDirectory, ".incidents");
        await core.PollAsync(() => File.Exists(incidents) && File.ReadAllText(incidents).Contains(host, StringComparison.Ordinal), "the remembered incident");

        // Before anything is accepted in iLert the cron run acknowledges nothing.
        var idle = await AsCoreUserAsync(core, ["send", "-d", core.SpoolDirectory]);
        Assert.True(idle.ExitCode == 0, idle.Output);
        Assert.Equal("0", StatusValue(core, host, service, "problem_has_been_acknowledged"));

        // iLert opens an alert for that event (summary as the Nagios source would write it) and a responder accepts it.
        var name = service.Length > 0 ? $"{host}/{service}" : host;
        var alert = alerts.Open($"{name} is {(service.Length > 0 ? "CRITICAL" : "DOWN")}", null, SourceId, sent!.ApiKey);
        alerts.Accept(alert, "Jane Doe");

        var send = await AsCoreUserAsync(core, ["send", "-d", core.SpoolDirectory]);
        Assert.True(send.ExitCode == 0, send.Output);
        Assert.Contains("acknowledged as " + Author, send.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(UserKey, send.Output, StringComparison.Ordinal);

        // The core took it: status.dat shows the problem acknowledged, with the sync's author and comment.
        await core.PollAsync(() => StatusValue(core, host, service, "problem_has_been_acknowledged") == "1", $"{name} acknowledged in status.dat");
        await core.PollAsync(() => AcknowledgementComment(core, host, service) is not null, $"the acknowledgement comment of {name} in status.dat");
        var (author, comment) = AcknowledgementComment(core, host, service)!.Value;
        Assert.Equal(Author, author);
        Assert.Equal($"Accepted in iLert by Jane Doe ({alerts.Endpoint}/alert/view?id={alert.Id})", comment);
        Assert.Equal("2", StatusValue(core, host, service, "acknowledgement_type"));

        // The core notifies the acknowledgement; the notifier recognises its own and does not send it to iLert.
        var record = await core.WaitForRecordAsync("ACKNOWLEDGEMENT", host, service);
        Assert.Equal(Author, record.Environment["NAGIOS_NOTIFICATIONAUTHOR"]);
        await Task.Delay(Notifier.Scaled(TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain(ilert.Received, e => CoreRecord.IdentityOf(e.Entries).Type == "ACKNOWLEDGEMENT");
        Assert.Empty(Directory.GetFiles(core.SpoolDirectory, "*.event"));

        // A later run finds nothing open: it asks iLert nothing.
        var requests = alerts.Queries.Count;
        var after = await AsCoreUserAsync(core, ["send", "-d", core.SpoolDirectory]);
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Equal(requests, alerts.Queries.Count);

        var status = await AsCoreUserAsync(core, ["status", "-d", core.SpoolDirectory]);
        Assert.Contains("ack sync: on, key ****" + UserKey[^4..], status.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 acknowledged", status.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The notifier as the core's user (as root: nagios), as the cron job of that user would run it.</summary>
    private Task<NotifierResult> AsCoreUserAsync(MonitoringCore core, string[] args, string? stdin = null)
    {
        var program = core.CommandLine("{program}", Notifier.BinaryPath, "");
        var environment = new Dictionary<string, string>();
        return MonitoringCore.IsRoot
            ? NotifierProcess.RunAsync("setpriv", environment, ["--reuid=" + MonitoringCore.RunAsUser, "--regid=" + MonitoringCore.RunAsUser, "--init-groups", program, .. args], stdin)
            : NotifierProcess.RunAsync(program, environment, args, stdin);
    }

    private static IEnumerable<Dictionary<string, string>> StatusBlocks(MonitoringCore core, string type)
    {
        var path = Path.Combine(core.Directory, "status.dat");
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        foreach (Match block in StatusBlock().Matches(text))
        {
            if (block.Groups[1].Value == type)
            {
                yield return block.Groups[2].Value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.Split('=', 2))
                    .Where(parts => parts.Length == 2)
                    .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
            }
        }
    }

    private static Dictionary<string, string>? StatusOf(MonitoringCore core, string host, string service) =>
        service.Length > 0
            ? StatusBlocks(core, "servicestatus").FirstOrDefault(b => b.GetValueOrDefault("host_name") == host && b.GetValueOrDefault("service_description") == service)
            : StatusBlocks(core, "hoststatus").FirstOrDefault(b => b.GetValueOrDefault("host_name") == host);

    private static string? StatusValue(MonitoringCore core, string host, string service, string field) => StatusOf(core, host, service)?.GetValueOrDefault(field);

    /// <summary>The acknowledgement's comment (entry_type 4) of the host or service: its author and text.</summary>
    private static (string Author, string Comment)? AcknowledgementComment(MonitoringCore core, string host, string service) =>
        StatusBlocks(core, service.Length > 0 ? "servicecomment" : "hostcomment")
            .Where(b => b.GetValueOrDefault("host_name") == host && (service.Length == 0 || b.GetValueOrDefault("service_description") == service) && b.GetValueOrDefault("entry_type") == "4")
            .Select(b => ((string Author, string Comment)?)(b["author"], b["comment_data"]))
            .FirstOrDefault();

    [GeneratedRegex(@"^(\w+) \{\n(.*?)\n\s*\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex StatusBlock();
}
