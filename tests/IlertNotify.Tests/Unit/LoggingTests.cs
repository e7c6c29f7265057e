using IlertNotify.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace IlertNotify.Tests.Unit;

public sealed class LoggingTests
{
    private sealed class RecordingSyslog : ISyslogWriter
    {
        public List<(int Priority, string Message)> Messages { get; } = [];
        public void Write(int priority, string message) => Messages.Add((priority, message));
    }

    [Theory]
    [InlineData(LogEventLevel.Debug, 15)]
    [InlineData(LogEventLevel.Information, 14)]
    [InlineData(LogEventLevel.Warning, 12)]
    [InlineData(LogEventLevel.Error, 11)]
    [InlineData(LogEventLevel.Fatal, 10)]
    public void Levels_map_to_user_facility_priorities(LogEventLevel level, int priority)
    {
        var syslog = new RecordingSyslog();
        using var logger = new LoggerConfiguration().MinimumLevel.Verbose()
            .WriteTo.Syslog(new MessageTemplateTextFormatter("{Message:lj}"), syslog).CreateLogger();

        logger.Write(level, "hello {Name}", "world");

        Assert.Equal([(priority, "hello world")], syslog.Messages);
    }

    [Fact]
    public void A_multi_line_message_becomes_one_syslog_line_and_secrets_are_masked()
    {
        var syslog = new RecordingSyslog();
        var masker = new SecretMasker();
        masker.Add("topsecretkey1234");
        using var logger = new LoggerConfiguration()
            .WriteTo.Syslog(new MaskingFormatter(new MessageTemplateTextFormatter("{Message:lj}"), masker), syslog).CreateLogger();

        logger.Error("line one\r\nkey topsecretkey1234 in %s %n {X}", "text");

        var (_, message) = Assert.Single(syslog.Messages);
        Assert.Equal("line one key ****1234 in %s %n text", message);
    }

    [Theory]
    [InlineData("abcd", "****")]
    [InlineData("12345678", "****")]
    [InlineData("il1api0123456789abcdef", "****cdef")]
    public void Masks_keep_at_most_the_last_four_characters_of_long_secrets(string secret, string mask)
    {
        Assert.Equal(mask, SecretMasker.Mask(secret));
    }

    [Fact]
    public void Stdout_lines_are_masked_and_flushed_one_by_one()
    {
        var masker = new SecretMasker();
        masker.Add("secretsecret");
        using var output = new StringWriter();
        using (var logger = LoggerSetup.Create(masker, output, LogEventLevel.Information))
        {
            logger.Information("using {Key}", "secretsecret");
            logger.Debug("not shown");
        }

        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[INF\] using \*\*\*\*cret\n$", output.ToString());
    }

    [Theory]
    [InlineData("web01", "web01")]
    [InlineData("a\nb\r\tc", "a\\nb\\r\\tc")]
    [InlineData("esc\u001b[2J", "esc\\x1b[2J")]
    [InlineData("del\u007f c1\u0085 ls\u2028", "del\\x7f c1\\x85 ls\\u2028")]
    [InlineData("Größe ✓", "Größe ✓")]
    public void Control_characters_in_logged_text_are_escaped_and_everything_else_kept(string text, string logged)
    {
        Assert.Equal(logged, LogText.Escape(text));
    }

    [Fact]
    public void A_property_with_a_newline_stays_on_one_line_and_a_secret_inside_it_is_still_masked()
    {
        var masker = new SecretMasker();
        masker.Add("key\nwith-newline-9876");
        using var output = new StringWriter();
        using (var logger = LoggerSetup.Create(masker, output, LogEventLevel.Information))
        {
            logger.Information("host {Host} answered {Answer}", "evil\nforged line", "echo key\nwith-newline-9876");
        }

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("host evil\\nforged line answered echo ****9876", line);
    }

    [Theory]
    [InlineData("a&b<c>d\"e'f-1234")]
    [InlineData("plus+slash/space 5678")]
    public void Every_encoding_of_a_secret_is_masked(string secret)
    {
        var masker = new SecretMasker();
        masker.Add(secret);
        var forms = new[]
        {
            secret,
            System.Net.WebUtility.HtmlEncode(secret),
            Uri.EscapeDataString(secret),
            System.Text.Json.JsonEncodedText.Encode(secret).Value,
        };

        foreach (var form in forms)
        {
            Assert.Equal("[" + SecretMasker.Mask(secret) + "]", masker.Apply("[" + form + "]"));
        }
    }

    private const string EchoedSecret = "il1 key/é'0123456789";

    [Theory]
    [InlineData("il1+key%2f%c3%a9%270123456789")]
    [InlineData("il1%20key%2F%C3%A9%270123456789")]
    [InlineData("il1+key%2F%c3%A9'0123456789")]
    [InlineData("il1 key\\/\\u00e9\\u00270123456789")]
    [InlineData("il1 key/\\u00E9\\u00270123456789")]
    [InlineData("il1 key/&#233;&#39;0123456789")]
    [InlineData("il1 key&#x2f;&#xE9;&#X27;0123456789")]
    [InlineData("il1&#32;key/&eacute;&apos;0123456789")]
    public void A_secret_echoed_in_any_form_of_percent_json_or_html_escaping_is_masked(string echoed)
    {
        var masker = new SecretMasker();
        masker.Add(EchoedSecret);

        Assert.Equal("key [****6789] echoed", masker.Apply("key [" + echoed + "] echoed"));
    }

    [Theory]
    [InlineData("a+b %41%42 &#39;x&amp; \\u0041\\n 100% &#; \\u12")]
    [InlineData("il1 key/é'012345678")]
    public void Text_without_a_secret_is_left_exactly_as_it_was(string text)
    {
        var masker = new SecretMasker();
        masker.Add(EchoedSecret);

        Assert.Equal(text, masker.Apply(text));
    }

    [Fact]
    public void A_secret_with_a_plus_echoed_with_other_characters_escaped_is_masked()
    {
        var masker = new SecretMasker();
        masker.Add("il1+key/é0123456789");

        Assert.Equal("[****6789]", masker.Apply("[il1+key\\/\\u00e90123456789]"));
        Assert.Equal("[****6789]", masker.Apply("[il1%2Bkey%2F%C3%A90123456789]"));
    }
}
