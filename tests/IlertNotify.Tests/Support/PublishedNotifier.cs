using System.Diagnostics;

namespace IlertNotify.Tests.Support;

/// <summary>
/// The NativeAOT binary the package ships: taken from <c>ILERT_NOTIFY_BIN</c> when the build pipeline already
/// published it, else published once per test run into <c>artifacts/test-bin</c>.
/// </summary>
public sealed class PublishedNotifier
{
    public PublishedNotifier()
    {
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

    public string BinaryPath { get; }

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
