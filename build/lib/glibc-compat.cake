// The GLIBC compatibility shim linked into the binaries (Publish).

public static class GlibcCompat
{
    /// <summary>Compiles build/native/glibc_compat.c for one architecture with the same clang and sysroot the link uses.</summary>
    public static FilePath Compile(ICakeContext context, BuildContext build, Architecture arch, DirectoryPath sysroot)
    {
        var outDir = build.Artifacts.Combine("native").Combine(arch.Rid);
        context.EnsureDirectoryExists(outDir);
        var obj = outDir.CombineWithFilePath("glibc_compat.o");
        var args = new ProcessArgumentBuilder()
            .Append($"--target={arch.ClangTarget}")
            .Append("-O2").Append("-fPIC").Append("-ffreestanding").Append("-c")
            // No build path in the object (no -g, so today only a safeguard should someone add one).
            .AppendQuoted($"-ffile-prefix-map={build.Root.FullPath}/=")
            .AppendQuoted(build.BuildScripts.CombineWithFilePath("native/glibc_compat.c").FullPath)
            .Append("-o").AppendQuoted(obj.FullPath);
        if (sysroot is not null) args.Append($"--sysroot={sysroot.FullPath}");
        var exit = context.StartProcess("clang", new ProcessSettings { Arguments = args, WorkingDirectory = build.Root });
        if (exit != 0) throw new CakeException(exit, $"clang failed to compile the glibc shim for {arch.Rid}");
        return obj;
    }
}
