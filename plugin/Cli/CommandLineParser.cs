namespace IlertNotify.Cli;

/// <summary>
/// Parses our commands and, unchanged, the flags of iLert's reference plugin <c>ilert_nagios.py</c>
/// (<c>-m save|send|nagios|cron -a -e -p -d -k -x key=value</c>), so existing cron lines keep working. The options
/// themselves are declared in <see cref="CliOptions"/>; an option given to a command it does not belong to is refused.
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

    private static readonly Dictionary<string, QueueAction> QueueActions = new(StringComparer.Ordinal)
    {
        ["list"] = QueueAction.List,
        ["retry"] = QueueAction.Retry,
        ["purge"] = QueueAction.Purge,
        ["retarget"] = QueueAction.Retarget,
    };

    /// <param name="args">The process arguments.</param>
    /// <param name="hasNotificationContext">True when Checkmk's <c>NOTIFY_*</c> variables are set: no command then means <c>save</c>.</param>
    public static Invocation Parse(IReadOnlyList<string> args, bool hasNotificationContext)
    {
        var words = Split(args);
        var command = CommandOf(words, hasNotificationContext);
        var invocation = new Invocation { Command = command };
        var extras = new List<KeyValuePair<string, string>>();
        var commandNamed = false;
        QueueAction? queueAction = null;

        foreach (var word in words)
        {
            if (word.Option is { } option)
            {
                if (command is not (Command.Help or Command.Version) && !option.Commands.Contains(command))
                {
                    throw new UsageException($"option {word.Name} does not apply to {Name(command)}");
                }
                invocation = option.Apply(invocation, word.Name, word.Value ?? "");
            }
            else if (word.Name is "-h" or "--help" or "-V" or "--version")
            {
                continue;
            }
            else if (word.Name.StartsWith('-'))
            {
                // Only the option's name: what is attached to it may be a key typed into the wrong option.
                throw new UsageException($"unknown option '{(word.Name.StartsWith("--", StringComparison.Ordinal) ? word.Name.Split('=')[0] : word.Name[..Math.Min(2, word.Name.Length)])}'");
            }
            else if (word.Name.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                extras.Add(new(word.Name[..equals], word.Name[(equals + 1)..]));
            }
            else if (!commandNamed && CommandNames.TryGetValue(word.Name, out var named) && named == command)
            {
                commandNamed = true;
            }
            else if (command == Command.Queue && queueAction is null && QueueActions.TryGetValue(word.Name, out var action))
            {
                queueAction = action;
            }
            else
            {
                // Never shown: a key given without -a lands here.
                throw new UsageException($"unexpected argument #{word.Position} ({word.Name.Length} characters, not shown); extras are given as name=value, the key with -a");
            }
        }
        if (command == Command.Queue)
        {
            invocation = invocation with { Queue = (invocation.Queue ?? new QueueRequest()) with { Action = queueAction ?? QueueAction.List } };
        }
        return invocation with { Extras = extras };
    }

    /// <summary>One argument as read: an option with its value (taken from the next argument or attached), or a word.</summary>
    private sealed record Word(string Name, CliOption? Option, string? Value, int Position);

    private static List<Word> Split(IReadOnlyList<string> args)
    {
        var words = new List<Word>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, attached) = SplitAttachedValue(args[i]);
            var option = CliOptions.Find(name);
            if (option is { TakesValue: false } && attached is not null)
            {
                throw new UsageException($"option {name} takes no value");
            }
            if (option is null || !option.TakesValue)
            {
                words.Add(new(option is null ? args[i] : name, option, null, i + 1));
                continue;
            }
            var value = attached ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option {name} needs a value"));
            words.Add(new(name, option, value, i + 1));
        }
        return words;
    }

    /// <summary>The command, before any option is applied: options are checked against it.</summary>
    private static Command CommandOf(List<Word> words, bool hasNotificationContext)
    {
        if (words.Any(word => word.Name is "-h" or "--help"))
        {
            return Command.Help;
        }
        if (words.Any(word => word.Name is "-V" or "--version"))
        {
            return Command.Version;
        }
        if (words.LastOrDefault(word => word.Option?.Names[0] == "-m") is { Value: { } mode })
        {
            return CommandNames.TryGetValue(mode, out var byMode) && byMode is Command.Save or Command.Send
                ? byMode
                : throw new UsageException($"unknown mode: got {CliOptions.Shown(mode)}, expected save, send, nagios or cron");
        }
        if (words.FirstOrDefault(word => word.Option is null && CommandNames.ContainsKey(word.Name)) is { } named)
        {
            return CommandNames[named.Name];
        }
        return hasNotificationContext || words.Any(word => word.Name == "--bulk") ? Command.Save : Command.Help;
    }

    private static string Name(Command command) => command.ToString().ToLowerInvariant();

    /// <summary><c>--name=value</c>, and the reference's <c>-aVALUE</c> / <c>-a=VALUE</c>, into name and value.</summary>
    private static (string Name, string? InlineValue) SplitAttachedValue(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
        {
            return (arg[..eq], arg[(eq + 1)..]);
        }
        if (arg.Length > 2 && CliOptions.Find(arg[..2]) is { TakesValue: true } shortOption && shortOption.ShortName == arg[..2])
        {
            return (arg[..2], arg[2] == '=' ? arg[3..] : arg[2..]);
        }
        return (arg, null);
    }
}
