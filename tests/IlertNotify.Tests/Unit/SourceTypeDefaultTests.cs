using System.Text.RegularExpressions;
using IlertNotify.Formats;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The rule form preselects the alert source type the README tells new users to create (Checkmk); a notification without
/// SOURCE_TYPE (a rule that never set the field, or iLert's Nagios plugin command line) still means Nagios XML.
/// </summary>
public sealed partial class SourceTypeDefaultTests
{
    private static string BuildFile(params string[] path) => File.ReadAllText(Path.Combine([PublishedNotifier.RepositoryRoot(), "build", .. path]));

    [Fact]
    public void The_rule_forms_preselect_the_checkmk_alert_source_type()
    {
        var formDefault = SourceTypeConstant().Match(BuildFile("lib", "defaults.cake")).Groups[1].Value;

        Assert.Equal("checkmk", formDefault);
        Assert.Same(EventFormats.CheckmkJson, EventFormats.FromRule(formDefault));
    }

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

    [GeneratedRegex("""const string SourceType = "(\w+)";""")]
    private static partial Regex SourceTypeConstant();

    [GeneratedRegex("""public string Description =>[^;]*;""")]
    private static partial Regex DescriptionProperty();
}
