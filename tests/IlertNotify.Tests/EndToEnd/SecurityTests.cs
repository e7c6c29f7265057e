using System.Net.Sockets;
using System.Text;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.EndToEnd;

public sealed class SecurityTests(PublishedNotifier notifier) : NotifierTestBase(notifier)
{
    [Fact]
    public async Task Spool_files_are_0600_in_0700_directories_even_with_umask_000()
    {
        var environment = ServiceNotification(DownEndpoint());

        var result = await NotifierProcess.RunAsync("/bin/sh", environment, ["-c", $"umask 000; exec '{Notifier.BinaryPath}'"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(SpoolDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(FailedDirectory));
        var file = Assert.Single(QueuedFiles());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task An_existing_world_readable_spool_is_made_private()
    {
        Directory.CreateDirectory(SpoolDirectory);
        File.SetUnixFileMode(SpoolDirectory, (UnixFileMode)0b111_111_111);

        var result = await SaveAsync(ServiceNotification(DownEndpoint()));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(SpoolDirectory));
    }

    [Fact]
    public async Task The_api_key_appears_in_no_log_line_whatever_happens()
    {
        await using var ilert = await FakeIlert.StartAsync();
        // A server that echoes the key back in its error, and a key given on the command line.
        ilert.Responder = e => new ScriptedResponse(400, $"bad request for key {e.ApiKey}");
        var outputs = new List<string>();

        outputs.Add((await SaveAsync(ServiceNotification(ilert.Endpoint))).Output);
        outputs.Add((await SaveAsync(ServiceNotification(DownEndpoint()))).Output);
        var flags = ServiceNotification("http://127.0.0.1:1");
        flags.Remove("NOTIFY_PARAMETER_API_KEY");
        outputs.Add((await SaveAsync(flags, "-a", ApiKey, "-e", "notaurl")).Output);
        outputs.Add((await SendAsync()).Output);
        outputs.Add(File.ReadAllText(Assert.Single(FailedFiles("*.reason"))));

        Assert.All(outputs, output => Assert.DoesNotContain(ApiKey, output));
        Assert.Contains("****CRET", outputs[0]);
    }

    [RootFact("it binds its own /dev/log in a private mount namespace")]
    public async Task Log_lines_reach_syslog_as_user_facility_with_ident_and_without_the_key()
    {
        await using var ilert = await FakeIlert.StartAsync();
        var socketPath = Path.Combine(WorkDirectory, "log.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var environment = ServiceNotification(ilert.Endpoint);
        environment["ILERT_NOTIFY_DEBUG"] = "1";

        // Give the notifier its own /dev/log: a private mount namespace with our socket bound over it.
        var createdMountPoint = !File.Exists("/dev/log");
        var script = $"[ -e /dev/log ] || touch /dev/log; mount --bind '{socketPath}' /dev/log && exec '{Notifier.BinaryPath}'";
        NotifierResult result;
        try
        {
            result = await NotifierProcess.RunAsync("unshare", environment, ["--mount", "--propagation", "private", "/bin/sh", "-c", script]);
        }
        finally
        {
            if (createdMountPoint)
            {
                File.Delete("/dev/log");
            }
        }

        Assert.True(result.ExitCode == 0, result.Output);
        var messages = new List<string>();
        var buffer = new byte[65536];
        while (socket.Available > 0)
        {
            var length = socket.Receive(buffer);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
        }
        Assert.Contains(messages, m => m.StartsWith("<14>", StringComparison.Ordinal) && m.Contains("ilert-notify[", StringComparison.Ordinal) && m.Contains("Spooled PROBLEM for web01/CPU load", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("<15>", StringComparison.Ordinal) && m.Contains("Delivered PROBLEM", StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain(ApiKey, m));
    }

    [Fact]
    public async Task A_key_echoed_across_the_cut_of_a_long_answer_is_masked_before_the_cut()
    {
        await using var ilert = await FakeIlert.StartAsync();
        // The answer is kept up to its 2,000th character: cut there, the key would lose only its last one.
        const int Cut = 2000;
        ilert.Responder = e => new ScriptedResponse(400, new string('x', Cut - (ApiKey.Length - 1)) + ApiKey + " trailing text");

        var save = await SaveAsync(ServiceNotification(ilert.Endpoint));

        Assert.True(save.ExitCode == 0, save.Output);
        var reason = File.ReadAllText(Assert.Single(FailedFiles("*.reason")));
        foreach (var text in new[] { reason, save.Stdout, save.Stderr })
        {
            Assert.DoesNotContain(ApiKey[..^1], text, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey[..12], text, StringComparison.Ordinal);
        }
        Assert.Contains("****CRET", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_echoed_percent_json_or_html_escaped_is_masked_everywhere()
    {
        const string Key = "il1api key/é'0123456789ECHO";
        await using var ilert = await FakeIlert.StartAsync();
        var echoes = new[]
        {
            "il1api+key%2f%c3%a9%270123456789ECHO",
            "il1api key\\/\\u00e9\\u00270123456789ECHO",
            "il1api key/&#xe9;&#39;0123456789ECHO",
            "il1api key/&#233;&#x27;0123456789ECHO",
        };
        ilert.Responder = e => new ScriptedResponse(400, "bad key " + string.Join(" and ", echoes));
        var environment = ServiceNotification(ilert.Endpoint);
        environment["NOTIFY_PARAMETER_API_KEY"] = "password\t" + Key;
        environment["NOTIFY_PARAMETER_API_KEY_2"] = Key;

        var save = await SaveAsync(environment);

        Assert.True(save.ExitCode == 0, save.Output);
        Assert.Equal(Key, Assert.Single(ilert.Arrivals).ApiKey);
        var reason = File.ReadAllText(Assert.Single(FailedFiles("*.reason")));
        foreach (var text in new[] { reason, save.Stdout, save.Stderr })
        {
            Assert.All(echoes, echo => Assert.DoesNotContain(echo, text, StringComparison.Ordinal));
            Assert.DoesNotContain("0123456789", text, StringComparison.Ordinal);
        }
        Assert.Contains("****ECHO and ****ECHO and ****ECHO and ****ECHO", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_passed_as_a_stray_argument_is_refused_without_being_shown()
    {
        var environment = ServiceNotification(DownEndpoint());

        var result = await SaveAsync(environment, "-m", "nagios", "il1strayKEY0123456789abcdef");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unexpected argument #3", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("il1strayKEY", result.Output, StringComparison.Ordinal);
    }
}
