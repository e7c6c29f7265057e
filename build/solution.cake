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
    // Exactly the README's command plus a results file CI can count; nothing else changes how tests run.
    var exit = ctx.StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("test")
            .Append("--logger").AppendQuoted("trx;LogFilePrefix=results")
            .Append("--results-directory").AppendQuoted(build.TestResults.FullPath),
        WorkingDirectory = build.Root,
    });
    TestSummary.Report(ctx, build);
    if (exit != 0) throw new CakeException(exit, $"dotnet test exited with {exit}");
});

public static class TestSummary
{
    /// <summary>Counts the TRX results so the task log shows them even when the test runner's own summary scrolled away.</summary>
    public static (int Passed, int Failed) Report(ICakeContext context, BuildContext build)
    {
        int passed = 0, failed = 0;
        foreach (var trx in context.GetFiles(build.TestResults.FullPath + "/*.trx"))
        {
            var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            passed += (int?)counters.Attribute("passed") ?? 0;
            failed += (int?)counters.Attribute("failed") ?? 0;
        }
        context.Information($"Tests: {passed} passed, {failed} failed");
        return (passed, failed);
    }
}
