// Reproducible: proves that the packages do not depend on where (and when, and by whom) they are built.
// Clones this checkout (HEAD plus uncommitted changes) into a second directory at another path, builds the
// packages there up to Pack (tests skipped: they do not go into the packages) under another time zone and
// user name, and compares both .mkp files byte for byte. Fails with the first differing member.
//
//   ./build.sh --target=Reproducible                 # Pack here, then the second build
//   ./build.sh --target=Reproducible --exclusive     # only the second build, against artifacts/*.mkp as they are
//   ... --reproducible-dir=/some/other/path          # where the second checkout goes (kept afterwards)
//   ... --reproducible-keep                          # keep the temporary second checkout even when identical

Task("Reproducible")
    .Description("Builds the packages again in a clone at another path and fails unless both .mkp files are byte-identical.")
    .IsDependentOn("Pack")
    .Does<BuildContext>((ctx, build) =>
{
    var started = DateTime.UtcNow;
    foreach (var flavour in build.Flavours)
        if (!ctx.FileExists(build.PackageFileName(flavour)))
            throw new CakeException($"{build.PackageFileName(flavour)} is missing: run Pack first (or drop --exclusive)");

    var given = ctx.Argument("reproducible-dir", "");
    var temporary = given.Length == 0;
    // A temporary second checkout lies one level below a fresh temp folder, which is deleted with it.
    var tempParent = temporary ? new DirectoryPath(System.IO.Directory.CreateTempSubdirectory("ilert-reproducible-").FullName) : null;
    DirectoryPath second = temporary ? tempParent.Combine("second-checkout") : ctx.MakeAbsolute(new DirectoryPath(given)).Collapse();
    var keep = !temporary || ctx.HasArgument("reproducible-keep");
    var rootPath = build.Root.FullPath.TrimEnd('/');
    if (second.FullPath.TrimEnd('/') == rootPath || second.FullPath.StartsWith(rootPath + "/"))
        throw new CakeException($"--reproducible-dir={second} must lie outside this checkout ({build.Root})");
    if (ctx.DirectoryExists(second) && System.IO.Directory.EnumerateFileSystemEntries(second.FullPath).Any())
        throw new CakeException($"--reproducible-dir={second} exists and is not empty");

    ReproducibleCheck.Clone(ctx, build, second);
    ReproducibleCheck.CopySysrootCache(ctx, build, second);

    // The second build: another path (and so another path length), another time zone, another user name in the
    // environment, its own tools/ and Cake script cache; same commit, so the same SOURCE_DATE_EPOCH.
    var log = build.Artifacts.CombineWithFilePath("reproducible-second-build.log");
    var env = new Dictionary<string, string>
    {
        ["TZ"] = "Pacific/Kiritimati",
        ["USER"] = "reproducible-check", ["LOGNAME"] = "reproducible-check",
    };
    ctx.Information($"Second build in {second} (TZ={env["TZ"]}, USER={env["USER"]}), log: {log}");
    var buildStarted = DateTime.UtcNow;
    var exit = ctx.StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("-c")
            .AppendQuoted($"exec ./build.sh --target=Pack --skip-tests=true > '{log.FullPath}' 2>&1"),
        WorkingDirectory = second,
        EnvironmentVariables = env,
    });
    var buildTime = DateTime.UtcNow - buildStarted;
    if (exit != 0)
    {
        foreach (var line in System.IO.File.ReadLines(log.FullPath).TakeLast(40)) ctx.Error("  | " + line);
        throw new CakeException(exit, $"the second build in {second} failed (exit {exit}); full log: {log}");
    }
    ctx.Information($"Second build took {buildTime:mm\\:ss}.");

    var checker = build.MkpCheck;
    var different = new List<string>();
    foreach (var flavour in build.Flavours)
    {
        var here = build.PackageFileName(flavour);
        var there = second.Combine("artifacts").CombineWithFilePath(here.GetFilename());
        var (code, output) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" compare \"{here.FullPath}\" \"{there.FullPath}\"");
        foreach (var line in output.Split('\n').Where(l => l.Length > 0))
        {
            if (code == 0) ctx.Information("  " + line);
            else ctx.Error("  " + line);
        }
        if (code != 0) different.Add(output.Split('\n').LastOrDefault(l => l.Length > 0) ?? here.GetFilename().ToString());
    }

    // The build info (toolchain and sysroot versions, commit, SOURCE_DATE_EPOCH) holds no path or time either.
    var infoHere = build.Artifacts.CombineWithFilePath($"{build.Name}-{build.Version}.buildinfo");
    var infoThere = second.Combine("artifacts").CombineWithFilePath(infoHere.GetFilename());
    if (ctx.FileExists(infoHere) && ctx.FileExists(infoThere))
    {
        var (a, b) = (System.IO.File.ReadAllLines(infoHere.FullPath), System.IO.File.ReadAllLines(infoThere.FullPath));
        if (a.SequenceEqual(b)) ctx.Information($"  {infoHere.GetFilename()}: identical");
        else
        {
            var index = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
            string At(string[] lines) => index < lines.Length ? lines[index] : "(end of file)";
            different.Add($"{infoHere.GetFilename()}: differs (first at line {index + 1}: '{At(a)}' vs '{At(b)}')");
            ctx.Error("  " + different.Last());
        }
    }

    if (different.Count > 0)
        throw new CakeException($"Reproducible: {different.Count} file(s) differ between {build.Root} and {second} "
            + $"(second checkout kept for inspection):\n  " + string.Join("\n  ", different));
    ctx.Information($"Reproducible: both packages are byte-identical across {build.Root} and {second} "
        + $"({(DateTime.UtcNow - started):mm\\:ss} in all).");
    if (!keep)
        ctx.DeleteDirectory(tempParent, new DeleteDirectorySettings { Recursive = true, Force = true });
    else
        ctx.Information($"Second checkout kept: {second}");
});
