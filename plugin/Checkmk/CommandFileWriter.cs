using System.Text;

namespace IlertNotify.Checkmk;

/// <summary>
/// A Nagios/Icinga core's external command file (a FIFO such as <c>nagios.cmd</c>): one line <c>[time] COMMAND</c>,
/// written in one write (below PIPE_BUF, so lines of concurrent writers never mix). It cannot be queried: the core itself
/// ignores an acknowledgement for an object that is OK or unknown. Never created: a missing file means a stopped core.
/// </summary>
internal sealed class CommandFileWriter(string path, TimeSpan openTimeout) : ICoreChannel
{
    public string Describe => "command file " + path;

    public bool CanQuery => false;

    public Task<MonitoredObject?> QueryAsync(string host, string service, CancellationToken cancellationToken) =>
        Task.FromResult<MonitoredObject?>(null);

    public async Task SendAsync(string command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CoreUnavailableException($"the core's command file {path} does not exist: is the core running?");
        }
        var line = Encoding.UTF8.GetBytes(CoreCommands.Timestamped(command, now) + "\n");
        // Opening a FIFO blocks until the core reads it: bounded, and the open left to finish or fail on its own.
        var write = Task.Run(() =>
        {
            using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 });
            stream.Write(line);
        }, CancellationToken.None);
        try
        {
            await write.WaitAsync(openTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new CoreUnavailableException($"nobody reads the command file {path} (no core running?)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CoreUnavailableException($"cannot write the command file {path}: {e.Message}", e);
        }
    }
}
