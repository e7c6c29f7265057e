using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>Nagios 4 (Debian's nagios4-core) notifying the notifier in each of iLert's wirings.</summary>
[Trait("Arm64", "true")]
public sealed class NagiosCoreTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    private const string Save = "{program} -m save -e {endpoint} -d {spool}";

    private const string MacroArguments =
        " CONTACTPAGER=\"$CONTACTPAGER$\" NOTIFICATIONTYPE=\"$NOTIFICATIONTYPE$\" LONGDATETIME=\"$LONGDATETIME$\" HOSTADDRESS=\"$HOSTADDRESS$\"" +
        " HOSTNAME=\"$HOSTNAME$\" HOSTSTATE=\"$HOSTSTATE$\" HOSTOUTPUT=\"$HOSTOUTPUT$\" HOSTALIAS=\"$HOSTALIAS$\" SERVICEDESC=\"$SERVICEDESC$\"" +
        " SERVICESTATE=\"$SERVICESTATE$\" SERVICEOUTPUT=\"$SERVICEOUTPUT$\"";

    [Fact]
    public Task Ilerts_published_configuration_key_in_the_pager() =>
        RunAsync(new NagiosWiring(Save, Pager: ApiKey, EnvironmentMacros: true));

    [Fact]
    public Task Ilerts_variant_without_environment_macros() =>
        RunAsync(new NagiosWiring(Save + MacroArguments, Pager: ApiKey, EnvironmentMacros: false));

    [Fact]
    public Task The_seeds_command_line_with_the_key_as_flag() =>
        RunAsync(new NagiosWiring(Save + " -a " + ApiKey, Pager: null, EnvironmentMacros: true));

    private async Task RunAsync(NagiosWiring wiring)
    {
        await using var ilert = await FakeIlert.StartAsync();
        await using var core = await NagiosCore.StartAsync(wiring, Notifier.BinaryPath, ilert.Endpoint);
        await CoreScenario.RunAsync(core, ilert, ApiKey);
    }
}
