using System.Diagnostics;

namespace IlertNotify.Tests.Support;

public sealed record NotifierResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs the notifier the way Checkmk does: a fresh process, a site-like environment plus NOTIFY_*.</summary>
public static class NotifierProcess
{
    public static Process Start(string binary, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? args = null, bool redirectStdin = false)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    public static async Task<NotifierResult> RunAsync(string binary, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? args = null, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(binary, environment, args, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"notifier did not exit in time; output so far:\n{await stdout}{await stderr}");
        }
        return new NotifierResult(process.ExitCode, await stdout, await stderr);
    }
}
