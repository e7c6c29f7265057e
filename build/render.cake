// Render: every text file of the package from mkp-template/*.liquid and one data model (lib/package-model.cake).
// `info` (the manifest as a Python literal) is not rendered here: build/verify/mkp_check.py writes it from
// info.json with Python's own pprint.pformat, exactly as Checkmk's Manifest.file_content does.

Task("Render")
    .Description("Renders info.json, wrapper, dispatcher, cron file and rule forms into artifacts/stage/<flavour>; python3 writes info.")
    .IsDependentOn("Publish")
    .Does<BuildContext>((ctx, build) =>
{
    var renderer = new TemplateRenderer(build.Templates);
    foreach (var flavour in build.Flavours)
    {
        var stage = build.Stage(flavour);
        ctx.CleanDirectory(stage);
        var model = PackageModel.Create(build, flavour);
        var infoJson = stage.CombineWithFilePath("info.json");
        Write(infoJson, renderer.Render("info.json.liquid", model));
        var (exit, output) = Processes.Run(ctx, "python3", $"\"{build.MkpCheck.FullPath}\" info \"{infoJson.FullPath}\" \"{stage.CombineWithFilePath("info").FullPath}\"");
        if (exit != 0) throw new CakeException($"mkp_check.py info failed (exit {exit}): {output}");
        foreach (var file in flavour.Files.Where(f => f.Template is not null))
            Write(stage.Combine(file.Part).CombineWithFilePath(file.Path), renderer.Render(file.Template, model));
        ctx.Information($"{flavour.Id}: rendered {flavour.Files.Count(f => f.Template is not null) + 2} files into {stage}");
    }

    void Write(FilePath path, string text)
    {
        ctx.EnsureDirectoryExists(path.GetDirectory());
        System.IO.File.WriteAllText(path.FullPath, text, new UTF8Encoding(false));
    }
});
