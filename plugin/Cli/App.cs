using System.Collections;
using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Logging;
using IlertNotify.Site;
using IlertNotify.Spool;
using Serilog.Events;

namespace IlertNotify.Cli;

/// <summary>Parses the call, runs the command, and turns failures into the exit codes Checkmk understands.</summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args, IDictionary environment, TextReader stdin, TextWriter stdout)
    {
        var variables = environment.Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "", StringComparer.Ordinal);
        var masker = new SecretMasker();
        var level = variables.GetValueOrDefault("ILERT_NOTIFY_DEBUG") is { Length: > 0 } ? LogEventLevel.Debug : LogEventLevel.Information;
        using var log = LoggerSetup.Create(masker, stdout, level);
        var delivery = new DeliveryOptions { TrustedRoots = TrustedRoots.For(SitePaths.From(variables)?.CaBundle, variables.GetValueOrDefault("SSL_CERT_FILE")) };
        var env = new CommandContext(variables, stdin, stdout, log, masker, TimeProvider.System, delivery);

        // Before anything can fail and log: a key pasted into another field, or given with -a, is masked from line one.
        foreach (var secret in SecretCandidates.From(args, variables))
        {
            masker.Add(secret);
        }

        Invocation invocation;
        try
        {
            invocation = CommandLineParser.Parse(args, variables.Keys.Any(NotificationContext.IsCheckmkVariable));
            masker.Add(invocation.Overrides.ApiKey);
        }
        catch (UsageException e)
        {
            log.Error("{Error}. Run 'ilert-notify --help'.", e.Message);
            return ExitCodes.Permanent;
        }

        try
        {
            return invocation.Command switch
            {
                Command.Version => Print(stdout, AppInfo.Version),
                Command.Help => Print(stdout, HelpText.Usage),
                Command.Save => await SaveCommand.RunAsync(invocation, env).ConfigureAwait(false),
                Command.Send => await SendCommand.RunAsync(invocation, env).ConfigureAwait(false),
                Command.Status => StatusCommand.Run(invocation, env),
                Command.Setup => SetupCommand.Run(invocation, env),
                Command.Queue => QueueCommand.Run(invocation, env),
                _ => ExitCodes.Permanent,
            };
        }
        catch (ConfigurationException e)
        {
            log.Error("Configuration error: {Error}", e.Message);
            return ExitCodes.Permanent;
        }
        catch (UsageException e)
        {
            log.Error("{Error}. Run 'ilert-notify --help'.", e.Message);
            return ExitCodes.Permanent;
        }
        catch (SpoolException e)
        {
            log.Error(invocation.Command is Command.Save ? "Event NOT spooled: {Error}" : "Spool not usable: {Error}", e.Message);
            return ExitCodes.NotSpooled;
        }
        catch (WrongUserException e)
        {
            log.Error("Refused: {Error}", e.Message);
            return ExitCodes.Permanent;
        }
        catch (Exception e)
        {
            // Never a stack trace on a user's terminal or in notify.log; a save that got here spooled nothing yet.
            log.Error("Unexpected error ({Kind}): {Error}", e.GetType().Name, e.Message);
            return ExitCodes.NotSpooled;
        }
    }

    private static int Print(TextWriter stdout, string text)
    {
        stdout.WriteLine(text);
        return ExitCodes.Ok;
    }
}
