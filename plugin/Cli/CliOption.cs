namespace IlertNotify.Cli;

/// <summary>
/// One command-line option, declared once (<see cref="CliOptions.All"/>): its names, the value it takes, the commands
/// it belongs to, its help, whether its value may be an API key, and what it does to the invocation. The parser,
/// <c>--help</c> and the secret list all read this declaration.
/// </summary>
/// <param name="Names">Short and long spellings, e.g. <c>-a</c>, <c>--apikey</c>, <c>--api-key</c>.</param>
/// <param name="Value">The value's name in <c>--help</c>, or null for a flag.</param>
/// <param name="Commands">Where the option means something; anywhere else it is refused (exit 2).</param>
/// <param name="Help">What it does, as <c>--help</c> prints it (lines broken with <c>\n</c>).</param>
/// <param name="Apply">Sets it on the invocation (a flag gets an empty value).</param>
/// <param name="Secret">Its value may be a key: masked in every log line, from before the command line is parsed.</param>
internal sealed record CliOption(string[] Names, string? Value, Command[] Commands, string Help, Func<Invocation, string, string, Invocation> Apply, bool Secret = false)
{
    public bool TakesValue => Value is not null;

    /// <summary>The one-letter spelling (<c>-a</c>), if any: iLert's reference plugin also takes its value attached (<c>-aKEY</c>).</summary>
    public string? ShortName => Names.FirstOrDefault(name => name.Length == 2 && name[0] == '-' && name[1] != '-');
}
