// Pack: the .mkp files, byte for byte reproducible.
// An .mkp is a gzip'd tar of `info` (Python literal), `info.json` and one `<part>.tar` per part,
// each part tar holding the part's files relative to the part's folder on the site.
// Writers: lib/mkp-writer.cake, lib/build-info.cake.

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
