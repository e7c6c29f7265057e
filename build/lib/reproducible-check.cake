// Helpers of the Reproducible task: the second checkout and its sysroot cache.

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
