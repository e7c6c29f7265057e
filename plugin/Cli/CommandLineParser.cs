using System.Globalization;
using IlertNotify.Settings;

namespace IlertNotify.Cli;

/// <summary>
/// Parses our commands and, unchanged, the flags of iLert's reference plugin <c>ilert_nagios.py</c>
/// (<c>-m save|send|nagios|cron -a -e -p -d -k -x key=value</c>), so existing cron lines keep working.
/// </summary>
internal static class CommandLineParser
{
    private static readonly Dictionary<string, Command> CommandNames = new(StringComparer.Ordinal)
    {
        ["save"] = Command.Save,
        ["nagios"] = Command.Save,
        ["send"] = Command.Send,
        ["cron"] = Command.Send,
        ["status"] = Command.Status,
        ["setup"] = Command.Setup,
        ["queue"] = Command.Queue,
        ["help"] = Command.Help,
        ["version"] = Command.Version,
    };

    /// <param name="args">The process arguments.</param>
    /// <param name="hasNotificationContext">True when Checkmk's <c>NOTIFY_*</c> variables are set: no command then means <c>save</c>.</param>
    public static Invocation Parse(IReadOnlyList<string> args, bool hasNotificationContext)
    {
        Command? command = null;
        QueueAction? queueAction = null;
        var invocation = new Invocation();
        var extras = new List<KeyValuePair<string, string>>();

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitAttachedValue(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option {name} needs a value"));

            switch (name)
            {
                case "-h" or "--help":
                    command = Command.Help;
                    break;
                case "-V" or "--version":
                    command = Command.Version;
                    break;
                case "-m" or "--mode":
                    var mode = Value();
                    command = CommandNames.TryGetValue(mode, out var byMode) && byMode is Command.Save or Command.Send
                        ? byMode
                        : throw new UsageException($"unknown mode: got {Shown(mode)}, expected save, send, nagios or cron");
                    break;
                case "-a" or "--apikey" or "--api-key":
                    invocation = invocation with { Overrides = invocation.Overrides with { ApiKey = Value() } };
                    break;
                case "-e" or "--endpoint":
                    invocation = invocation with { Overrides = invocation.Overrides with { Endpoint = Value() } };
                    break;
                case "-p" or "--port":
                    invocation = invocation with { Overrides = invocation.Overrides with { Port = ParseNumber(name, Value(), 1, 65535) } };
                    break;
                case "-d" or "--dir" or "--spool-dir":
                    invocation = invocation with { Overrides = invocation.Overrides with { SpoolDirectory = Value() } };
                    break;
                case "-k" or "--insecure":
                    invocation = invocation with { Overrides = invocation.Overrides with { DisableTlsVerification = true } };
                    break;
                case "-x" or "--proxy":
                    invocation = invocation with { Overrides = invocation.Overrides with { Proxy = Value() } };
                    break;
                case "-t" or "--timeout":
                    invocation = invocation with { Overrides = invocation.Overrides with { TimeoutSeconds = ParseNumber(name, Value(), 1, 600) } };
                    break;
                case "--source-type":
                    invocation = invocation with { Overrides = invocation.Overrides with { SourceType = Value() } };
                    break;
                case "--rate-limit":
                    invocation = invocation with { Overrides = invocation.Overrides with { RateLimit = ParseNumber(name, Value(), 1, 100_000) } };
                    break;
                case "--rate-window":
                    invocation = invocation with { Overrides = invocation.Overrides with { RateWindowSeconds = ParseNumber(name, Value(), 1, 3600) } };
                    break;
                case "--types":
                    invocation = invocation with { Overrides = invocation.Overrides with { NotificationTypes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } };
                    break;
                case "--bulk":
                    invocation = invocation with { Bulk = true };
                    break;
                case "--check":
                    invocation = invocation with { Check = true };
                    break;
                case "--warn":
                    invocation = invocation with { WarnAgeSeconds = ParseNumber(name, Value(), 1, int.MaxValue) };
                    break;
                case "--crit":
                    invocation = invocation with { CritAgeSeconds = ParseNumber(name, Value(), 1, int.MaxValue) };
                    break;
                case "--heartbeat":
                    invocation = invocation with { Heartbeat = Value() };
                    break;
                case "--heartbeat-remove":
                    invocation = invocation with { HeartbeatRemove = true };
                    break;
                case "--heartbeat-max-age":
                    invocation = invocation with { HeartbeatMaxAgeSeconds = ParseNumber(name, Value(), HeartbeatSettings.MinQueueAgeSeconds, HeartbeatSettings.MaxQueueAgeSeconds) };
                    break;
                case "--remove":
                    invocation = invocation with { Remove = true };
                    break;
                case "--all" when command == Command.Queue:
                    invocation = invocation with { Queue = QueueOf(invocation) with { All = true } };
                    break;
                case "--incident" when command == Command.Queue:
                    invocation = invocation with { Queue = QueueOf(invocation) with { Incident = Value() } };
                    break;
                case "--older-than" when command == Command.Queue:
                    invocation = invocation with { Queue = QueueOf(invocation) with { OlderThanSeconds = ParseNumber(name, Value(), 0, int.MaxValue) } };
                    break;
                case "--key-from-stdin" when command == Command.Queue:
                    invocation = invocation with { Queue = QueueOf(invocation) with { KeyFromStdin = true } };
                    break;
                case "--failed" when command == Command.Queue:
                    invocation = invocation with { Queue = QueueOf(invocation) with { Failed = true } };
                    break;
                default:
                    if (name.StartsWith('-'))
                    {
                        // Only the option's name: what is attached to it may be a key typed into the wrong option.
                        throw new UsageException($"unknown option '{(name.StartsWith("--", StringComparison.Ordinal) ? name : name[..Math.Min(2, name.Length)])}'");
                    }
                    var equals = args[i].IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        extras.Add(new(args[i][..equals], args[i][(equals + 1)..]));
                    }
                    else if (command is null && CommandNames.TryGetValue(args[i], out var byName))
                    {
                        command = byName;
                    }
                    else if (command == Command.Queue && queueAction is null && QueueActions.TryGetValue(args[i], out var action))
                    {
                        queueAction = action;
                    }
                    else
                    {
                        // Never shown: a key given without -a lands here.
                        throw new UsageException($"unexpected argument #{i + 1} ({args[i].Length} characters, not shown); extras are given as name=value, the key with -a");
                    }
                    break;
            }
        }

        command ??= hasNotificationContext || invocation.Bulk ? Command.Save : Command.Help;
        if (command == Command.Queue)
        {
            invocation = invocation with { Queue = QueueOf(invocation) with { Action = queueAction ?? QueueAction.List } };
        }
        return invocation with { Command = command.Value, Extras = extras };
    }

    private static readonly Dictionary<string, QueueAction> QueueActions = new(StringComparer.Ordinal)
    {
        ["list"] = QueueAction.List,
        ["retry"] = QueueAction.Retry,
        ["purge"] = QueueAction.Purge,
        ["retarget"] = QueueAction.Retarget,
    };

    private static QueueRequest QueueOf(Invocation invocation) => invocation.Queue ?? new QueueRequest();

    // The reference's short options that take a value: argparse also accepts it attached (-aKEY).
    private static readonly string[] ShortOptionsWithValue = ["-m", "-a", "-e", "-p", "-d", "-x", "-t"];

    /// <summary><c>--name=value</c>, and the reference's <c>-aVALUE</c> / <c>-a=VALUE</c>, into name and value.</summary>
    private static (string Name, string? InlineValue) SplitAttachedValue(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
        {
            return (arg[..eq], arg[(eq + 1)..]);
        }
        if (arg.Length > 2 && ShortOptionsWithValue.Contains(arg[..2]))
        {
            return (arg[..2], arg[2] == '=' ? arg[3..] : arg[2..]);
        }
        return (arg, null);
    }

    private static int ParseNumber(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"option {option} needs a whole number from {min} to {max}, got {Shown(text)}");

    // A key typed into the wrong option must not reach stdout and syslog; a typo such as 'sned' or '0' may.
    private const int LongestShownValue = 8;

    private static string Shown(string value) =>
        value.Length <= LongestShownValue ? $"'{value}'" : $"{value.Length} characters (not shown)";
}
