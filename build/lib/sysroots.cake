// Debian 11 (bullseye) sysroots, one per architecture, fetched once into .cache/sysroot/<debian-arch>.
// Linking against bullseye's glibc (2.31) plus the log/pow shim keeps the binaries at GLIBC_2.17.
public static class Sysroots
{
    private const string Suite = "bullseye";
    // libssl1.1 and linux-libc-dev are not linked into the notifier (.NET loads libssl at run time): they make the
    // arm64 sysroot a Debian 11 ARM server that qemu-aarch64 runs the arm64 lane's TLS tests on, and against which the
    // lane's fault shims compile (glibc's headers include the kernel's). build/lib/arm64-lane.cake.
    private static readonly string[] Packages = { "libc6", "libc6-dev", "libgcc-10-dev", "libgcc-s1", "libssl1.1", "linux-libc-dev" };
    // Debian's keyring package (also in Ubuntu, universe): .gpg until bookworm's, .pgp from trixie's on.
    private static readonly string[] Keyrings = { "/usr/share/keyrings/debian-archive-keyring.gpg", "/usr/share/keyrings/debian-archive-keyring.pgp" };

    private static string Wanted => $"{Suite} {string.Join(' ', Packages)}";
    private static FilePath Stamp(BuildContext build, Architecture arch) => build.Sysroot(arch).CombineWithFilePath(".complete");

    /// <summary>Whether a finished sysroot for <paramref name="arch"/> is in the cache (written last, after unpacking).</summary>
    public static bool IsComplete(BuildContext build, Architecture arch)
    {
        var stamp = Stamp(build, arch);
        return System.IO.File.Exists(stamp.FullPath) && System.IO.File.ReadAllText(stamp.FullPath).Trim() == Wanted;
    }

    /// <summary>The sysroot folder for <paramref name="arch"/>, or null when it could not be fetched (then the host's glibc is linked).</summary>
    public static DirectoryPath Ensure(ICakeContext context, BuildContext build, Architecture arch)
    {
        var root = build.Sysroot(arch);
        var stamp = Stamp(build, arch);
        if (IsComplete(build, arch))
        {
            context.Verbose($"Sysroot {root} is cached.");
            return root;
        }

        try
        {
            Fetch(context, build, arch, root);
            System.IO.File.WriteAllText(stamp.FullPath, Wanted + "\n");
            return root;
        }
        catch (Exception ex)
        {
            var line = new string('!', 78);
            context.Warning(line);
            context.Warning($"WARNING: could not fetch the Debian 11 sysroot for {arch.Rid}: {ex.Message}");
            context.Warning("WARNING: linking against the HOST glibc instead. The binary will need the host's glibc");
            context.Warning("WARNING: version and will NOT run on RHEL 8, SLES 15, Debian 11 or Ubuntu 20.04 sites.");
            context.Warning("WARNING: Verify fails on the GLIBC baseline. Fix: pass --debian-mirror=URL (a Debian mirror");
            context.Warning("WARNING: that still serves bullseye, e.g. https://archive.debian.org/debian once it left");
            context.Warning("WARNING: deb.debian.org) or set SYSROOT_DEBIAN_MIRROR, then rebuild.");
            context.Warning(line);
            return null;
        }
    }

    private static void Fetch(ICakeContext context, BuildContext build, Architecture arch, DirectoryPath root) =>
        Fetch(context, arch, root, build.SysrootCache.Combine($"apt-{arch.DebianArch}"), AptSources.MirrorCandidates(build.DebianMirror, "/etc/apt"));

    /// <summary>
    /// Fetches the sysroot for <paramref name="arch"/> into <paramref name="root"/> with a private apt in
    /// <paramref name="apt"/>, from the first of <paramref name="mirrors"/> that serves bullseye (AptSources).
    /// </summary>
    public static void Fetch(ICakeContext context, Architecture arch, DirectoryPath root, DirectoryPath apt, IReadOnlyList<string> mirrors)
    {
        if (!context.IsRunningOnLinux()) throw new InvalidOperationException("sysroots are fetched with apt-get on Linux only");
        var keyring = Keyrings.FirstOrDefault(System.IO.File.Exists)
            ?? throw new InvalidOperationException($"{Keyrings[0]} is missing (package debian-archive-keyring, on Ubuntu too)");

        var debs = apt.Combine("debs");
        foreach (var dir in new[] { "etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/trusted.gpg.d", "etc/apt/sources.list.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/lib/dpkg" })
            context.EnsureDirectoryExists(apt.Combine(dir));
        context.EnsureDirectoryExists(debs);
        context.CleanDirectory(debs);
        var status = apt.CombineWithFilePath("var/lib/dpkg/status");
        if (!context.FileExists(status)) System.IO.File.WriteAllText(status.FullPath, "");

        // A private apt: its own state, cache and sources, so the host's apt is neither read nor changed.
        var config = apt.CombineWithFilePath("apt.conf");
        System.IO.File.WriteAllText(config.FullPath, string.Join("\n", new[]
        {
            $"Dir \"{apt.FullPath}/\";",
            $"Dir::State::status \"{status.FullPath}\";",
            $"APT::Architecture \"{arch.DebianArch}\";",
            $"APT::Architectures {{ \"{arch.DebianArch}\"; }};",
            "Acquire::Languages \"none\";",
            "Debug::NoLocking \"true\";",
            "APT::Sandbox::User \"root\";",
            "",
        }));
        var env = new Dictionary<string, string> { ["APT_CONFIG"] = config.FullPath, ["LC_ALL"] = "C" };

        var tried = new List<string>();
        string mirror = null;
        foreach (var candidate in mirrors)
        {
            context.CleanDirectory(apt.Combine("var/lib/apt/lists"));
            context.EnsureDirectoryExists(apt.Combine("var/lib/apt/lists/partial"));
            System.IO.File.WriteAllText(apt.CombineWithFilePath("etc/apt/sources.list").FullPath,
                $"deb [arch={arch.DebianArch} signed-by={keyring}] {candidate} {Suite} main\n");
            context.Information($"Fetching Debian {Suite} {arch.DebianArch} sysroot from {candidate} into {root}");
            IReadOnlyList<string> updateErrors;
            try { updateErrors = Run(context, "apt-get", "-q update", apt, env); }
            catch (InvalidOperationException e) { updateErrors = new[] { e.Message }; }
            // apt-get update exits 0 even when it reached no server; then the package index is simply missing.
            if (context.GetFiles(apt.FullPath + "/var/lib/apt/lists/*_Packages*").Any())
            {
                mirror = candidate;
                break;
            }
            tried.Add($"{candidate}: {string.Join(" | ", updateErrors.TakeLast(2))}");
            context.Warning($"No {Suite} package index from {candidate}; trying the next mirror.");
        }
        if (mirror is null)
            throw new InvalidOperationException($"no mirror served a {Suite} package index: {string.Join("; ", tried)}");
        Run(context, "apt-get", "-q download " + string.Join(' ', Packages), debs, env);

        context.EnsureDirectoryExists(root);
        context.CleanDirectory(root);
        foreach (var deb in context.GetFiles(debs.FullPath + "/*.deb").OrderBy(f => f.FullPath, StringComparer.Ordinal))
            Run(context, "dpkg", $"-x \"{deb.FullPath}\" \"{root.FullPath}\"", root, env);
        RelativizeSymlinks(context, root);
    }

    /// <summary>Packages carry absolute symlinks (e.g. libm.so -> /lib/.../libm.so.6); inside a sysroot they must point into it, or the linker picks up the host's files.</summary>
    private static void RelativizeSymlinks(ICakeContext context, DirectoryPath root)
    {
        var links = new List<System.IO.FileSystemInfo>();
        var pending = new Stack<System.IO.DirectoryInfo>();
        pending.Push(new System.IO.DirectoryInfo(root.FullPath));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) links.Add(entry);
                else if (entry is System.IO.DirectoryInfo dir) pending.Push(dir);
            }
        }
        var count = 0;
        foreach (var link in links)
        {
            var target = link.LinkTarget!;
            if (!target.StartsWith('/')) continue;
            var linkDir = System.IO.Path.GetDirectoryName(link.FullName)!;
            var relative = System.IO.Path.GetRelativePath(linkDir, System.IO.Path.Join(root.FullPath, target));
            link.Delete();
            System.IO.File.CreateSymbolicLink(link.FullName, relative);
            count++;
        }
        context.Verbose($"Rewrote {count} absolute symlinks in {root} as relative ones.");
    }

    private static IReadOnlyList<string> Run(ICakeContext context, string tool, string arguments, DirectoryPath workingDirectory, IDictionary<string, string> env)
    {
        var result = Processes.Run(context, tool, arguments, env, workingDirectory, silent: false);
        foreach (var line in result.Stdout) context.Verbose(line);
        return result.Exit == 0 ? result.Stderr
            : throw new InvalidOperationException($"{tool} {arguments} exited with {result.Exit}: {string.Join(" | ", result.Stderr.TakeLast(5))}");
    }
}
