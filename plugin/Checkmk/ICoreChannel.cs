namespace IlertNotify.Checkmk;

/// <summary>How the sync talks to the monitoring core: livestatus in a Checkmk site, the external command file elsewhere.</summary>
internal interface ICoreChannel
{
    /// <summary>For the log and status: the socket or the command file.</summary>
    string Describe { get; }

    /// <summary>Whether <see cref="QueryAsync"/> can say anything (a command file cannot).</summary>
    bool CanQuery { get; }

    /// <returns>The object's state, or null when the core does not know it (removed, renamed).</returns>
    /// <exception cref="CoreUnavailableException">The core cannot be reached (site stopped, socket missing).</exception>
    Task<MonitoredObject?> QueryAsync(string host, string service, CancellationToken cancellationToken);

    /// <summary>Hands one command (without its timestamp) to the core; the core does not answer.</summary>
    /// <exception cref="CoreUnavailableException">The core cannot be reached.</exception>
    Task SendAsync(string command, DateTimeOffset now, CancellationToken cancellationToken);
}
