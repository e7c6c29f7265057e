// Helpers of the Verify task: a fake Checkmk site, its environment and notification context, and checks on the binaries.

public static class Verification
{
    /// <summary>The folder below the site for a package part (build/verify/site_paths.json, which mkp_check.py reads too).</summary>
    public static string SitePath(BuildContext build, string part) =>
        System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(build.SitePathsFile.FullPath)).RootElement.GetProperty(part).GetString();

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
            // Every Checkmk host has built-in labels like this one; its name is no shell identifier, which dash drops.
            ("NOTIFY_HOSTLABEL_cmk/os_family", "linux"),
            ("NOTIFY_PARAMETER_API_KEY", "password\til1verify0key"),
            ("NOTIFY_PARAMETER_ENDPOINT", endpoint),
            ("NOTIFY_PARAMETER_TIMEOUT", "5"),
            ("NOTIFY_LOGDIR", "/omd/sites/verify/var/check_mk/notify"),
        };
    }

    /// <summary>Runs the dispatcher with a `uname` that claims riscv64.</summary>
    public static ProcessResult UnsupportedMachine(ICakeContext context, DirectoryPath site)
    {
        var fakeBin = site.Combine("tmp/fake-uname");
        context.EnsureDirectoryExists(fakeBin);
        var uname = fakeBin.CombineWithFilePath("uname").FullPath;
        System.IO.File.WriteAllText(uname, "#!/bin/sh\necho riscv64\n");
        System.IO.File.SetUnixFileMode(uname, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var env = SiteEnvironment(site);
        env["PATH"] = fakeBin.FullPath + ":" + env["PATH"];
        return Processes.Run(context, site.CombineWithFilePath("local/bin/ilert-notify").FullPath, "--version", env);
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
        var (exit, output) = Processes.Run(context, "objdump", $"-T \"{binary.FullPath}\"");
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
        var (exit, output) = Processes.Run(context, "unshare", $"-m sh -c \"{script}\"");
        if (exit != 0 && output.Contains("unshare failed")) return (null, output.Trim());
        return (exit, output);
    }
}
