// Publish: NativeAOT builds of the notifier for linux-x64 and linux-arm64, linked against the
// Debian 11 sysroot plus the log/pow shim so they run on glibc 2.17 and newer, with no trace of
// the checkout's path in them (build/native/reproducible.targets; checked by Reproducible).

Task("Publish")
    .Description("NativeAOT-publishes plugin/ for linux-x64 and linux-arm64 into artifacts/publish/<rid>.")
    .IsDependentOn("Test")
    .Does<BuildContext>((ctx, build) =>
{
    foreach (var arch in build.Architectures)
    {
        var sysroot = Sysroots.Ensure(ctx, build, arch);
        var shim = GlibcCompat.Compile(ctx, build, arch, sysroot);
        var output = build.PublishDir(arch);
        ctx.CleanDirectory(output);
        // The native link is incremental on its object files only: a different sysroot or shim would not relink.
        var native = build.PublishArtifactsPath.Combine($"obj/IlertNotify/{build.Configuration.ToLowerInvariant()}_{arch.Rid}/native");
        if (ctx.DirectoryExists(native)) ctx.DeleteDirectory(native, new DeleteDirectorySettings { Recursive = true, Force = true });

        var msbuild = new DotNetMSBuildSettings()
            // publish.targets imports glibc-compat.targets (the shim) and reproducible.targets (no build paths).
            .WithProperty("CustomAfterMicrosoftCommonTargets", build.BuildScripts.CombineWithFilePath("native/publish.targets").FullPath)
            .WithProperty("IlertGlibcCompatObject", shim.FullPath)
            // The product's own settings (Directory.Build.props) say Deterministic; keep paths out of the binary too:
            // source paths as /_/ (ContinuousIntegrationBuild + PathMap), a fixed soname instead of the -o path.
            .WithProperty("ContinuousIntegrationBuild", "true")
            .WithProperty("IlertReproducible", "true")
            .WithProperty("IlertSourceRoot", build.Root.FullPath)
            // lld links both architectures; the host's ld.bfd cannot emit aarch64.
            .WithProperty("LinkerFlavor", "lld");
        if (sysroot is not null) msbuild.WithProperty("SysRoot", sysroot.FullPath);

        ctx.DotNetPublish(build.Project.FullPath, new DotNetPublishSettings
        {
            Configuration = build.Configuration,
            Runtime = arch.Rid,
            OutputDirectory = output,
            MSBuildSettings = msbuild,
            ArgumentCustomization = args => args.Append("--artifacts-path").AppendQuoted(build.PublishArtifactsPath.FullPath),
        });

        var binary = build.Binary(arch);
        if (!ctx.FileExists(binary)) throw new CakeException($"publish produced no {binary}");
        ctx.Information($"{arch.Rid}: {binary} ({new System.IO.FileInfo(binary.FullPath).Length:N0} bytes)");
    }
});
