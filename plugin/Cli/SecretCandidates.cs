using IlertNotify.Checkmk;
using IlertNotify.Settings;

namespace IlertNotify.Cli;

/// <summary>
/// Every value that may be the API key, known before the command line is even parsed: so that no log line,
/// not even a configuration error about another field the key was pasted into, can show it.
/// </summary>
internal static class SecretCandidates
{
    private static readonly string[] KeyOptions = CliOptions.All.Where(option => option.Secret).SelectMany(option => option.Names).ToArray();

    public static IEnumerable<string> From(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> variables)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (KeyOptions.Contains(args[i], StringComparer.Ordinal) && i + 1 < args.Count)
            {
                yield return args[i + 1];
            }
            // The reference's attached form: -aKEY, -a=KEY.
            foreach (var option in KeyOptions.Where(o => o.Length == 2 && args[i].Length > 2 && args[i].StartsWith(o, StringComparison.Ordinal)))
            {
                yield return args[i][2] == '=' ? args[i][3..] : args[i][2..];
            }
            foreach (var option in KeyOptions.Where(o => o.StartsWith("--", StringComparison.Ordinal)))
            {
                if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
                {
                    yield return args[i][(option.Length + 1)..];
                }
            }
        }
        foreach (var pager in PagerCandidates(args, variables))
        {
            yield return pager;
        }
        var parameters = new NotificationParameters(variables);
        if (parameters.Get("1") is { } listFormKey)
        {
            yield return listFormKey;
        }
        if (TypedApiKey(parameters) is { } typed)
        {
            yield return typed;
        }
    }

    /// <summary>iLert's Nagios/Icinga configurations put the key in the contact's pager: a variable or an argument.</summary>
    private static IEnumerable<string> PagerCandidates(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var name in PagerKey.VariableNames)
        {
            if (variables.GetValueOrDefault(name) is { } value)
            {
                yield return value;
            }
        }
        foreach (var name in PagerKey.VariableNames.Append(PagerKey.ArgumentName))
        {
            foreach (var arg in args.Where(arg => arg.StartsWith(name + "=", StringComparison.Ordinal)))
            {
                yield return arg[(name.Length + 1)..];
            }
        }
    }

    private static string? TypedApiKey(NotificationParameters parameters)
    {
        try
        {
            return PasswordReference.Read(parameters, SettingsResolver.ApiKeyParameter) is PasswordReference.Explicit typed ? typed.Secret : null;
        }
        catch (ConfigurationException)
        {
            return null;
        }
    }
}
