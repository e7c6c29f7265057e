// Clean, Restore and Test: the .NET solution at the repository root.

Task("Clean")
    .Description("Deletes artifacts/ and the solution's build outputs (the sysroot cache stays).")
    .Does<BuildContext>((ctx, build) =>
{
    ctx.CleanDirectory(build.Artifacts);
    ctx.DotNetClean(build.Root.FullPath, new DotNetCleanSettings { Verbosity = DotNetVerbosity.Minimal });
});

Task("Restore")
    .Description("Restores the solution's NuGet packages, and the native runtime packs of both architectures.")
    .IsDependentOn("Clean")
    .Does<BuildContext>((ctx, build) =>
{
    ctx.DotNetRestore(build.Root.FullPath);
    foreach (var arch in build.Architectures)
        ctx.DotNetRestore(build.Project.FullPath, new DotNetRestoreSettings
        {
            Runtime = arch.Rid,
            ArgumentCustomization = args => args.Append("--artifacts-path").AppendQuoted(build.PublishArtifactsPath.FullPath),
        });
});

Task("Test")
    .Description("Runs the README's test command, `dotnet test`, with a TRX logger into artifacts/test-results.")
    .IsDependentOn("Restore")
    .WithCriteria<BuildContext>((ctx, build) => !build.SkipTests, "--skip-tests")
    .Does<BuildContext>((ctx, build) =>
{
    // Exactly the README's command (`dotnet test` at the repository root, no project argument) plus a TRX logger
    // and a results directory that CI counts; nothing else changes how tests run.
    try
    {
        ctx.DotNetTest(null, new DotNetTestSettings
        {
            Loggers = new[] { "trx;LogFilePrefix=x64" },
            ResultsDirectory = build.TestResults,
            WorkingDirectory = build.Root,
        });
    }
    finally
    {
        TestSummary.Report(ctx, build);
    }
});
