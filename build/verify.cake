// Verify: the packages as a Checkmk site would see them.
//  1. read each .mkp like Checkmk's package tool, check manifest against contents;
//  2. install it into a temporary fake site and run the notification wrapper with a
//     Checkmk-like NOTIFY_* environment against a loopback "iLert" that must receive one event;
//  3. run the x64 binary, the arm64 binary under qemu-aarch64, the dispatcher on an unsupported machine;
//  4. check the GLIBC symbol baseline, byte-compile the rule forms, syntax-check the cron file;
//  5. Checkmk's package rules across both flavours (version order, the support matrix of build/verify/support_matrix.json),
//     and a self-test that wrong packages and wrong bounds are refused and Checkmk 2.5 version strings parse.

using System.Net;
using System.Collections.Concurrent;

Task("Verify")
    .Description("Checks both .mkp files end to end (fake site + loopback iLert, qemu, GLIBC baseline, py_compile, cron).")
    .IsDependentOn("Pack")
    .Does<BuildContext>((ctx, build) =>
{
    var checker = build.BuildScripts.CombineWithFilePath("verify/mkp_check.py");
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
        var (exit, output) = arch == BuildContext.X64
            ? Verification.Run(ctx, binary.FullPath, "--version")
            : Verification.Run(ctx, "qemu-aarch64", $"-L \"{Verification.Arm64Loader(build).FullPath}\" \"{binary.FullPath}\" --version");
        Check(exit == 0 && output.Trim() == build.Version,
            $"{arch.Rid}: `ilert-notify --version`{(arch == BuildContext.Arm64 ? " under qemu-aarch64" : "")} printed '{output.Trim()}' (exit {exit}), want '{build.Version}'");
    }

    foreach (var flavour in build.Flavours)
    {
        var mkp = build.PackageFileName(flavour);
        ctx.Information($"{mkp.GetFilename()}:");

        // 1. The package as Checkmk reads it, and Checkmk's package rules: one rule form; the rulesets one needs 2.4.0p4.
        var (exit, output) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" check \"{mkp.FullPath}\"");
        Check(exit == 0, $"manifest matches contents and Checkmk's package rules ({output.Trim()})");

        // 2. Installed into a fake site.
        var site = new DirectoryPath(System.IO.Directory.CreateTempSubdirectory("ilert-verify-site-").FullName);
        try
        {
            (exit, output) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" extract \"{mkp.FullPath}\" \"{site.FullPath}\"");
            Check(exit == 0, "extracts into a fake site like `mkp install`");
            foreach (var dir in new[] { "var/log", "etc/cron.d", "tmp" }) ctx.EnsureDirectoryExists(site.Combine(dir));

            var wrapper = site.CombineWithFilePath("local/share/check_mk/notifications/ilert_notify");
            var header = System.IO.File.ReadLines(wrapper.FullPath).Take(3).ToArray();
            // Line 2 is the title in the rule editor's method list; Checkmk's built-in `ilert` script is titled "iLert".
            Check(header.Length == 3 && header[1] == "# " + build.MethodTitle && header[1] != "# iLert" && header[2] == "# Bulk: yes",
                $"wrapper header names the method \"{build.MethodTitle}\" (not the built-in \"iLert\") and allows bulk (line 2: '{(header.Length > 1 ? header[1] : "")}')");

            (exit, output) = Verification.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "--version", Verification.SiteEnvironment(site));
            Check(exit == 0 && output.Trim() == build.Version, $"dispatcher local/bin/ilert-notify picks this machine's build ('{output.Trim()}')");

            (exit, output) = Verification.UnsupportedMachine(ctx, site);
            Check(exit == 2 && output.Contains("unsupported machine type 'riscv64'"), $"dispatcher refuses an unsupported machine with exit 2 ('{output.Trim()}')");

            using (var ilert = new LoopbackIlert())
            {
                var env = Verification.SiteEnvironment(site);
                foreach (var (key, value) in Verification.NotificationContext(ilert.Endpoint)) env[key] = value;
                (exit, output) = Verification.Run(ctx, wrapper.FullPath, "", env);
                var events = ilert.WaitForRequests(1, TimeSpan.FromSeconds(10));
                ctx.Information(string.Join("\n", output.Split('\n').Where(l => l.Length > 0).Select(l => "       | " + l)));
                Check(exit == 0, $"notification wrapper exits 0 (got {exit})");
                Check(events.Count == 1 && events.All(e => e.Method == "POST" && e.Path == "/api/v1/events/nagios"),
                    $"loopback iLert received one POST to /api/v1/events/nagios (got {string.Join(", ", events.Select(e => e.Method + " " + e.Path))})");
                var body = events.FirstOrDefault()?.Body ?? "";
                Check(body.Contains("<apiKey>il1verify0key</apiKey>") && body.Contains(">verify-host<") && body.Contains(">PROBLEM<"),
                    "the event carries the rule's API key and the notification's host and type");
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
            (exit, output) = Verification.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup", setupEnv);
            var (exit2, _) = Verification.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup", setupEnv);
            Check(exit == 0 && exit2 == 0 && ctx.FileExists(installedCron)
                && System.IO.File.ReadAllText(installedCron.FullPath) == System.IO.File.ReadAllText(shippedCron.FullPath)
                && ctx.FileExists(omdLog) && System.IO.File.ReadAllText(omdLog.FullPath).Contains("reload crontab"),
                $"`ilert-notify setup` (twice) installs etc/cron.d/ilert_notify and runs `omd reload crontab` (exit {exit}/{exit2}) {output.Trim()}");
            (exit, output) = Verification.Run(ctx, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "setup --remove", setupEnv);
            Check(exit == 0 && !ctx.FileExists(installedCron), $"`ilert-notify setup --remove` removes it again (exit {exit}) {output.Trim()}");

            // 4. Rule forms compile; the cron file parses.
            var forms = flavour.Files.Where(f => f.Path.EndsWith(".py"))
                .Select(f => site.Combine(Verification.SitePath(f.Part)).CombineWithFilePath(f.Path).FullPath).ToList();
            (exit, output) = Verification.Run(ctx, "python3", "-m py_compile " + string.Join(' ', forms.Select(f => $"\"{f}\"")));
            Check(exit == 0, $"python3 -m py_compile {string.Join(", ", flavour.Files.Where(f => f.Path.EndsWith(".py")).Select(f => f.Part + "/" + f.Path))} {output.Trim()}");

            var cron = site.CombineWithFilePath("local/lib/ilert_notify/ilert_notify.cron");
            (exit, output) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" cron \"{cron.FullPath}\"");
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
    var (rulesExit, rulesOutput) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" versions {pair}");
    Check(rulesExit == 0, $"versions: the 2.4 flavour sorts above the plain one, both above the published "
        + $"{string.Join(", ", build.PublishedVersions)} ({rulesOutput.Trim()})");
    // The flavours' version.min_required / version.usable_until against the one support matrix (README / INSTALL show it).
    (rulesExit, rulesOutput) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" matrix "
        + $"\"{build.PackageFileName(build.Plain).FullPath}\" \"{build.PackageFileName(build.Cmk24).FullPath}\"");
    Check(rulesExit == 0, $"min_required / usable_until of both flavours match {build.SupportMatrix.GetFilename()} "
        + $"as Checkmk's package tool compares them ({rulesOutput.Trim()})");
    (rulesExit, rulesOutput) = Verification.Run(ctx, "python3", $"\"{checker.FullPath}\" selftest {pair}");
    var cases = rulesOutput.Split('\n').Where(l => l.Trim().Length > 0).ToList();
    foreach (var line in cases) Check(!line.StartsWith("UNEXPECTED"), "self-test: " + line.Trim());
    Check(rulesExit == 0 && cases.Count > 0, $"self-test of the package rules ran {cases.Count} cases (exit {rulesExit})");

    if (failures.Count > 0)
        throw new CakeException($"Verify: {failures.Count} check(s) failed:\n  " + string.Join("\n  ", failures));
});

public static class Verification
{
    private static readonly Dictionary<string, string> SitePaths = new()
    {
        ["notifications"] = "local/share/check_mk/notifications",
        ["bin"] = "local/bin",
        ["lib"] = "local/lib",
        ["web"] = "local/share/check_mk/web",
        ["cmk_addons_plugins"] = "local/lib/python3/cmk_addons/plugins",
    };

    public static string SitePath(string part) => SitePaths[part];

    /// <summary>Where qemu-aarch64 finds the arm64 loader and libc: the sysroot the binary was linked against.</summary>
    public static DirectoryPath Arm64Loader(BuildContext build) =>
        Sysroots.IsComplete(build, BuildContext.Arm64)
            ? build.Sysroot(BuildContext.Arm64)
            : new DirectoryPath("/usr/aarch64-linux-gnu");

    /// <summary>The environment Checkmk gives a notification script: the site's (OMD_ROOT, OMD_SITE, HOME, PATH) plus NOTIFY_*.</summary>
    public static Dictionary<string, string> SiteEnvironment(DirectoryPath site) => new()
    {
        ["OMD_ROOT"] = site.FullPath,
        ["OMD_SITE"] = "verify",
        ["HOME"] = site.FullPath,
        ["LOGNAME"] = "verify",
        ["PATH"] = $"{site.FullPath}/local/bin:{site.FullPath}/bin:/usr/local/bin:/usr/bin:/bin",
        ["LANG"] = "C.UTF-8",
    };

    /// <summary>A service PROBLEM as Checkmk's notification engine passes it, with the rule form's parameters.</summary>
    public static IEnumerable<(string, string)> NotificationContext(string endpoint)
    {
        var now = DateTimeOffset.UtcNow;
        return new[]
        {
            ("NOTIFY_WHAT", "SERVICE"),
            ("NOTIFY_NOTIFICATIONTYPE", "PROBLEM"),
            ("NOTIFY_CONTACTNAME", "cmkadmin"),
            ("NOTIFY_CONTACTEMAIL", ""),
            ("NOTIFY_CONTACTS", "cmkadmin"),
            ("NOTIFY_DATE", now.ToString("yyyy-MM-dd")),
            ("NOTIFY_SHORTDATETIME", now.ToString("yyyy-MM-dd HH:mm:ss")),
            ("NOTIFY_LONGDATETIME", now.ToString("ddd MMM d HH:mm:ss UTC yyyy", System.Globalization.CultureInfo.InvariantCulture)),
            ("NOTIFY_MICROTIME", (now.ToUnixTimeMilliseconds() * 1000).ToString()),
            ("NOTIFY_OMD_SITE", "verify"),
            ("NOTIFY_OMD_ROOT", "/omd/sites/verify"),
            ("NOTIFY_HOSTNAME", "verify-host"),
            ("NOTIFY_HOSTALIAS", "verify-host"),
            ("NOTIFY_HOSTADDRESS", "127.0.0.1"),
            ("NOTIFY_HOSTSTATE", "UP"),
            ("NOTIFY_HOSTSTATEID", "0"),
            ("NOTIFY_HOSTOUTPUT", "Packet received via smart PING"),
            ("NOTIFY_HOSTPROBLEMID", "0"),
            ("NOTIFY_SERVICEDESC", "Filesystem /"),
            ("NOTIFY_SERVICESTATE", "CRITICAL"),
            ("NOTIFY_SERVICESTATEID", "2"),
            ("NOTIFY_LASTSERVICESTATE", "OK"),
            ("NOTIFY_SERVICEOUTPUT", "CRIT - 97% used (193 of 200 GiB) <&> \"quoted\""),
            ("NOTIFY_LONGSERVICEOUTPUT", "line 1\\nline 2"),
            ("NOTIFY_SERVICEPROBLEMID", "4711"),
            ("NOTIFY_SERVICENOTIFICATIONNUMBER", "1"),
            ("NOTIFY_HOST_ADDRESS_4", "127.0.0.1"),
            ("NOTIFY_PARAMETER_API_KEY", "password\til1verify0key"),
            ("NOTIFY_PARAMETER_ENDPOINT", endpoint),
            ("NOTIFY_PARAMETER_TIMEOUT", "5"),
            ("NOTIFY_LOGDIR", "/omd/sites/verify/var/check_mk/notify"),
        };
    }

    public static (int Exit, string Output) Run(ICakeContext context, string tool, string arguments, IDictionary<string, string> env = null)
    {
        var settings = new ProcessSettings
        {
            Arguments = arguments,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Silent = true,
            EnvironmentVariables = env,
        };
        var exit = context.StartProcess(tool, settings, out var stdout, out var stderr);
        return (exit, string.Join("\n", stdout.Concat(stderr)));
    }

    /// <summary>Runs the dispatcher with a `uname` that claims riscv64.</summary>
    public static (int, string) UnsupportedMachine(ICakeContext context, DirectoryPath site)
    {
        var fakeBin = site.Combine("tmp/fake-uname");
        context.EnsureDirectoryExists(fakeBin);
        var uname = fakeBin.CombineWithFilePath("uname").FullPath;
        System.IO.File.WriteAllText(uname, "#!/bin/sh\necho riscv64\n");
        System.IO.File.SetUnixFileMode(uname, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var env = SiteEnvironment(site);
        env["PATH"] = fakeBin.FullPath + ":" + env["PATH"];
        return Run(context, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "--version", env);
    }

    /// <summary>The site environment with an `omd` on PATH that only records its arguments.</summary>
    public static Dictionary<string, string> WithFakeOmd(ICakeContext context, DirectoryPath site, FilePath log)
    {
        var fakeBin = site.Combine("tmp/fake-omd");
        context.EnsureDirectoryExists(fakeBin);
        var omd = fakeBin.CombineWithFilePath("omd").FullPath;
        System.IO.File.WriteAllText(omd, $"#!/bin/sh\necho \"$*\" >> '{log.FullPath}'\n");
        System.IO.File.SetUnixFileMode(omd, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var env = SiteEnvironment(site);
        env["PATH"] = fakeBin.FullPath + ":" + env["PATH"];
        return env;
    }

    /// <summary>The highest GLIBC_x.y symbol version the binary's dynamic symbols need (objdump -T).</summary>
    public static string HighestGlibc(ICakeContext context, FilePath binary)
    {
        var (exit, output) = Run(context, "objdump", $"-T \"{binary.FullPath}\"");
        if (exit != 0) throw new CakeException($"objdump -T {binary} failed: {output}");
        return System.Text.RegularExpressions.Regex.Matches(output, @"GLIBC_([0-9.]+)")
            .Select(m => m.Groups[1].Value).Distinct()
            .OrderBy(v => System.Version.Parse(v.Count(c => c == '.') == 0 ? v + ".0" : v)).LastOrDefault();
    }

    public static bool VersionAtMost(string version, string limit) =>
        version is null || System.Version.Parse(version.Contains('.') ? version : version + ".0") <= System.Version.Parse(limit);

    /// <summary>
    /// Debian's cron has no `crontab -n`; its crontab(1) does parse a file completely before installing it.
    /// Run it for user nobody inside a private mount namespace (unshare -m, tmpfs over /var/spool/cron),
    /// so nothing on this machine changes. Needs root, util-linux unshare and the cron package; null exit = skipped.
    /// </summary>
    public static (int? Exit, string Output) VixieCrontab(ICakeContext context, FilePath cronFile)
    {
        if (!System.IO.File.Exists("/usr/bin/crontab")) return (null, "crontab(1) not installed (Debian package cron)");
        if (Environment.UserName != "root") return (null, "needs root for a private mount namespace");
        var script = "mount -t tmpfs tmpfs /var/spool/cron && mkdir -p -m 1730 /var/spool/cron/crontabs && "
            + $"crontab -u nobody '{cronFile.FullPath}' && crontab -u nobody -l >/dev/null && echo accepted";
        var (exit, output) = Run(context, "unshare", $"-m sh -c \"{script}\"");
        if (exit != 0 && output.Contains("unshare failed")) return (null, output.Trim());
        return (exit, output);
    }
}

/// <summary>A stand-in for iLert on 127.0.0.1: records every request and answers 202 like the events API.</summary>
public sealed class LoopbackIlert : IDisposable
{
    public sealed record Request(string Method, string Path, string Body);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly System.Threading.Tasks.Task _loop;

    public LoopbackIlert()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = System.Threading.Tasks.Task.Run(Serve);
    }

    public string Endpoint { get; }

    public IReadOnlyList<Request> WaitForRequests(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count && DateTime.UtcNow < deadline) System.Threading.Thread.Sleep(50);
        System.Threading.Thread.Sleep(300); // a duplicate would arrive now
        return _requests.ToArray();
    }

    private async System.Threading.Tasks.Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8);
            _requests.Enqueue(new Request(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync()));
            var answer = Encoding.UTF8.GetBytes("{\"status\":\"accepted\"}");
            context.Response.StatusCode = 202;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
