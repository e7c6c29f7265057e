// HostCheck: the build's host-dependent steps, checked against hosts written the Ubuntu way, so "./build.sh works on
// Ubuntu" is tested on any machine (docs/BUILD.md "Building on Ubuntu"):
//   1. the sysroot's mirror (build/lib/apt-sources.cake) from apt sources as Ubuntu 24.04 (deb822 .sources, ports.ubuntu.com
//      for arm64) and 22.04 (one-line .list) write them, and from a Debian 12 host whose sources also hold Docker's
//      .../linux/debian repository: Debian's archive every time, never Ubuntu's nor a vendor's;
//   2. the arm64 sysroot really fetched with the Ubuntu 24.04 sources in place of the host's, into a temporary directory
//      (network: Debian's mirror), and checked for what Publish and the arm64 lane take from it;
//   3. build/apt-packages.txt resolved by build/apt-packages.sh as on Ubuntu 24.04 (whose cross libgcc is gcc 13's), with
//      stand-ins for dpkg-query and apt-cache: every line satisfiable, the varying name picked, an impossible line refused.

Task("HostCheck")
    .Description("The sysroot mirror and the apt package names checked against Ubuntu-style hosts (fetches the arm64 sysroot once, into a temp dir).")
    .Does<BuildContext>((ctx, build) =>
{
    var work = new DirectoryPath(System.IO.Directory.CreateTempSubdirectory("ilert-host-check-").FullName);
    var failures = new List<string>();
    void Expect(bool ok, string what) { if (ok) ctx.Information($"ok: {what}"); else { ctx.Error($"FAILED: {what}"); failures.Add(what); } }
    try
    {
        // 1. Which mirror.
        var noble = HostCheck.UbuntuNoble(work.Combine("noble-apt"));
        var jammy = HostCheck.UbuntuJammy(work.Combine("jammy-apt"));
        var bookworm = HostCheck.DebianWithDocker(work.Combine("bookworm-apt"));
        var debianOnly = new[] { AptSources.DebianRedirector, AptSources.DebianArchive };
        var fromNoble = AptSources.MirrorCandidates("", noble.FullPath);
        Expect(AptSources.Entries(noble.FullPath).Count == 4, $"Ubuntu 24.04 deb822 sources read: 4 deb entries (got {AptSources.Entries(noble.FullPath).Count})");
        Expect(fromNoble.SequenceEqual(debianOnly), $"Ubuntu 24.04 (deb822 .sources): Debian's redirector, then its archive (got {string.Join(", ", fromNoble)})");
        var fromJammy = AptSources.MirrorCandidates("", jammy.FullPath);
        Expect(AptSources.Entries(jammy.FullPath).Count == 4, $"Ubuntu 22.04 one-line sources read: 4 deb entries, deb-src skipped (got {AptSources.Entries(jammy.FullPath).Count})");
        Expect(fromJammy.SequenceEqual(debianOnly), $"Ubuntu 22.04 (one-line .list): Debian's redirector, then its archive (got {string.Join(", ", fromJammy)})");
        var fromBookworm = AptSources.MirrorCandidates("", bookworm.FullPath);
        Expect(fromBookworm.SequenceEqual(new[] { "http://mirror.example.net/debian" }.Concat(debianOnly)),
            $"Debian 12 with Docker's repository listed first: the host's Debian mirror, not Docker's (got {string.Join(", ", fromBookworm)})");
        Expect(AptSources.MirrorCandidates("http://given.example/debian/", noble.FullPath).SequenceEqual(new[] { "http://given.example/debian" }),
            "--debian-mirror alone when given");

        var fromHost = AptSources.MirrorCandidates("", "/etc/apt");
        ctx.Information($"This host's apt sources give: {string.Join(", ", fromHost)}");
        Expect(fromHost.Contains(AptSources.DebianRedirector) && fromHost.All(mirror => mirror.EndsWith("/debian")),
            "this host: only Debian mirrors, Debian's redirector among them");

        // 2. The sysroot, fetched as on Ubuntu 24.04.
        var root = work.Combine("sysroot-arm64");
        Sysroots.Fetch(ctx, BuildContext.Arm64, root, work.Combine("apt-arm64"), fromNoble);
        foreach (var file in new[] { "lib/aarch64-linux-gnu/libc.so.6", "usr/lib/aarch64-linux-gnu/libc.so", "usr/lib/aarch64-linux-gnu/libssl.so.1.1", "usr/include/linux/errno.h" })
            Expect(System.IO.File.Exists(root.CombineWithFilePath(file).FullPath), $"Ubuntu 24.04: the bullseye arm64 sysroot holds {file}");
        var (fileExit, fileOutput) = Processes.Run(ctx, "objdump", $"-f \"{root.CombineWithFilePath("lib/aarch64-linux-gnu/libc.so.6").FullPath}\"");
        Expect(fileExit == 0 && fileOutput.Contains("aarch64"), "its libc is aarch64's");
        var absolute = System.IO.Directory.EnumerateFileSystemEntries(root.FullPath, "*", System.IO.SearchOption.AllDirectories)
            .Select(path => new System.IO.FileInfo(path)).Count(info => info.LinkTarget is { } target && target.StartsWith('/'));
        Expect(absolute == 0, $"no absolute symlink left in it (found {absolute})");

        // 3. The package names.
        var (exit, output, stderr) = HostCheck.ResolvePackages(ctx, build.Root, work.Combine("fake-bin"), build.Root.CombineWithFilePath("build/apt-packages.txt"), installed: new[] { "dpkg", "python3", "git" },
            available: HostCheck.Noble);
        Expect(exit == 0, $"Ubuntu 24.04: every line of build/apt-packages.txt can be installed (exit {exit}: {stderr})");
        Expect(output.Contains("libgcc-13-dev-arm64-cross") && !output.Contains("libgcc-12-dev-arm64-cross"), "Ubuntu 24.04: libgcc-13-dev-arm64-cross picked for the cross libgcc");
        Expect(!output.Contains("dpkg") && output.Contains("clang"), "installed lines are left out, missing ones named");
        var (satisfiedExit, satisfied, _) = HostCheck.ResolvePackages(ctx, build.Root, work.Combine("fake-bin"), build.Root.CombineWithFilePath("build/apt-packages.txt"),
            installed: HostCheck.Noble, available: HostCheck.Noble);
        Expect(satisfiedExit == 0 && satisfied.Trim().Length == 0, "with libgcc-13-dev-arm64-cross installed, nothing is missing (build.sh no longer insists on libgcc-12's name)");
        var impossible = work.CombineWithFilePath("impossible.txt");
        System.IO.File.WriteAllText(impossible.FullPath, "clang\nlibgcc-9-dev-arm64-cross | libgcc-10-dev-arm64-cross\n");
        var (refusedExit, _, refused) = HostCheck.ResolvePackages(ctx, build.Root, work.Combine("fake-bin"), impossible, installed: new string[0], available: HostCheck.Noble);
        Expect(refusedExit == 3 && refused.Contains("libgcc-9-dev-arm64-cross, libgcc-10-dev-arm64-cross"), $"a line none of whose names the release has is refused, named (exit {refusedExit}: {refused})");
    }
    finally
    {
        ctx.DeleteDirectory(work, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
    if (failures.Count > 0) throw new CakeException($"HostCheck: {failures.Count} check(s) failed: {string.Join("; ", failures)}");
    ctx.Information("HostCheck: all checks passed.");
});

public static class HostCheck
{
    /// <summary>Ubuntu 24.04's package names the build needs (its cross libgcc is gcc 13's; no gcc 12 cross libgcc assumed).</summary>
    public static readonly string[] Noble =
    {
        "clang", "lld", "libc6-dev-arm64-cross", "libgcc-13-dev-arm64-cross", "qemu-user", "binutils", "dpkg", "debian-archive-keyring",
        "python3", "cron", "ca-certificates", "git", "nagios4-core", "icinga2-bin",
    };

    /// <summary>Ubuntu 24.04: sources.list only points to ubuntu.sources (deb822), amd64 from the archive, arm64 from ports.</summary>
    public static DirectoryPath UbuntuNoble(DirectoryPath apt)
    {
        System.IO.Directory.CreateDirectory(apt.Combine("sources.list.d").FullPath);
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list").FullPath,
            "# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n");
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list.d/ubuntu.sources").FullPath, string.Join("\n",
            "Types: deb",
            "URIs: http://archive.ubuntu.com/ubuntu/",
            "Suites: noble noble-updates noble-backports",
            "Components: main restricted universe multiverse",
            "Architectures: amd64",
            "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg",
            "",
            "Types: deb",
            "URIs: http://security.ubuntu.com/ubuntu/",
            "Suites: noble-security",
            "Components: main restricted universe multiverse",
            "Architectures: amd64",
            "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg",
            "",
            "# the arm64 half of a cross-building host",
            "Types: deb",
            "URIs: http://ports.ubuntu.com/ubuntu-ports/",
            "Suites: noble noble-updates noble-security",
            "Components: main restricted universe multiverse",
            "Architectures: arm64",
            "Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg",
            "",
            "Types: deb-src",
            "URIs: http://archive.ubuntu.com/ubuntu/",
            "Suites: noble",
            "Components: main",
            "Enabled: no",
            ""));
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list.d/docker.sources").FullPath, string.Join("\n",
            "Types: deb", "URIs: https://download.docker.com/linux/ubuntu", "Suites: noble", "Components: stable",
            "Signed-By: /etc/apt/keyrings/docker.asc", ""));
        return apt;
    }

    /// <summary>Ubuntu 22.04: one-line sources.list with [arch=] options, ports for arm64, a deb-src line.</summary>
    public static DirectoryPath UbuntuJammy(DirectoryPath apt)
    {
        System.IO.Directory.CreateDirectory(apt.FullPath);
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list").FullPath, string.Join("\n",
            "deb [arch=amd64] http://archive.ubuntu.com/ubuntu/ jammy main restricted universe",
            "deb [arch=amd64] http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted universe",
            "deb [arch=amd64] http://security.ubuntu.com/ubuntu/ jammy-security main restricted universe",
            "deb [arch=arm64] http://ports.ubuntu.com/ubuntu-ports/ jammy main restricted universe  # cross libraries",
            "# deb http://archive.canonical.com/ubuntu jammy partner",
            "deb-src http://archive.ubuntu.com/ubuntu/ jammy main restricted",
            ""));
        return apt;
    }

    /// <summary>Debian 12 with Docker's repository (it ends in /debian) in sources.list, read before debian.sources.</summary>
    public static DirectoryPath DebianWithDocker(DirectoryPath apt)
    {
        System.IO.Directory.CreateDirectory(apt.Combine("sources.list.d").FullPath);
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list").FullPath,
            "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable\n"
            + "deb [signed-by=/usr/share/keyrings/mongodb.gpg] https://repo.mongodb.org/apt/debian bookworm/mongodb-org/7.0 main\n");
        System.IO.File.WriteAllText(apt.CombineWithFilePath("sources.list.d/debian.sources").FullPath, string.Join("\n",
            "Types: deb",
            "URIs: http://mirror.example.net/debian",
            "Suites: bookworm bookworm-updates",
            "Components: main",
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
            "",
            "Types: deb",
            "URIs: http://deb.debian.org/debian-security",
            "Suites: bookworm-security",
            "Components: main",
            "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
            ""));
        return apt;
    }

    /// <summary>Runs build/apt-packages.sh pick with stand-ins for dpkg-query and apt-cache that know the given packages.</summary>
    public static (int Exit, string Stdout, string Stderr) ResolvePackages(ICakeContext ctx, DirectoryPath root, DirectoryPath fakeBin, FilePath list, string[] installed, string[] available)
    {
        System.IO.Directory.CreateDirectory(fakeBin.FullPath);
        WriteTool(fakeBin.CombineWithFilePath("dpkg-query"),
            "name=${!#}; case \" $FAKE_INSTALLED \" in *\" $name \"*) printf 'install ok installed';; *) echo \"dpkg-query: no packages found matching $name\" >&2; exit 1;; esac");
        WriteTool(fakeBin.CombineWithFilePath("apt-cache"),
            "name=$2; case \" $FAKE_AVAILABLE \" in *\" $name \"*) printf '%s:\\n  Installed: (none)\\n  Candidate: 1.0-1\\n' \"$name\";; *) ;; esac");
        var result = Processes.Run(ctx, "bash", $"build/apt-packages.sh pick \"{list.FullPath}\"", new Dictionary<string, string>
        {
            ["PATH"] = fakeBin.FullPath + ":/usr/bin:/bin",
            ["FAKE_INSTALLED"] = string.Join(' ', installed),
            ["FAKE_AVAILABLE"] = string.Join(' ', available),
        }, root);
        return (result.Exit, string.Join("\n", result.Stdout), string.Join("\n", result.Stderr));
    }

    private static void WriteTool(FilePath path, string body)
    {
        System.IO.File.WriteAllText(path.FullPath, "#!/bin/bash\n# stand-in for the HostCheck target (build/host-check.cake)\n" + body + "\n");
        System.IO.File.SetUnixFileMode(path.FullPath, (UnixFileMode)0b111_101_101);
    }
}
