// Pack: the .mkp files, byte for byte reproducible.
// An .mkp is a gzip'd tar of `info` (Python literal), `info.json` and one `<part>.tar` per part,
// each part tar holding the part's files relative to the part's folder on the site.
#addin nuget:?package=SharpZipLib&version=1.4.2

using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

Task("Pack")
    .Description("Packs artifacts/<name>-<version>.mkp for each flavour, plus its .sha256.")
    .IsDependentOn("Render")
    .Does<BuildContext>((ctx, build) =>
{
    var mtime = DateTimeOffset.FromUnixTimeSeconds(build.SourceDateEpoch).UtcDateTime;
    foreach (var flavour in build.Flavours)
    {
        var stage = build.Stage(flavour);
        var entries = new List<(string Name, byte[] Content, bool Executable)>
        {
            ("info", ReadStaged(stage.CombineWithFilePath("info")), false),
            ("info.json", ReadStaged(stage.CombineWithFilePath("info.json")), false),
        };
        foreach (var part in flavour.Parts)
        {
            var files = flavour.Files.Where(f => f.Part == part)
                .Select(f => (f.Path, f.Template is not null
                    ? ReadStaged(stage.Combine(part).CombineWithFilePath(f.Path))
                    : ReadStaged(build.Binary(f.Binary)), f.Executable));
            entries.Add(($"{part}.tar", MkpWriter.Tar(files, mtime), false));
        }

        var mkp = build.PackageFileName(flavour);
        var bytes = MkpWriter.GzipTar(entries, mtime);
        System.IO.File.WriteAllBytes(mkp.FullPath, bytes);
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        // sha256sum's format, so `sha256sum -c FILE.sha256` checks a download next to it.
        System.IO.File.WriteAllText(mkp.FullPath + ".sha256", $"{sha}  {mkp.GetFilename()}\n");
        ctx.Information($"{mkp.GetFilename()}: {bytes.Length:N0} bytes, sha256 {sha}");
    }

    // What a rebuild of this commit needs to give the same bytes (docs/BUILD.md, "Rebuilding a release").
    var info = BuildInfo.Write(ctx, build);
    ctx.Information($"{info.GetFilename()}: toolchain and sysroot versions of this build");

    byte[] ReadStaged(FilePath path) => ctx.FileExists(path)
        ? System.IO.File.ReadAllBytes(path.FullPath)
        : throw new CakeException($"{path} is missing: run Render (and Publish) first");
});

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

public static class MkpWriter
{
    /// <summary>A plain tar (one package part): entries in the given order, owner root:root (0:0), fixed mtime, 0755 or 0644.</summary>
    public static byte[] Tar(IEnumerable<(string Name, byte[] Content, bool Executable)> files, DateTime mtime)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var tar = new TarOutputStream(buffer, Encoding.UTF8) { IsStreamOwner = false })
        {
            // Files only, no folder entries: exactly what Checkmk's own `tar cf - FILES...` writes.
            foreach (var (name, content, executable) in files)
            {
                Write(tar, name, content, executable ? 0x1ED /* 0755 */ : 0x1A4 /* 0644 */, mtime);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The .mkp itself: a gzip'd tar of the given top-level entries.</summary>
    public static byte[] GzipTar(IEnumerable<(string Name, byte[] Content, bool Executable)> entries, DateTime mtime)
    {
        var tar = Tar(entries, mtime);
        using var buffer = new System.IO.MemoryStream();
        using (var gzip = new GZipOutputStream(buffer) { IsStreamOwner = false })
        {
            gzip.SetLevel(9);
            gzip.Write(tar, 0, tar.Length);
        }
        var bytes = buffer.ToArray();
        // GZipOutputStream stamps the current time into the gzip header (bytes 4..7, RFC 1952);
        // pin it to the build's mtime. FLG must be 0: no header CRC that would cover the stamp.
        if (bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[3] != 0)
            throw new InvalidOperationException("unexpected gzip header from SharpZipLib");
        var stamp = (uint)new DateTimeOffset(mtime, TimeSpan.Zero).ToUnixTimeSeconds();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4, 4), stamp);
        return bytes;
    }

    private static void Write(TarOutputStream tar, string name, byte[] content, int mode, DateTime mtime)
    {
        var entry = TarEntry.CreateTarEntry(name);
        var header = entry.TarHeader;
        header.TypeFlag = TarHeader.LF_NORMAL;
        header.Mode = mode;
        header.UserId = 0;
        header.GroupId = 0;
        header.UserName = "root";
        header.GroupName = "root";
        header.ModTime = mtime;
        header.Size = content.Length;
        tar.PutNextEntry(entry);
        if (content.Length > 0) tar.Write(content, 0, content.Length);
        tar.CloseEntry();
    }
}
