using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using IlertNotify.Platform;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The per-architecture libc values (<see cref="LinuxAbi"/>) against each target's own C headers: every value becomes a
/// <c>_Static_assert</c>, compiled with <c>clang --target=&lt;triple&gt;</c> (the compiler and cross headers the build
/// links with, build/apt-packages.txt). A value copied from the wrong architecture fails here, before any binary is built.
/// </summary>
public sealed class PlatformAbiTests
{
    public static TheoryData<string> Rows => new() { nameof(LinuxAbi.X64), nameof(LinuxAbi.Arm64) };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_value_equals_the_targets_own_header_value(string row)
    {
        var abi = Row(row);
        var (exit, output) = CompileChecks(abi.ClangTarget, StaticAsserts(abi));
        Assert.True(exit == 0, $"{row} ({abi.ClangTarget}) disagrees with its headers:\n{output}");
    }

    [Fact]
    public void A_value_from_another_architecture_is_caught()
    {
        // The shipped defect: x86-64's O_DIRECTORY in the aarch64 row (0x10000 is O_DIRECT there).
        var wrong = LinuxAbi.Arm64 with { OpenDirectory = LinuxAbi.X64.OpenDirectory };
        var (exit, output) = CompileChecks(wrong.ClangTarget, StaticAsserts(wrong));
        Assert.NotEqual(0, exit);
        Assert.Contains("O_DIRECTORY", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_value_is_checked()
    {
        var unchecked_ = typeof(LinuxAbi).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(int) && p.GetCustomAttribute<CExpressionAttribute>() is null)
            .Select(p => p.Name);
        Assert.Empty(unchecked_);
    }

    [Fact]
    public void This_process_uses_its_own_architectures_row()
    {
        var expected = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? LinuxAbi.Arm64 : LinuxAbi.X64;
        Assert.Equal(expected, LinuxAbi.Current);
    }

    private static LinuxAbi Row(string name) => name switch
    {
        nameof(LinuxAbi.X64) => LinuxAbi.X64,
        nameof(LinuxAbi.Arm64) => LinuxAbi.Arm64,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string StaticAsserts(LinuxAbi abi)
    {
        var c = new StringBuilder("""
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <stddef.h>
            #include <sys/file.h>
            #include <sys/stat.h>
            #include <syslog.h>

            """);
        foreach (var property in typeof(LinuxAbi).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CExpressionAttribute>() is not { } expression)
            {
                continue;
            }
            var value = (int)property.GetValue(abi)!;
            c.Append(CultureInfo.InvariantCulture,
                $"_Static_assert(({expression.Expression}) == {value}, \"{property.Name}: {expression.Expression} is not {value} (0x{value:x}) for {abi.ClangTarget}\");\n");
        }
        return c.ToString();
    }

    private static (int Exit, string Output) CompileChecks(string target, string source)
    {
        var start = new ProcessStartInfo("clang")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { $"--target={target}", "-fsyntax-only", "-x", "c", "-" })
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("clang is needed to check the libc values against each target's headers: run ./build.sh once (it installs build/apt-packages.txt)", e);
        }
        using (process)
        {
            process.StandardInput.Write(source);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr);
        }
    }
}
