using IlertNotify.Settings;

namespace IlertNotify.Cli;

/// <summary>The parsed command line: which command, and the flags that override the rule's parameters.</summary>
internal sealed record Invocation
{
    public Command Command { get; init; } = Command.Help;

    /// <summary>Checkmk's bulk mode: parameters and notifications arrive on stdin.</summary>
    public bool Bulk { get; init; }

    /// <summary><c>status --check</c>: one Checkmk local-check line.</summary>
    public bool Check { get; init; }

    /// <summary><c>setup --remove</c>.</summary>
    public bool Remove { get; init; }

    /// <summary><c>setup --heartbeat KEY</c> (<c>-</c>: read it from stdin): the site's iLert heartbeat key.</summary>
    public string? Heartbeat { get; init; }

    /// <summary><c>setup --heartbeat-remove</c>.</summary>
    public bool HeartbeatRemove { get; init; }

    /// <summary><c>setup --heartbeat-max-age SEC</c>: a queued event older than this withholds the heartbeat.</summary>
    public int? HeartbeatMaxAgeSeconds { get; init; }

    /// <summary><c>setup --ack-sync KEY</c> (<c>-</c>: read it from stdin): an iLert user API key that may read alerts.</summary>
    public string? AckSync { get; init; }

    /// <summary><c>setup --ack-sync-remove</c>.</summary>
    public bool AckSyncRemove { get; init; }

    /// <summary><c>setup --ack-sync-author NAME</c>: who the acknowledgements are by (default <c>ilert</c>).</summary>
    public string? AckSyncAuthor { get; init; }

    /// <summary><c>setup --command-file PATH</c>: the core's external command file (plain Nagios/Icinga) instead of livestatus.</summary>
    public string? CommandFile { get; init; }

    /// <summary>The flags that override the rule's parameters.</summary>
    public SettingOverrides Overrides { get; init; } = new();

    /// <summary><c>queue list|retry|purge</c> with its selection.</summary>
    public QueueRequest? Queue { get; init; }

    public int? WarnAgeSeconds { get; init; }
    public int? CritAgeSeconds { get; init; }

    /// <summary><c>key=value</c> arguments, added to the event payload as the reference plugin does.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extras { get; init; } = [];
}
