// Verify, for each architecture in the packages: the shipped binary itself saves, sends and sets a rejection aside
// against the loopback stand-in (the aarch64 one under qemu-aarch64), so a platform bug fails the build, not a site.

public static class DeliveryCheck
{
    /// <returns>Each check's result and what it checked.</returns>
    public static IReadOnlyList<(bool Ok, string What)> Run(ICakeContext ctx, BuildContext build, Architecture arch)
    {
        var results = new List<(bool, string)>();
        var work = new DirectoryPath(System.IO.Directory.CreateTempSubdirectory($"ilert-verify-{arch.Rid}-").FullName);
        var spool = work.Combine("spool");
        try
        {
            using var ilert = new LoopbackIlert(request => request.Body.Contains(">verify-reject<") ? 400 : 202);
            var (exit, output) = Save(ctx, build, arch, ilert.Endpoint, spool, "verify-save");
            results.Add((exit == 0 && Clean(output), $"{arch.Rid}: a save exits 0 and logs no warning or error (exit {exit}) {Problems(output)}"));
            (exit, output) = Save(ctx, build, arch, ilert.Endpoint, spool, "verify-reject");
            results.Add((exit == 0 && !output.Contains("[WRN]"), $"{arch.Rid}: a save that iLert rejects exits 0 and logs no warning (exit {exit}) {Tail(output)}"));

            // A flush holds spool/.lock: a save that finds it taken only spools (.NET's FileShare.None is a flock on Linux).
            var lockFile = spool.CombineWithFilePath(".lock").FullPath;
            using (new System.IO.FileStream(lockFile, System.IO.FileMode.OpenOrCreate, System.IO.FileAccess.ReadWrite, System.IO.FileShare.None))
            {
                (exit, output) = Save(ctx, build, arch, ilert.Endpoint, spool, "verify-later");
            }
            var queued = ctx.GetFiles(spool.FullPath + "/*.event").Count;
            results.Add((exit == 0 && queued == 1 && Clean(output), $"{arch.Rid}: a save while a flush holds the lock exits 0, logs no warning or error and leaves its event queued (exit {exit}, {queued} queued) {Problems(output)}"));
            (exit, output) = Notifier(ctx, build, arch, $"send -d \"{spool.FullPath}\"", new Dictionary<string, string>());
            results.Add((exit == 0 && Clean(output), $"{arch.Rid}: send exits 0 and logs no warning or error (exit {exit}) {Problems(output)} {Tail(output)}"));

            var received = ilert.WaitForRequests(3, TimeSpan.FromSeconds(10));
            int Count(string host) => received.Count(r => r.Path == "/api/v1/events/nagios" && r.Body.Contains($">{host}<"));
            results.Add((Count("verify-save") == 1 && Count("verify-later") == 1 && Count("verify-reject") == 1 && received.Count == 3,
                $"{arch.Rid}: the stand-in received each event once (save {Count("verify-save")}, send {Count("verify-later")}, rejected {Count("verify-reject")}; {received.Count} requests)"));
            var failed = spool.Combine("failed");
            var failedEvents = ctx.GetFiles(failed.FullPath + "/*.event");
            var reasons = ctx.GetFiles(failed.FullPath + "/*.reason");
            var rejectionKept = failedEvents.Count == 1 && reasons.Count == 1
                && System.IO.File.ReadAllText(failedEvents.Single().FullPath).Contains(">verify-reject<")
                && System.IO.File.ReadAllText(reasons.Single().FullPath).Contains("status: 400");
            queued = ctx.GetFiles(spool.FullPath + "/*.event").Count;
            var setAside = ctx.GetFiles(spool.FullPath + "/*.rejected").Count;
            results.Add((rejectionKept && queued == 0 && setAside == 0,
                $"{arch.Rid}: the rejection landed in failed/ with its reason (status 400), nothing left queued or set aside ({failedEvents.Count} failed, {reasons.Count} reasons, {queued} queued, {setAside} set aside)"));
        }
        finally
        {
            ctx.DeleteDirectory(work, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
        return results;
    }

    private static ProcessResult Save(ICakeContext ctx, BuildContext build, Architecture arch, string endpoint, DirectoryPath spool, string host)
    {
        var env = Verification.NotificationContext(endpoint).ToDictionary(pair => pair.Item1, pair => pair.Item2);
        env["NOTIFY_HOSTNAME"] = host;
        env["NOTIFY_PARAMETER_SPOOL_DIR"] = spool.FullPath;
        return Notifier(ctx, build, arch, "", env);
    }

    /// <summary>The published binary of <paramref name="arch"/>: natively, or under qemu-aarch64 with the sysroot it was linked against.</summary>
    public static ProcessResult Notifier(ICakeContext ctx, BuildContext build, Architecture arch, string arguments, IDictionary<string, string> env)
    {
        var binary = build.Binary(arch).FullPath;
        return arch == BuildContext.X64
            ? Processes.Run(ctx, binary, arguments, env)
            : Processes.Run(ctx, "qemu-aarch64", $"-L \"{Verification.Arm64Loader(build).FullPath}\" \"{binary}\" {arguments}", env);
    }

    /// <summary>No warning and no error: a platform fault may still deliver (a directory fsync refused) and only warn.</summary>
    private static bool Clean(string output) => !output.Contains("[WRN]") && !output.Contains("[ERR]");

    private static string Problems(string output) =>
        string.Join(" | ", output.Split('\n').Where(line => line.Contains("[WRN]") || line.Contains("[ERR]")).Select(line => line.Trim()));

    private static string Tail(string output) =>
        output.Split('\n').LastOrDefault(line => line.Trim().Length > 0)?.Trim() is { } last ? $"('{last}')" : "";
}
