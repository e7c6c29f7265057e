// The one count of the TRX results: the Test task logs it and writes it for .ci/run (artifacts/test-results/summary.txt).

public static class TestSummary
{
    /// <summary>Failed means failed + error + timeout + aborted: every outcome that is not a pass or a deliberate skip.</summary>
    public static (int Passed, int Failed) Report(ICakeContext context, BuildContext build)
    {
        int passed = 0, failed = 0;
        // One TRX per lane (Test: x64_*.trx, TestArm64: arm64_*.trx): each lane's count, then the total.
        foreach (var trx in context.GetFiles(build.TestResults.FullPath + "/*.trx").OrderBy(f => f.FullPath))
        {
            var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            int Count(string name) => (int?)counters.Attribute(name) ?? 0;
            var lanePassed = Count("passed");
            var laneFailed = Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            context.Information($"Tests {trx.GetFilenameWithoutExtension().FullPath.Split('_')[0]}: {lanePassed} passed, {laneFailed} failed");
            passed += lanePassed;
            failed += laneFailed;
        }
        context.Information($"Tests: {passed} passed, {failed} failed");
        context.EnsureDirectoryExists(build.TestResults);
        System.IO.File.WriteAllText(build.TestSummaryFile.FullPath, $"{passed} {failed}\n");
        return (passed, failed);
    }
}
