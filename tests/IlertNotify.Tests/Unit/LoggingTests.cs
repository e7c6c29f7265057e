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
}
