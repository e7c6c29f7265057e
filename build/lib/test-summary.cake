// The one count of the TRX results: the Test task logs it and writes it for .ci/run (artifacts/test-results/summary.txt).

public static class TestSummary
{
    /// <summary>Failed means failed + error + timeout + aborted: every outcome that is not a pass or a deliberate skip.</summary>
    public static (int Passed, int Failed) Report(ICakeContext context, BuildContext build)
    {
        int passed = 0, failed = 0;
        foreach (var trx in context.GetFiles(build.TestResults.FullPath + "/*.trx"))
        {
            var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            int Count(string name) => (int?)counters.Attribute(name) ?? 0;
            passed += Count("passed");
            failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        }
        context.Information($"Tests: {passed} passed, {failed} failed");
        context.EnsureDirectoryExists(build.TestResults);
        System.IO.File.WriteAllText(build.TestSummaryFile.FullPath, $"{passed} {failed}\n");
        return (passed, failed);
    }
}
