using IlertNotify.Cli;

namespace IlertNotify.Tests.Unit;

/// <summary>Options are declared once (<see cref="CliOptions"/>): parsing, scope, <c>--help</c> and the secret list follow it.</summary>
public sealed class CliOptionTests
{
    [Theory]
    [InlineData("send", "--warn", "5")]
    [InlineData("status", "--heartbeat", "il1hbKEY")]
    [InlineData("setup", "--all", null)]
    [InlineData("queue", "--bulk", null)]
    [InlineData("status", "-a", "il1apiKEY")]
    public void An_option_given_to_a_command_it_does_not_belong_to_is_refused(string command, string option, string? value)
    {
        string[] args = value is null ? [command, option] : [command, option, value];

        var refused = Assert.Throws<UsageException>(() => CommandLineParser.Parse(args, hasNotificationContext: false));

        Assert.Equal($"option {option} does not apply to {command}", refused.Message);
    }

    [Fact]
    public void A_flag_with_a_value_attached_is_refused_without_showing_it()
    {
        var refused = Assert.Throws<UsageException>(() => CommandLineParser.Parse(["status", "--check=il1apiKEY"], hasNotificationContext: false));

        Assert.Equal("option --check takes no value", refused.Message);
    }

    [Fact]
    public void Every_option_that_may_hold_a_key_is_masked_in_each_of_its_spellings()
    {
        foreach (var option in CliOptions.All.Where(option => option.Secret))
        {
            foreach (var name in option.Names)
            {
                Assert.Contains("il1-secret-" + name, SecretCandidates.From([name, "il1-secret-" + name], new Dictionary<string, string>()));
                if (name.StartsWith("--", StringComparison.Ordinal))
                {
                    Assert.Contains("il1-attached" + name, SecretCandidates.From([$"{name}=il1-attached{name}"], new Dictionary<string, string>()));
                }
                else
                {
                    Assert.Contains("il1-attached", SecretCandidates.From([name + "il1-attached"], new Dictionary<string, string>()));
                    Assert.Contains("il1-attached", SecretCandidates.From([name + "=il1-attached"], new Dictionary<string, string>()));
                }
            }
        }
    }

    [Fact]
    public void Help_lists_every_option_with_the_commands_it_belongs_to()
    {
        foreach (var option in CliOptions.All)
        {
            var head = "  " + string.Join(", ", option.Names);
            Assert.Single(HelpText.Usage.Split('\n'), line => line == head || line.StartsWith(head + " ", StringComparison.Ordinal));
        }
        Assert.Contains("[status]", HelpText.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_unique()
    {
        var names = CliOptions.All.SelectMany(option => option.Names).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
