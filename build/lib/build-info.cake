// The .buildinfo file next to the packages (Pack).

/// <summary>
/// artifacts/&lt;name&gt;-&lt;version&gt;.buildinfo: the commit, SOURCE_DATE_EPOCH and every tool and input whose version
/// shapes the packages' bytes. It holds no path, user or time of day, so it is itself identical across checkouts.
/// </summary>
public static class BuildInfo
{
    public static FilePath Write(ICakeContext context, BuildContext build)
    {
        var lines = new List<string>
        {
            $"package: {build.Name} {string.Join(" ", build.Flavours.Select(f => f.Version))}",
            $"commit: {First(context, "git", "rev-parse HEAD")}",
            $"SOURCE_DATE_EPOCH: {build.SourceDateEpoch}",
            $".NET SDK: {First(context, "dotnet", "--version")}",
        };
        // The binaries' .comment section names the ILCompiler, clang and lld that made them.
        foreach (var arch in build.Architectures)
        {
            var comment = Comment(context, build.Binary(arch));
            lines.Add($"{arch.Rid} .comment: {string.Join(" | ", comment)}");
        }
        lines.Add($"clang: {First(context, "clang", "--version")}");
        lines.Add($"lld: {First(context, "ld.lld", "--version")}");
        lines.Add($"objcopy (StripSymbols): {First(context, "objcopy", "--version")}");
        foreach (var arch in build.Architectures)
        {
            var debs = build.SysrootCache.Combine($"apt-{arch.DebianArch}/debs");
            var files = context.DirectoryExists(debs)
                ? context.GetFiles(debs.FullPath + "/*.deb").OrderBy(f => f.GetFilename().ToString(), StringComparer.Ordinal).ToList()
                : new List<FilePath>();
            lines.Add($"sysroot {arch.DebianArch} (Debian bullseye): " + (files.Count == 0 ? "NONE (host glibc)" : string.Join(", ",
                files.Select(f => $"{f.GetFilename()} sha256:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(f.FullPath))).ToLowerInvariant()}"))));
        }
        var path = build.Artifacts.CombineWithFilePath($"{build.Name}-{build.Version}.buildinfo");
        System.IO.File.WriteAllText(path.FullPath, string.Join("\n", lines) + "\n");
        return path;
    }

    private static IEnumerable<string> Comment(ICakeContext context, FilePath binary)
    {
        // `readelf -p .comment`: "  [     0]  Linker: Debian LLD 14.0.6", ..., "  [    73]  .NET: ilc 10.0.12-...".
        var exit = context.StartProcess("readelf", new ProcessSettings
        {
            Arguments = $"-p .comment \"{binary.FullPath}\"", RedirectStandardOutput = true, Silent = true,
        }, out var output);
        return exit != 0 ? new[] { "?" } : output
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s*\[\s*[0-9a-f]+\]\s+(.*)$"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();
    }

    private static string First(ICakeContext context, string tool, string arguments)
    {
        try
        {
            var exit = context.StartProcess(tool, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true, Silent = true }, out var output);
            return exit == 0 ? output.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "?" : $"? (exit {exit})";
        }
        catch (Exception ex) { return $"? ({ex.Message})"; }
    }
}
