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

    var checker = build.BuildScripts.CombineWithFilePath("verify/mkp_check.py");
    var different = new List<string>();
    foreach (var flavour in build.Flavours)
    {
        var here = build.PackageFileName(flavour);
        var there = second.Combine("artifacts").CombineWithFilePath(here.GetFilename());
        var (code, output) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" compare \"{here.FullPath}\" \"{there.FullPath}\"");
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

public static class ReproducibleCheck
{
    /// <summary>
    /// A plain `git clone` of this checkout at the same commit, with the same `origin` URL (Source Link would carry it
    /// into the managed debug data), then this checkout's uncommitted and untracked (not ignored) files copied over and
    /// its deleted files deleted: the second build sees the very tree the first one built.
    /// </summary>
    public static void Clone(ICakeContext context, BuildContext build, DirectoryPath second)
    {
        var head = Git(context, build.Root, "rev-parse HEAD").Single();
        var parent = second.GetParent();
        context.EnsureDirectoryExists(parent);
        Git(context, parent, $"clone --quiet --no-checkout \"{build.Root.FullPath}\" \"{second.FullPath}\"");
        Git(context, second, $"checkout --quiet --detach {head}");
        var origin = Git(context, build.Root, "remote get-url origin", allowFailure: true).FirstOrDefault();
        if (string.IsNullOrEmpty(origin)) Git(context, second, "remote remove origin");
        else Git(context, second, $"remote set-url origin \"{origin}\"");

        var changed = Git(context, build.Root, "ls-files -z --modified --others --exclude-standard")
            .SelectMany(l => l.Split('\0', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var copied = 0; var deleted = 0;
        foreach (var relative in changed)
        {
            var from = System.IO.Path.Join(build.Root.FullPath, relative);
            var to = System.IO.Path.Join(second.FullPath, relative);
            if (System.IO.File.Exists(from))
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
                System.IO.File.Copy(from, to, overwrite: true);
                System.IO.File.SetUnixFileMode(to, System.IO.File.GetUnixFileMode(from));
                copied++;
            }
            else if (System.IO.File.Exists(to)) { System.IO.File.Delete(to); deleted++; }
        }
        context.Information($"Cloned {build.Root} at {head[..12]} into {second}"
            + (copied + deleted > 0 ? $", plus {copied} uncommitted/untracked file(s) copied and {deleted} deleted" : ""));
    }

    /// <summary>The Debian 11 sysroots, hard-linked where the file system allows (else copied): no second download.</summary>
    public static void CopySysrootCache(ICakeContext context, BuildContext build, DirectoryPath second)
    {
        if (!context.DirectoryExists(build.SysrootCache)) return;
        var target = second.Combine(".cache");
        context.EnsureDirectoryExists(target);
        var args = $"-a --link \"{build.SysrootCache.FullPath}\" \"{target.FullPath}/\"";
        if (context.StartProcess("cp", new ProcessSettings { Arguments = args, Silent = true }) != 0
            && context.StartProcess("cp", new ProcessSettings { Arguments = args.Replace("--link ", ""), Silent = true }) != 0)
            throw new CakeException($"could not copy {build.SysrootCache} to {target}");
    }

    private static IReadOnlyList<string> Git(ICakeContext context, DirectoryPath workingDirectory, string arguments, bool allowFailure = false)
    {
        var exit = context.StartProcess("git", new ProcessSettings
        {
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Silent = true,
        }, out var stdout, out var stderr);
        if (exit != 0 && !allowFailure)
            throw new CakeException($"git {arguments} (in {workingDirectory}) exited with {exit}: {string.Join(" | ", stderr)}");
        return exit == 0 ? stdout.ToList() : new List<string>();
    }
}
