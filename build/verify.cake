// Verify: the packages as a Checkmk site would see them.
//  1. read each .mkp like Checkmk's package tool, check manifest against contents;
//  2. install it into a temporary fake site and run the notification wrapper with a
//     Checkmk-like NOTIFY_* environment against a loopback "iLert" that must receive one event;
//  3. run the x64 binary, the arm64 binary under qemu-aarch64 (each: a save, a send, a rejection into failed/, against a
//     loopback iLert), the dispatcher on an unsupported machine;
//  4. check the GLIBC symbol baseline, byte-compile the rule forms, syntax-check the cron file;
//  5. Checkmk's package rules across both flavours (version order, the support matrix of build/verify/support_matrix.json),
//     and a self-test that wrong packages and wrong bounds are refused and Checkmk 2.5 version strings parse.

Task("Verify")
    .Description("Checks both .mkp files end to end (fake site + loopback iLert, qemu, GLIBC baseline, py_compile, cron).")
    .IsDependentOn("Pack")
    .Does<BuildContext>((ctx, build) =>
{
    var checker = build.MkpCheck;
    var failures = new List<string>();
    void Check(bool ok, string what)
    {
        if (ok) ctx.Information($"  ok   {what}");
        else { ctx.Error($"  FAIL {what}"); failures.Add(what); }
    }

    // 3./4. The binaries themselves.
    foreach (var arch in build.Architectures)
    {
        var binary = build.Binary(arch);
        var glibc = Verification.HighestGlibc(ctx, binary);
        Check(Verification.VersionAtMost(glibc, build.GlibcBaseline),
            $"{arch.Rid}: needs {glibc ?? "no"} GLIBC symbol version (at most GLIBC_{build.GlibcBaseline})"
            + (Sysroots.IsComplete(build, arch) ? "" : " [no Debian 11 sysroot in the cache: linked against the HOST glibc]"));
        var (exit, output) = DeliveryCheck.Notifier(ctx, build, arch, "--version", null);
        Check(exit == 0 && output.Trim() == build.Version,
            $"{arch.Rid}: `ilert-notify --version`{(arch == BuildContext.Arm64 ? " under qemu-aarch64" : "")} printed '{output.Trim()}' (exit {exit}), want '{build.Version}'");
        foreach (var (ok, what) in DeliveryCheck.Run(ctx, build, arch)) Check(ok, what);
    }

    foreach (var flavour in build.Flavours)
    {
        var mkp = build.PackageFileName(flavour);
        ctx.Information($"{mkp.GetFilename()}:");

        // 1. The package as Checkmk reads it, and Checkmk's package rules: one rule form; the rulesets one needs 2.4.0p4.
        var (exit, output) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" check \"{mkp.FullPath}\"");
        Check(exit == 0, $"manifest matches contents and Checkmk's package rules ({output.Trim()})");

        // 2. Installed into a fake site.
        var site = new DirectoryPath(System.IO.Directory.CreateTempSubdirectory("ilert-verify-site-").FullName);
        try
        {
            (exit, output) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" extract \"{mkp.FullPath}\" \"{site.FullPath}\"");
            Check(exit == 0, "extracts into a fake site like `mkp install`");
            foreach (var dir in new[] { "var/log", "etc/cron.d", "tmp" }) ctx.EnsureDirectoryExists(site.Combine(dir));

            var wrapper = site.CombineWithFilePath("local/share/check_mk/notifications/ilert_notify");
            var header = System.IO.File.ReadLines(wrapper.FullPath).Take(3).ToArray();
            // Line 2 is the title in the rule editor's method list; Checkmk's built-in `ilert` script is titled "iLert".
            Check(header.Length == 3 && header[1] == "# " + build.MethodTitle && header[1] != "# iLert" && header[2] == "# Bulk: yes",
                $"wrapper header names the method \"{build.MethodTitle}\" (not the built-in \"iLert\") and allows bulk (line 2: '{(header.Length > 1 ? header[1] : "")}')");

            (exit, output) = Processes.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "--version", Verification.SiteEnvironment(site));
            Check(exit == 0 && output.Trim() == build.Version, $"dispatcher local/bin/ilert-notify picks this machine's build ('{output.Trim()}')");

            (exit, output) = Verification.UnsupportedMachine(ctx, site);
            Check(exit == 2 && output.Contains("unsupported machine type 'riscv64'"), $"dispatcher refuses an unsupported machine with exit 2 ('{output.Trim()}')");

            using (var ilert = new LoopbackIlert())
            {
                var env = Verification.SiteEnvironment(site);
                foreach (var (key, value) in Verification.NotificationContext(ilert.Endpoint)) env[key] = value;
                (exit, output) = Processes.Run(ctx, wrapper.FullPath, "", env);
                var events = ilert.WaitForRequests(1, TimeSpan.FromSeconds(10));
                ctx.Information(string.Join("\n", output.Split('\n').Where(l => l.Length > 0).Select(l => "       | " + l)));
                Check(exit == 0, $"notification wrapper exits 0 (got {exit})");
                Check(events.Count == 1 && events.All(e => e.Method == "POST" && e.Path == "/api/v1/events/nagios"),
                    $"loopback iLert received one POST to /api/v1/events/nagios (got {string.Join(", ", events.Select(e => e.Method + " " + e.Path))})");
                var body = events.FirstOrDefault()?.Body ?? "";
                Check(body.Contains("<apiKey>il1verify0key</apiKey>") && body.Contains(">verify-host<") && body.Contains(">PROBLEM<"),
                    "the event carries the rule's API key and the notification's host and type");
                Check(body.Contains("<entry key=\"NOTIFY_HOSTLABEL_cmk/os_family\">linux</entry>"),
                    "the wrapper and the dispatcher pass on variables that are no shell identifiers (NOTIFY_HOSTLABEL_cmk/os_family)");
                // The first notification in a site installs the retry job by itself (no `omd` here: its reload is only logged).
                // Removed again, so that the checks of `setup` below start from a site without it.
                var autoInstalled = site.CombineWithFilePath("etc/cron.d/ilert_notify");
                Check(ctx.FileExists(autoInstalled), "the first notification installed the retry job etc/cron.d/ilert_notify by itself");
                if (ctx.FileExists(autoInstalled)) ctx.DeleteFile(autoInstalled);
            }

            // `ilert-notify setup` installs the shipped cron file and reloads the site crontab (a stand-in `omd` records the call).
            var omdLog = site.CombineWithFilePath("tmp/omd-calls");
            var setupEnv = Verification.WithFakeOmd(ctx, site, omdLog);
            var installedCron = site.CombineWithFilePath("etc/cron.d/ilert_notify");
            var shippedCron = site.CombineWithFilePath("local/lib/ilert_notify/ilert_notify.cron");
            (exit, output) = Processes.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup", setupEnv);
            var (exit2, _) = Processes.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup", setupEnv);
            Check(exit == 0 && exit2 == 0 && ctx.FileExists(installedCron)
                && System.IO.File.ReadAllText(installedCron.FullPath) == System.IO.File.ReadAllText(shippedCron.FullPath)
                && ctx.FileExists(omdLog) && System.IO.File.ReadAllText(omdLog.FullPath).Contains("reload crontab"),
                $"`ilert-notify setup` (twice) installs etc/cron.d/ilert_notify and runs `omd reload crontab` (exit {exit}/{exit2}) {output.Trim()}");
            (exit, output) = Processes.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup --remove", setupEnv);
            Check(exit == 0 && !ctx.FileExists(installedCron), $"`ilert-notify setup --remove` removes it again (exit {exit}) {output.Trim()}");

            // 4. Rule forms compile; the cron file parses.
            var forms = flavour.Files.Where(f => f.Path.EndsWith(".py"))
                .Select(f => site.Combine(Verification.SitePath(build, f.Part)).CombineWithFilePath(f.Path).FullPath).ToList();
            (exit, output) = Processes.Run(ctx, "python3", "-m py_compile " + string.Join(' ', forms.Select(f => $"\"{f}\"")));
            Check(exit == 0, $"python3 -m py_compile {string.Join(", ", flavour.Files.Where(f => f.Path.EndsWith(".py")).Select(f => f.Part + "/" + f.Path))} {output.Trim()}");

            var cron = site.CombineWithFilePath("local/lib/ilert_notify/ilert_notify.cron");
            (exit, output) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" cron \"{cron.FullPath}\"");
            Check(exit == 0, $"cron file: 5 time fields + command per job line ({output.Trim()})");
            var (crontabExit, crontabOutput) = Verification.VixieCrontab(ctx, cron);
            if (crontabExit is int code) Check(code == 0, $"cron file: Debian's crontab(1) accepts it ({crontabOutput.Trim()})");
            else ctx.Warning($"  skip crontab(1) check: {crontabOutput}");
        }
        finally
        {
            ctx.DeleteDirectory(site, new DeleteDirectorySettings { Recursive = true, Force = true });
        }
    }

    // 5. Both flavours as Checkmk's `mkp update-active` orders them, then proof that the rule checks refuse wrong packages.
    ctx.Information("Checkmk's package rules:");
    var pair = $"\"{build.PackageFileName(build.Plain).FullPath}\" \"{build.PackageFileName(build.Cmk24).FullPath}\" "
        + string.Join(' ', build.PublishedVersions.Select(v => $"\"{v}\""));
    var (rulesExit, rulesOutput) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" versions {pair}");
    Check(rulesExit == 0, $"versions: the 2.4 flavour sorts above the plain one, both above the published "
        + $"{string.Join(", ", build.PublishedVersions)} ({rulesOutput.Trim()})");
    // The flavours' version.min_required / version.usable_until against the one support matrix (README / INSTALL show it).
    (rulesExit, rulesOutput) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" matrix "
        + $"\"{build.PackageFileName(build.Plain).FullPath}\" \"{build.PackageFileName(build.Cmk24).FullPath}\"");
    Check(rulesExit == 0, $"min_required / usable_until of both flavours match {build.SupportMatrix.GetFilename()} "
        + $"as Checkmk's package tool compares them ({rulesOutput.Trim()})");
    (rulesExit, rulesOutput) = Processes.Run(ctx, "python3", $"\"{checker.FullPath}\" selftest {pair}");
    var cases = rulesOutput.Split('\n').Where(l => l.Trim().Length > 0).ToList();
    foreach (var line in cases) Check(!line.StartsWith("UNEXPECTED"), "self-test: " + line.Trim());
    Check(rulesExit == 0 && cases.Count > 0, $"self-test of the package rules ran {cases.Count} cases (exit {rulesExit})");

    if (failures.Count > 0)
        throw new CakeException($"Verify: {failures.Count} check(s) failed:\n  " + string.Join("\n  ", failures));
});
