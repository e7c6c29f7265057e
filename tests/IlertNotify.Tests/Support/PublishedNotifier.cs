using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace IlertNotify.Tests.Support;

/// <summary>
/// The NativeAOT binary the package ships: taken from <c>ILERT_NOTIFY_BIN</c> when the build pipeline already
/// published it, else published once per test run into <c>artifacts/test-bin</c>.
/// The arm64 lane (build/test-arm64.cake) points <c>ILERT_NOTIFY_BIN</c> at a wrapper that runs the aarch64 binary
/// under qemu-user, and says so with <c>ILERT_NOTIFY_ARCH=aarch64</c>, <c>ILERT_NOTIFY_TIME_FACTOR</c> and the
/// sysroot qemu runs it with, <c>ILERT_NOTIFY_SYSROOT</c>.
/// </summary>
public sealed class PublishedNotifier
{
    public PublishedNotifier()
    {
        Architecture = Environment.GetEnvironmentVariable("ILERT_NOTIFY_ARCH") switch
        {
            null or "" => RuntimeInformation.ProcessArchitecture,
            "aarch64" or "arm64" => Architecture.Arm64,
            "x86_64" or "x64" => Architecture.X64,
            var other => throw new InvalidOperationException($"ILERT_NOTIFY_ARCH '{other}' is neither x86_64 nor aarch64"),
        };
        TimeFactor = Environment.GetEnvironmentVariable("ILERT_NOTIFY_TIME_FACTOR") is { Length: > 0 } factor
            ? double.Parse(factor, CultureInfo.InvariantCulture)
            : 1;
        if (Environment.GetEnvironmentVariable("ILERT_NOTIFY_BIN") is { Length: > 0 } given)
        {
            BinaryPath = Path.GetFullPath(given);
            return;
        }
        var root = RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "test-bin", "linux-x64");
        var publish = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var arg in new[] { "publish", Path.Combine(root, "plugin", "IlertNotify.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo" })
        {
            publish.ArgumentList.Add(arg);
        }
        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
        BinaryPath = Path.Combine(output, "ilert-notify");
    }

    /// <summary>What to execute: the native binary, or the arm64 lane's qemu wrapper script.</summary>
    public string BinaryPath { get; }

    /// <summary>The architecture the notifier is built for (emulated when it is not this machine's).</summary>
    public Architecture Architecture { get; }

    public bool IsEmulated => Architecture != RuntimeInformation.ProcessArchitecture;

    /// <summary>
    /// How much slower than native the notifier runs (qemu-user: a save takes 1-2 s instead of ~10 ms). Only tests
    /// that measure speed scale their limits by it; order, content and counts are checked as on native.
    /// </summary>
    public double TimeFactor { get; }

    public TimeSpan Scaled(TimeSpan limit) => limit * TimeFactor;

    /// <summary>A limit made of real waiting (windows, timeouts) plus the notifier's own work: only the work is scaled.</summary>
    public TimeSpan WaitPlusWork(TimeSpan wait, TimeSpan nativeWork) => wait + Scaled(nativeWork);

    /// <summary>
    /// Loads <paramref name="library"/> into the notifier. Under qemu-user an <c>LD_PRELOAD</c> would load into qemu
    /// itself (an x86-64 process): qemu hands <c>QEMU_SET_ENV</c> to the guest instead.
    /// </summary>
    public void Preload(IDictionary<string, string> environment, string library)
    {
        if (IsEmulated)
        {
            environment["QEMU_SET_ENV"] = "LD_PRELOAD=" + library;
        }
        else
        {
            environment["LD_PRELOAD"] = library;
        }
    }

    /// <summary>Builds a fault-injection shim (tests/.../Faults/*.c) as a shared library for the notifier's architecture.</summary>
    public string CompileShim(string sourceName, string outputDirectory)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Faults", sourceName);
        var output = Path.Combine(outputDirectory, Path.ChangeExtension(sourceName, ".so"));
        // Cross builds need clang's target and lld (the build's own cross toolchain, build/apt-packages.txt), and the
        // libc the emulated binary runs on (ILERT_NOTIFY_SYSROOT): a shim linked against a newer glibc would not load.
        string[] sysroot = Environment.GetEnvironmentVariable("ILERT_NOTIFY_SYSROOT") is { Length: > 0 } root ? [$"--sysroot={root}"] : [];
        string[][] commands = Architecture switch
        {
            _ when !IsEmulated => [["cc"], ["gcc"], ["clang"]],
            Architecture.Arm64 => [["clang", "--target=aarch64-linux-gnu", "-fuse-ld=lld", .. sysroot]],
            _ => [["clang", "--target=x86_64-linux-gnu", "-fuse-ld=lld", .. sysroot]],
        };
        var errors = new List<string>();
        foreach (var command in commands)
        {
            var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
            foreach (var arg in command.Skip(1).Concat(["-shared", "-fPIC", "-O2", "-o", output, source, "-ldl"]))
            {
                start.ArgumentList.Add(arg);
            }
            try
            {
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return output;
                }
                errors.Add($"{string.Join(' ', command)}: {stderr}");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                errors.Add($"{command[0]}: not installed");
            }
        }
        throw new InvalidOperationException($"cannot build {sourceName} for {Architecture} (build.sh installs clang and lld):\n{string.Join('\n', errors)}");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ilert-checkmk.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root (ilert-checkmk.slnx) not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class NotifierCollection : ICollectionFixture<PublishedNotifier>
{
    public const string Name = "published notifier";
}
