using System.Text.RegularExpressions;

namespace IlertNotify.Tests.Support;

/// <summary>
/// What a monitoring core handed a notification command (the recorder's dump of its arguments and environment), and
/// what iLert's reference plugin <c>ilert_nagios.py</c> 1.7 would send for it: its rules written out here, apart from
/// the notifier's code, so that a test compares the two.
/// </summary>
public sealed partial record CoreRecord(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    private static readonly string[] ContextMarks = ["NAGIOS_", "ICINGA_", "NOTIFY_"];

    // The reference's argparse options that take a value; the payload (argparse REMAINDER) starts at the first other word.
    private static readonly string[] ValueOptions = ["-m", "--mode", "-a", "--apikey", "-e", "--endpoint", "-p", "--port", "-d", "--dir", "-x", "--proxy"];

    /// <summary>PLUGIN_VERSION, every variable whose name contains NAGIOS_, ICINGA_ or NOTIFY_, then K=V arguments (they win).</summary>
    public IReadOnlyDictionary<string, string> ReferencePayload()
    {
        var payload = new Dictionary<string, string>(StringComparer.Ordinal) { ["PLUGIN_VERSION"] = "1.7" };
        foreach (var (name, value) in Environment.Where(pair => ContextMarks.Any(mark => pair.Key.Contains(mark, StringComparison.Ordinal))))
        {
            payload[name] = value;
        }
        foreach (var word in Payload())
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            payload[word[..equals]] = word[(equals + 1)..];
        }
        return payload;
    }

    /// <summary><c>-a</c>, then the payload's NAGIOS_CONTACTPAGER, ICINGA_CONTACTPAGER, CONTACTPAGER (present, even if empty).</summary>
    public string? ReferenceApiKey()
    {
        var payload = ReferencePayload();
        return OptionValue("-a", "--apikey")
            ?? new[] { "NAGIOS_CONTACTPAGER", "ICINGA_CONTACTPAGER", "CONTACTPAGER" }.Where(payload.ContainsKey).Select(name => payload[name]).FirstOrDefault();
    }

    public (string Type, string Host, string Service) Identity => IdentityOf(ReferencePayload());

    /// <summary>Which notification a payload describes, whichever wiring named its entries (Nagios leaves an unresolvable macro as <c>$NAME$</c>).</summary>
    public static (string Type, string Host, string Service) IdentityOf(IReadOnlyDictionary<string, string> entries)
    {
        string First(string macro) => new[] { "NAGIOS_" + macro, "ICINGA_" + macro, macro }
            .Select(name => entries.GetValueOrDefault(name, "")).FirstOrDefault(value => value.Length > 0 && !(value.StartsWith('$') && value.EndsWith('$')), "");
        return (First("NOTIFICATIONTYPE").ToUpperInvariant(), First("HOSTNAME"), First("SERVICEDESC"));
    }

    /// <summary>
    /// The payload's entries equal the reference's, PLUGIN_VERSION aside (ours names our release). Clock macros may
    /// differ in their digits: the core computes them for each command, and its two commands can straddle a second.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(IReadOnlyDictionary<string, string> received)
    {
        var expected = ReferencePayload();
        var differences = new List<string>();
        foreach (var name in expected.Keys.Union(received.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.GetValueOrDefault(name);
            var got = received.GetValueOrDefault(name);
            if (want is null || got is null)
            {
                differences.Add($"{name}: expected {want ?? "(absent)"}, received {got ?? "(absent)"}");
            }
            else if (name != "PLUGIN_VERSION" && want != got && !(IsClockMacro(name) && Digits().Replace(want, "#") == Digits().Replace(got, "#")))
            {
                differences.Add($"{name}: expected '{want}', received '{got}'");
            }
        }
        return differences;
    }

    public static CoreRecord Read(string environmentFile)
    {
        static string[] Fields(string path) => File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var environment = Fields(environmentFile).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal);
        return new CoreRecord(Fields(Path.ChangeExtension(environmentFile, ".args")), environment);
    }

    private static bool IsClockMacro(string name) => name.Contains("TIME", StringComparison.Ordinal) || name.Contains("DATE", StringComparison.Ordinal) || name.Contains("DURATION", StringComparison.Ordinal);

    private IEnumerable<string> Payload() => Arguments.Skip(PayloadStart());

    private int PayloadStart()
    {
        var i = 0;
        while (i < Arguments.Count && Arguments[i].StartsWith('-'))
        {
            i += ValueOptions.Contains(Arguments[i]) ? 2 : 1;
        }
        return Math.Min(i, Arguments.Count);
    }

    private string? OptionValue(params string[] names)
    {
        string? value = null;
        for (var i = 0; i + 1 < PayloadStart(); i++)
        {
            if (names.Contains(Arguments[i]))
            {
                value = Arguments[++i];
            }
        }
        return value;
    }

    [GeneratedRegex("[0-9]")]
    private static partial Regex Digits();
}
