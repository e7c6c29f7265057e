// TestArm64: the end-to-end tests again, against the published aarch64 binary under qemu-user (after Publish), so the
// binary we ship for ARM servers is exercised as far as the x86-64 one. The in-process unit tests do not run the
// binary and run once, in Test.

Task("TestArm64")
    .Description("Runs the end-to-end tests against artifacts/publish/linux-arm64 under qemu-aarch64 (results counted with Test's).")
    .IsDependentOn("Publish")
    .WithCriteria<BuildContext>((ctx, build) => !build.SkipTests, "--skip-tests")
    .Does<BuildContext>((ctx, build) =>
{
    var wrapper = Arm64Lane.WriteWrapper(ctx, build);
    try
    {
        ctx.DotNetTest(null, new DotNetTestSettings
        {
            Filter = Arm64Lane.Filter,
            Loggers = new[] { $"trx;LogFilePrefix={Arm64Lane.ResultPrefix}" },
            ResultsDirectory = build.TestResults,
            WorkingDirectory = build.Root,
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["ILERT_NOTIFY_BIN"] = wrapper.FullPath,
                ["ILERT_NOTIFY_ARCH"] = "aarch64",
                ["ILERT_NOTIFY_TIME_FACTOR"] = Arm64Lane.TimeFactor,
                ["ILERT_NOTIFY_SYSROOT"] = Arm64Lane.StagedSysroot.FullPath,
            },
            // One test class at a time: a notifier under qemu peaks near 340 MB, and some tests start dozens at once.
            ArgumentCustomization = args => args.Append("--").Append("xUnit.MaxParallelThreads=1"),
        });
    }
    finally
    {
        TestSummary.Report(ctx, build);
    }
});
