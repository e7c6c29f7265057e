using IlertNotify.Checkmk;
using IlertNotify.Settings;

namespace IlertNotify.Tests.Unit;

/// <summary>The sync's settings file and the author of an acknowledgement notification, which the loop check reads.</summary>
public sealed class AckSyncSettingsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ilert-acksettings-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string FilePath => Path.Combine(directory, "etc", "ack-sync");

    [Fact]
    public void Round_trips_privately()
    {
        var settings = new AckSyncSettings("usr0123456789abcdefUSERKEY", new Uri("https://api.ilert.com"), "none", true, 10, "ilert-sync", "/var/lib/nagios4/rw/nagios.cmd");
        settings.Save(FilePath);
        Assert.Equal(settings, AckSyncSettings.Load(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
    }

    [Theory]
    [InlineData("a;b")]
    [InlineData("a\nb")]
    [InlineData(" ")]
    public void An_author_that_cannot_go_into_a_command_is_refused(string author)
    {
        var settings = new AckSyncSettings("usr0123456789abcdefUSERKEY", new Uri("https://api.ilert.com"), "none", true, 10, author, "");
        Assert.Throws<ConfigurationException>(() => settings.Save(FilePath));
        Assert.False(File.Exists(FilePath));
    }

    [Theory]
    [InlineData("author: ilert;x\n", "'author'")]
    [InlineData("timeout: 99\n", "'timeout'")]
    [InlineData("key: other\n", "given twice")]
    public void A_damaged_file_names_the_field_never_the_key(string change, string expected)
    {
        new AckSyncSettings("usr0123456789abcdefUSERKEY", new Uri("https://api.ilert.com"), "none", true, 10, "ilert", "").Save(FilePath);
        var lines = File.ReadAllLines(FilePath).Where(line => !line.StartsWith(change.Split(':')[0] + ":", StringComparison.Ordinal) || change.StartsWith("key", StringComparison.Ordinal));
        File.WriteAllText(FilePath, string.Join("\n", lines) + "\n" + change);

        var error = Assert.Throws<ConfigurationException>(() => AckSyncSettings.Load(FilePath));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("USERKEY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOTIFY_NOTIFICATIONAUTHOR", "ilert")]
    [InlineData("NAGIOS_NOTIFICATIONAUTHOR", "ilert")]
    [InlineData("NOTIFY_SERVICEACKAUTHOR", "ilert")]
    public void The_acknowledgements_author_is_read_where_cores_put_it(string variable, string author)
    {
        var prefix = variable[..(variable.IndexOf('_', StringComparison.Ordinal) + 1)];
        var context = new NotificationContext(new Dictionary<string, string>
        {
            [prefix + "NOTIFICATIONTYPE"] = "ACKNOWLEDGEMENT",
            [prefix + "HOSTNAME"] = "web01",
            [prefix + "SERVICEDESC"] = "HTTP",
            [variable] = author,
        });
        Assert.Equal(author, context.NotificationAuthor);
    }

    [Fact]
    public void An_unexpanded_macro_is_no_author()
    {
        var context = new NotificationContext(new Dictionary<string, string>(), [new("NOTIFICATIONTYPE", "ACKNOWLEDGEMENT"), new("HOSTNAME", "db01"), new("NOTIFICATIONAUTHOR", "$NOTIFICATIONAUTHOR$")]);
        Assert.Equal("", context.NotificationAuthor);
    }
}
