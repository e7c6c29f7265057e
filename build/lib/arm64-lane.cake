// The arm64 lane's settings and its qemu wrapper (TestArm64; docs/BUILD.md "The arm64 lane").

public static class Arm64Lane
{
    /// <summary>Every test but the in-process unit tests (namespace IlertNotify.Tests.Unit), which never run the binary.</summary>
    public const string Filter = "FullyQualifiedName!~IlertNotify.Tests.Unit.";

    public const string ResultPrefix = "arm64";

    /// <summary>
    /// How much slower tests that measure speed may find the emulated binary: a save takes 1-2 s under qemu-user
    /// instead of ~10 ms plus process start. Only speed limits are scaled; order, content and counts are not.
    /// </summary>
    public const string TimeFactor = "8";

    /// <summary>
    /// The aarch64 system qemu runs the binary on: the Debian 11 sysroot it was linked against (glibc 2.31, OpenSSL
    /// 1.1, the oldest we support), as in Verify. Fault shims are compiled against it too (ILERT_NOTIFY_SYSROOT).
    /// </summary>
    public static DirectoryPath Loader(BuildContext build) => Verification.Arm64Loader(build);

    /// <summary>
    /// &lt;temp&gt;/ilert-arm64-lane/ilert-notify: runs the published aarch64 binary under qemu-aarch64 with all arguments.
    /// The binary and the sysroot are staged beside it, world-readable outside the checkout: monitoring cores run it as
    /// their own user, who may not reach into a checkout below a private directory. Absolute paths only: tests run it
    /// with a cleared environment. bash, because dash drops variables like NOTIFY_HOSTLABEL_cmk/os_family on exec.
    /// </summary>
    public static FilePath WriteWrapper(ICakeContext ctx, BuildContext build)
    {
        var qemu = ctx.Tools.Resolve("qemu-aarch64") ?? throw new CakeException("qemu-aarch64 not found (apt package qemu-user, build/apt-packages.txt)");
        var binary = build.Binary(BuildContext.Arm64);
        if (!ctx.FileExists(binary)) throw new CakeException($"no published arm64 binary at {binary}: run Publish first");
        var directory = StagingDirectory;
        if (ctx.DirectoryExists(directory)) ctx.DeleteDirectory(directory, new DeleteDirectorySettings { Recursive = true, Force = true });
        ctx.EnsureDirectoryExists(directory);
        var sysroot = directory.Combine("sysroot");
        var (exit, output) = Processes.Run(ctx, "cp", $"-a \"{Loader(build).FullPath}/.\" \"{sysroot.FullPath}\"");
        if (exit != 0) throw new CakeException($"cannot stage the arm64 sysroot: {output}");
        var staged = directory.CombineWithFilePath("ilert-notify-aarch64");
        ctx.CopyFile(binary, staged);
        Processes.Run(ctx, "chmod", $"-R a+rX \"{directory.FullPath}\"");
        var wrapper = directory.CombineWithFilePath("ilert-notify");
        System.IO.File.WriteAllText(wrapper.FullPath,
            "#!/bin/bash\n"
            + "# The arm64 lane (build/test-arm64.cake): the published aarch64 notifier under qemu-user.\n"
            + $"exec '{qemu.FullPath}' -L '{sysroot.FullPath}' '{staged.FullPath}' \"$@\"\n");
        System.IO.File.SetUnixFileMode(wrapper.FullPath, (UnixFileMode)0b111_101_101);
        return wrapper;
    }

    /// <summary>Where the lane stages its files: in the system's temp directory, which every user can traverse.</summary>
    public static DirectoryPath StagingDirectory => new DirectoryPath(System.IO.Path.GetTempPath()).Combine("ilert-arm64-lane");

    /// <summary>The staged sysroot the fault shims are compiled against (ILERT_NOTIFY_SYSROOT).</summary>
    public static DirectoryPath StagedSysroot => StagingDirectory.Combine("sysroot");
}
