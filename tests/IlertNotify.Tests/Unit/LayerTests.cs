using System.Text.RegularExpressions;
using IlertNotify.Tests.Support;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// The notifier's folders are layers, and a layer may only use the layers below it (docs/DESIGN.md, "Layers"). Read from
/// the source, not the assembly: reflection sees signatures, but an upward call inside a method body is just as much an arrow.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Top to bottom: each folder of plugin/ and its namespace <c>IlertNotify.&lt;Folder&gt;</c>.</summary>
    public static readonly string[] Layers = ["Cli", "Site", "Sync", "Delivery", "Spool", "Events", "Settings", "Formats", "Checkmk", "Logging", "Platform"];

    /// <summary>Outside the layers: the entry point (on top of everything) and assembly facts (beneath everything, so they use no layer).</summary>
    private const string EntryPoint = "Program.cs";
    private static readonly string[] Foundation = ["AppInfo.cs", "Properties/AssemblyInfo.cs"];

    [Fact]
    public void No_layer_uses_a_layer_above_it()
    {
        var upward = SourceFiles().SelectMany(file => UpwardReferences(file.Path, file.Text)).ToList();
        Assert.True(upward.Count == 0, "Upward references (file:line -> layer), which docs/DESIGN.md's layers forbid:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Every_file_sits_in_a_layer_and_its_namespace_is_its_folder()
    {
        var misplaced = SourceFiles()
            .Where(file => file.Path != EntryPoint && !Foundation.Contains(file.Path))
            .Select(file => (file.Path, Namespace: NamespaceDeclaration().Match(file.Text) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(file => LayerOf(file.Path) is null || file.Namespace != "IlertNotify." + Path.GetDirectoryName(file.Path)!.Replace('/', '.'))
            .Select(file => $"{file.Path} (namespace {file.Namespace ?? "none"})")
            .ToList();
        Assert.True(misplaced.Count == 0, $"Files outside the layer folders {string.Join(", ", Layers)}, or whose namespace is not their folder:\n" + string.Join("\n", misplaced));
    }

    [Theory]
    [InlineData("using IlertNotify.Cli;")]
    [InlineData("using static IlertNotify.Delivery.RetrySchedule;")]
    [InlineData("var x = Spool.SpoolLock.TryAcquire(path, wait);")]
    [InlineData("var x = global::IlertNotify.Site.CronJob.SetupReloadWait;")]
    public void An_upward_reference_is_found(string line)
    {
        var found = UpwardReferences("Platform/Example.cs", $"namespace IlertNotify.Platform;\n\n{line}\n");
        Assert.Single(found);
        Assert.StartsWith("Platform/Example.cs:3 -> ", found[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("using IlertNotify.Platform;")]
    [InlineData("// see Cli.App for the exit codes")]
    [InlineData("throw new IOException(\"Spool.Lock is gone\");")]
    [InlineData("var budget = env.Delivery.SendBudget;")]
    [InlineData("using Serilog.Events;")]
    public void Downward_references_comments_and_texts_are_not_upward(string line)
    {
        Assert.Empty(UpwardReferences("Logging/Example.cs", $"namespace IlertNotify.Logging;\n\n{line}\n"));
    }

    private static List<string> UpwardReferences(string path, string source)
    {
        var own = path == EntryPoint ? -1 : LayerOf(path) is { } layer ? Array.IndexOf(Layers, layer) : Layers.Length;
        var lines = CodeText.Of(source).Split('\n');
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (NamespaceDeclaration().IsMatch(lines[i]))
            {
                continue;
            }
            foreach (Match reference in LayerReference.Matches(lines[i]))
            {
                var target = reference.Groups["layer"].Value;
                if (Array.IndexOf(Layers, target) < own)
                {
                    found.Add($"{path}:{i + 1} -> {target} ({lines[i].Trim()})");
                }
            }
        }
        return found;
    }

    private static string? LayerOf(string path) =>
        path.Split('/') is [var folder, _, ..] && Layers.Contains(folder) ? folder : null;

    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var plugin = Path.Combine(PublishedNotifier.RepositoryRoot(), "plugin");
        return Directory.EnumerateFiles(plugin, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(plugin, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(Path.Combine(plugin, path))));
    }

    // IlertNotify.X anywhere (usings, global::, full names), or X.Type as a namespace-qualified name; not obj.X (a member).
    private static readonly Regex LayerReference = new(
        $@"(?<![\w.])(?:global::)?(?:IlertNotify\.(?<layer>{string.Join('|', Layers)})\b|(?<layer>{string.Join('|', Layers)})\.(?=[A-Z]))");

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
