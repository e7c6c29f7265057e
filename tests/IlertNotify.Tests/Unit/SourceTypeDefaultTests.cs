using System.Text.RegularExpressions;
using IlertNotify.Formats;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The rule form preselects the alert source type the README tells new users to create (Checkmk: RuleFieldTests); a notification without
/// SOURCE_TYPE (a rule that never set the field, or iLert's Nagios plugin command line) still means Nagios XML.
/// </summary>
public sealed partial class SourceTypeDefaultTests
{
    private static string BuildFile(params string[] path) => File.ReadAllText(Path.Combine([PublishedNotifier.RepositoryRoot(), "build", .. path]));

    [Fact]
    public void Without_a_source_type_parameter_the_notifier_still_sends_nagios_xml()
    {
        Assert.Same(EventFormats.NagiosXml, EventFormats.FromRule(null));
    }

    [Fact]
    public void The_package_description_names_both_alert_source_types()
    {
        var description = DescriptionProperty().Match(BuildFile("context.cake")).Value;

        Assert.Contains("Checkmk", description, StringComparison.Ordinal);
        Assert.Contains("Nagios / Icinga", description, StringComparison.Ordinal);
        Assert.Contains("alert source type Checkmk", description, StringComparison.Ordinal);
    }

    [GeneratedRegex("""public string Description =>[^;]*;""")]
    private static partial Regex DescriptionProperty();
}
