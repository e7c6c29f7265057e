using System.Diagnostics;
using IlertNotify.Checkmk;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>Telling the core: livestatus against a protocol stand-in on a real unix socket, the command file on a real FIFO.</summary>
public sealed class CoreChannelTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly string directory = Directory.CreateTempSubdirectory("ilert-core-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Livestatus_answers_state_and_acknowledged_of_a_service_and_a_host()
    {
        using var live = new FakeLivestatus(Path.Combine(directory, "live"));
        live.Set("web01", "HTTP", 2);
        live.Set("db01", "", 1, acknowledged: true);
        var client = new LivestatusClient(live.Path);

        Assert.Equal(new MonitoredObject(2, false), await client.QueryAsync("web01", "HTTP", default));
        Assert.Equal(new MonitoredObject(1, true), await client.QueryAsync("db01", "", default));
        Assert.Null(await client.QueryAsync("web01", "gone", default));
        Assert.Equal("GET services\nColumns: state acknowledged\nFilter: host_name = web01\nFilter: description = HTTP\nOutputFormat: json\nResponseHeader: fixed16", live.Queries[0]);
        Assert.Equal("GET hosts\nColumns: state acknowledged\nFilter: name = db01\nOutputFormat: json\nResponseHeader: fixed16", live.Queries[1]);
    }

    [Fact]
    public async Task Livestatus_takes_an_acknowledgement_as_checkmk_documents_it()
    {
        using var live = new FakeLivestatus(Path.Combine(directory, "live"));
        live.Set("web01", "HTTP", 2);
        var client = new LivestatusClient(live.Path);

        await client.SendAsync(CoreCommands.Acknowledge("web01", "HTTP", "ilert", "Accepted in iLert by Jane; Doe\n(x)"), Now, default);
        await WaitFor(() => live.Commands.Count == 1);

        Assert.Equal("COMMAND [1800000000] ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ilert;Accepted in iLert by Jane, Doe (x)", live.Commands[0]);
        Assert.Equal(new MonitoredObject(2, true), await client.QueryAsync("web01", "HTTP", default));
    }

    [Theory]
    [InlineData("web01;web02", "HTTP")]
    [InlineData("web01", "HTTP\nCOMMAND [1] SHUTDOWN_PROGRAM")]
    [InlineData("web01\n", "")]
    [InlineData("", "HTTP")]
    public void Names_that_would_break_a_command_are_refused(string host, string service)
    {
        Assert.Throws<ArgumentException>(() => CoreCommands.Acknowledge(host, service, "ilert", "c"));
    }

    [Fact]
    public void A_host_acknowledgement_has_no_service_field()
    {
        Assert.Equal("ACKNOWLEDGE_HOST_PROBLEM;db01;2;1;1;ilert;on it", CoreCommands.Acknowledge("db01", "", "ilert", "on it"));
    }

    [Fact]
    public async Task A_missing_socket_means_the_site_is_stopped()
    {
        var client = new LivestatusClient(Path.Combine(directory, "no-such-socket"));
        await Assert.ThrowsAsync<CoreUnavailableException>(() => client.QueryAsync("web01", "HTTP", default));
    }

    [Fact]
    public async Task The_command_file_gets_one_timestamped_line()
    {
        var fifo = MakeFifo();
        var reading = Task.Run(() => File.ReadAllText(fifo));
        var writer = new CommandFileWriter(fifo, TimeSpan.FromSeconds(10));

        await writer.SendAsync(CoreCommands.Acknowledge("web01", "HTTP", "ilert", "Accepted"), Now, default);

        Assert.Equal("[1800000000] ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ilert;Accepted\n", await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_missing_command_file_is_not_created()
    {
        var path = Path.Combine(directory, "nagios.cmd");
        await Assert.ThrowsAsync<CoreUnavailableException>(() => new CommandFileWriter(path, TimeSpan.FromSeconds(1)).SendAsync("X", Now, default));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_command_file_nobody_reads_costs_at_most_its_timeout()
    {
        var fifo = MakeFifo();
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<CoreUnavailableException>(() => new CommandFileWriter(fifo, TimeSpan.FromSeconds(1)).SendAsync("X", Now, default));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        // Let the blocked open finish, so no thread outlives the test.
        File.ReadAllText(fifo);
    }

    private string MakeFifo()
    {
        var path = Path.Combine(directory, "nagios.cmd");
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        return path;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 10_000, "the stand-in did not get it");
            await Task.Delay(20);
        }
    }
}
