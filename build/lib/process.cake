// The one process wrapper of the build: runs a tool, captures stdout and stderr, never throws on a non-zero exit.

/// <summary>What a finished process left: its exit code and its output lines (stdout, stderr).</summary>
public sealed record ProcessResult(int Exit, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    /// <summary>stdout then stderr, one string.</summary>
    public string Output => string.Join("\n", Stdout.Concat(Stderr));

    public void Deconstruct(out int exit, out string output) { exit = Exit; output = Output; }
}

public static class Processes
{
    /// <param name="silent">false: Cake logs the command line (cake.config ShowProcessCommandLine).</param>
    public static ProcessResult Run(ICakeContext context, string tool, string arguments, IDictionary<string, string> env = null,
        DirectoryPath workingDirectory = null, bool silent = true)
    {
        var exit = context.StartProcess(tool, new ProcessSettings
        {
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            EnvironmentVariables = env,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Silent = silent,
        }, out var stdout, out var stderr);
        return new ProcessResult(exit, stdout.ToList(), stderr.ToList());
    }
}
