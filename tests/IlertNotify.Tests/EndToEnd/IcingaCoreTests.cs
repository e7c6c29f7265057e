using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

/// <summary>Icinga 2 (Debian's icinga2-bin) notifying the notifier as iLert's Icinga 2 configuration wires it.</summary>
[Trait("Arm64", "true")]
public sealed class IcingaCoreTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Ilerts_icinga2_configuration_key_in_the_users_pager()
    {
        await using var ilert = await FakeIlert.StartAsync();
        await using var core = await IcingaCore.StartAsync("{program} -m save -e {endpoint} -d {spool}", ApiKey, Notifier.BinaryPath, ilert.Endpoint);
        await CoreScenario.RunAsync(core, ilert, ApiKey);
    }
}
