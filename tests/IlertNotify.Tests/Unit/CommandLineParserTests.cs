using IlertNotify.Cli;

namespace IlertNotify.Tests.Unit;

public sealed class CommandLineParserTests
{
    [Theory]
    [InlineData(new string[0], true, nameof(Command.Save))]
    [InlineData(new string[0], false, nameof(Command.Help))]
    [InlineData(new[] { "send" }, true, nameof(Command.Send))]
    [InlineData(new[] { "-m", "nagios" }, false, nameof(Command.Save))]
    [InlineData(new[] { "-m", "save" }, false, nameof(Command.Save))]
    [InlineData(new[] { "-m", "cron" }, false, nameof(Command.Send))]
    [InlineData(new[] { "-m", "send" }, false, nameof(Command.Send))]
    [InlineData(new[] { "--mode=cron" }, false, nameof(Command.Send))]
    [InlineData(new[] { "status", "--check" }, false, nameof(Command.Status))]
    [InlineData(new[] { "setup", "--remove" }, false, nameof(Command.Setup))]
    [InlineData(new[] { "--version" }, true, nameof(Command.Version))]
    [InlineData(new[] { "-h" }, true, nameof(Command.Help))]
    [InlineData(new[] { "--bulk" }, false, nameof(Command.Save))]
    public void Commands_and_reference_modes_map_to_our_commands(string[] args, bool hasContext, string expected)
    {
        Assert.Equal(Enum.Parse<Command>(expected), CommandLineParser.Parse(args, hasContext).Command);
    }

    [Fact]
    public void Reference_plugin_flags_are_accepted_unchanged()
    {
        var invocation = CommandLineParser.Parse(
            ["-m", "nagios", "-a", "KEY", "-e", "https://api.example", "-p", "8443", "-d", "/var/spool/x", "-k", "-x", "http://proxy:3128", "a=1", "b=x=y"], false);

        Assert.Equal("KEY", invocation.Overrides.ApiKey);
        Assert.Equal("https://api.example", invocation.Overrides.Endpoint);
        Assert.Equal(8443, invocation.Overrides.Port);
        Assert.Equal("/var/spool/x", invocation.Overrides.SpoolDirectory);
        Assert.True(invocation.Overrides.DisableTlsVerification);
        Assert.Equal("http://proxy:3128", invocation.Overrides.Proxy);
        Assert.Equal([new("a", "1"), new("b", "x=y")], invocation.Extras);
    }

    [Theory]
    [InlineData("-ail1attachedKEY")]
    [InlineData("-a=il1attachedKEY")]
    [InlineData("--apikey=il1attachedKEY")]
    [InlineData("--api-key=il1attachedKEY")]
    public void A_key_attached_to_its_option_is_the_key(string option)
    {
        var invocation = CommandLineParser.Parse(["-m", "save", option, "-dl/var/spool/x"], false);

        Assert.Equal("il1attachedKEY", invocation.Overrides.ApiKey);
        Assert.Equal("l/var/spool/x", invocation.Overrides.SpoolDirectory);
    }

    [Theory]
    [InlineData("-zil1secretKEY", "'-z'")]
    [InlineData("--nope=il1secretKEY", "'--nope'")]
    public void An_unknown_option_is_named_without_what_is_attached_to_it(string option, string named)
    {
        var error = Assert.Throws<UsageException>(() => CommandLineParser.Parse(["-m", "save", option], false));

        Assert.Contains("unknown option " + named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("il1secretKEY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown mode: got 'bogus'", "-m", "bogus")]
    [InlineData("option -p needs a whole number from 1 to 65535, got '0'", "-p", "0")]
    [InlineData("option -p needs a whole number from 1 to 65535, got 'http'", "-p", "http")]
    [InlineData("unknown option '--nope'", "--nope")]
    [InlineData("unexpected argument #1 (5 characters, not shown)", "stray")]
    [InlineData("option -a needs a value", "-a")]
    public void Bad_command_lines_say_what_is_wrong(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => CommandLineParser.Parse(args, true));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("-m", "save", "il1secretKEY0123456789")]
    [InlineData("send", "x=1", "il1secretKEY0123456789")]
    [InlineData("-m", "il1secretKEY0123456789")]
    [InlineData("-p", "il1secretKEY0123456789")]
    [InlineData("-t", "il1secretKEY0123456789")]
    [InlineData("status", "--warn", "il1secretKEY0123456789")]
    public void A_value_that_may_be_a_key_is_refused_without_being_shown(params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => CommandLineParser.Parse(args, false));

        Assert.DoesNotContain("il1secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("22 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_argument_is_named_by_its_position()
    {
        var error = Assert.Throws<UsageException>(() => CommandLineParser.Parse(["-m", "save", "il1secretKEY0123456789"], false));

        Assert.Contains("unexpected argument #3", error.Message, StringComparison.Ordinal);
    }
}
