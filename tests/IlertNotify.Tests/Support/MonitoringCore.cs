using System.Diagnostics;
using System.Text;

namespace IlertNotify.Tests.Support;

/// <summary>
/// A real monitoring core (Nagios 4, Icinga 2) running from its own temp dir with a generated configuration, as the
/// <c>nagios</c> user when the tests run as root (else as the current user), with a clean environment: the core hands
/// its own environment to notification commands. Every notification command runs a second time as a recorder that
/// dumps its arguments and environment into <see cref="RecordDirectory"/>.
/// </summary>
public abstract class MonitoringCore : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly StringBuilder output = new();
    private Process? process;

    protected MonitoringCore(string name)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"ilert-{name}-").FullName;
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
        System.IO.Directory.CreateDirectory(RecordDirectory);
        RecorderPath = Path.Combine(Directory, "record-notification");
        File.WriteAllText(RecorderPath, $"""
            #!/bin/sh
            f={RecordDirectory}/$(date +%s%N)-$$
            printf '%s\0' "$@" > "$f.args"
            env -0 > "$f.tmp" && mv "$f.tmp" "$f.env"

            """);
        File.SetUnixFileMode(RecorderPath, (UnixFileMode)0b111_101_101);
    }

    public static bool IsRoot => Environment.UserName == "root";

    public static string RunAsUser => IsRoot ? "nagios" : Environment.UserName;

    public string Directory { get; }
    public string RecordDirectory => Path.Combine(Directory, "records");
    public string RecorderPath { get; }
    public string SpoolDirectory => Path.Combine(Directory, "spool");

    /// <summary>The external command FIFO: present once the core reads commands.</summary>
    protected abstract string CommandFile { get; }

    /// <summary>Replaces <c>{program}</c>, <c>{endpoint}</c> and <c>{spool}</c> in a command line of the test's wiring.</summary>
    public string CommandLine(string template, string program, string endpoint) =>
        template.Replace("{program}", ReachableByCore(program), StringComparison.Ordinal)
            .Replace("{endpoint}", endpoint, StringComparison.Ordinal)
            .Replace("{spool}", SpoolDirectory, StringComparison.Ordinal);

    /// <summary>
    /// The core's user may not reach into the checkout (a CI clone below a 0700 directory): a native binary is copied
    /// into the core's directory. The arm64 lane's qemu wrapper and what it runs are staged world-readable already.
    /// </summary>
    private string ReachableByCore(string program)
    {
        if (!IsRoot || program.StartsWith(Directory, StringComparison.Ordinal) || File.ReadAllBytes(program).AsSpan().StartsWith("#!"u8))
        {
            return program;
        }
        var copy = Path.Combine(Directory, Path.GetFileName(program));
        File.Copy(program, copy, overwrite: true);
        File.SetUnixFileMode(copy, (UnixFileMode)0b111_101_101);
        return copy;
    }

    protected async Task StartAsync(string program, params string[] args)
    {
        if (IsRoot)
        {
            Run("chown", "-R", $"{RunAsUser}:{RunAsUser}", Directory);
        }
        var start = new ProcessStartInfo(IsRoot ? "setpriv" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var arg in (IsRoot ? ["--reuid=" + RunAsUser, "--regid=" + RunAsUser, "--init-groups", program] : Array.Empty<string>()).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await PollAsync(() => File.Exists(CommandFile), "its external command file");
    }

    /// <summary>One external command, as an admin or an add-on writes it into the core's command file.</summary>
    public async Task SubmitAsync(string command)
    {
        var line = $"[{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}] {command}\n";
        // Opening a FIFO blocks until the core reads it: bounded like every other wait.
        await Task.Run(() =>
        {
            using var fifo = new FileStream(CommandFile, FileMode.Open, FileAccess.Write);
            fifo.Write(Encoding.UTF8.GetBytes(line));
        }).WaitAsync(Deadline);
    }

    public IReadOnlyList<CoreRecord> Records() =>
        System.IO.Directory.GetFiles(RecordDirectory, "*.env").Order(StringComparer.Ordinal).Select(CoreRecord.Read).ToList();

    public async Task<CoreRecord> WaitForRecordAsync(string type, string host, string service)
    {
        CoreRecord? found = null;
        await PollAsync(() => (found = Records().LastOrDefault(r => r.Identity == (type, host, service))) is not null, $"a {type} notification for {host}/{service}");
        return found!;
    }

    /// <summary>Polls until the condition holds; fails with the core's output and log at the deadline.</summary>
    public async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || process is { HasExited: true })
            {
                throw new TimeoutException($"{GetType().Name}: no {what} within {Deadline.TotalSeconds} s.\nOutput:\n{Output()}\nLog:\n{Log()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The core's own log, for failure messages.</summary>
    protected abstract string Log();

    public string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private void Capture(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    protected static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static void Run(string program, params string[] args)
    {
        using var child = Process.Start(program, args);
        child.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Deadline);
        }
        process?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
