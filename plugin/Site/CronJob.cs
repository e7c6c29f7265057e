using System.Diagnostics;
using System.Globalization;
using IlertNotify.Checkmk;
using IlertNotify.Platform;
using IlertNotify.Spool;

namespace IlertNotify.Site;

/// <summary>
/// The site's retry job: the shipped <c>local/lib/ilert_notify/ilert_notify.cron</c> copied into <c>etc/cron.d</c>,
/// then <c>omd reload crontab</c>. No MKP part maps to <c>etc/cron.d</c>, so the notifier installs it: by
/// <c>setup</c>, or by itself the first time it runs in a site without it (a remote site that got the package
/// through Activate changes), unless the admin opted out with <c>setup --remove</c>.
/// </summary>
internal sealed class CronJob(SitePaths site)
{
    // It holds no secret; the site's crontab is built from it by the site user.
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>A save runs while Checkmk waits: a reload that takes longer is stopped and left to the admin.</summary>
    public static readonly TimeSpan SaveReloadWait = TimeSpan.FromMilliseconds(500);

    /// <summary>An admin at the prompt can wait; a reload that hangs longer still is stopped.</summary>
    public static readonly TimeSpan SetupReloadWait = TimeSpan.FromSeconds(15);

    public string Shipped => site.ShippedCronFile;
    public string Installed => site.InstalledCronFile;
    public string OptOutMarker => site.CronOptOutMarker;

    public bool IsInstalled => File.Exists(Installed);
    public bool IsOptedOut => File.Exists(OptOutMarker);
    public bool IsShipped => File.Exists(Shipped);

    public string Describe() => IsInstalled ? $"installed ({Installed})"
        : IsOptedOut ? "not installed: removed with 'setup --remove' (run 'ilert-notify setup' to install it again)"
        : "not installed (the next notification or 'ilert-notify setup' installs it)";

    /// <summary>Writes the shipped file into <c>etc/cron.d</c> (0644 whatever the umask) unless it is there already; clears an opt-out.</summary>
    public void WriteFile(out bool changed)
    {
        var content = File.ReadAllText(Shipped);
        changed = !(IsInstalled && File.ReadAllText(Installed) == content);
        if (changed)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Installed)!);
            AtomicFile.Write(Installed, System.Text.Encoding.UTF8.GetBytes(content), FileMode);
        }
        if (IsOptedOut)
        {
            File.Delete(OptOutMarker);
        }
    }

    /// <summary>
    /// The first run in a site without the job installs it, once: never when the admin removed it, never failing the
    /// notification. A failed reload leaves the file in place (it says what to run) and is not retried.
    /// </summary>
    public void InstallIfMissing(CommandContext env)
    {
        try
        {
            if (IsInstalled || IsOptedOut || !IsShipped)
            {
                return;
            }
            // Saves run in parallel: one installs and reloads, the others see its lock or its file and say nothing.
            using var installing = HoldInstallLock(TimeSpan.Zero);
            if (installing is null || IsInstalled || IsOptedOut)
            {
                return;
            }
            WriteFile(out _);
            env.Log.Information("Installed the retry job {File} (first run in this site; 'ilert-notify setup --remove' removes it for good)", Installed);
            if (ReloadCrontab(SaveReloadWait) is { } failure)
            {
                env.Log.Warning("{Failure}; run 'omd reload crontab' as the site user, until then queued events wait for the next notification", failure);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpoolException)
        {
            env.Log.Warning("Cannot install the retry job {File}: {Error}; run 'ilert-notify setup' as the site user", Installed, e.Message);
        }
    }

    public void Remove()
    {
        File.Delete(Installed);
        Directory.CreateDirectory(Path.GetDirectoryName(OptOutMarker)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.Write(OptOutMarker, "The admin removed the retry job with 'ilert-notify setup --remove': the notifier does not install it again by itself.\n"u8);
    }

    /// <summary>The lock that makes one process at a time install the job; null when another holds it past <paramref name="wait"/>.</summary>
    public IDisposable? HoldInstallLock(TimeSpan wait)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(site.RetryJobInstallLock)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return SpoolLock.TryAcquire(site.RetryJobInstallLock, wait);
    }

    /// <param name="wait">How long it may take; then it is stopped, with every process it started.</param>
    /// <returns>Null on success, else what went wrong.</returns>
    public static string? ReloadCrontab(TimeSpan wait)
    {
        var start = new ProcessStartInfo("omd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("reload");
        start.ArgumentList.Add("crontab");
        try
        {
            using var omd = Process.Start(start)!;
            var stdout = omd.StandardOutput.ReadToEndAsync();
            var stderr = omd.StandardError.ReadToEndAsync();
            if (!omd.WaitForExit(wait))
            {
                omd.Kill(entireProcessTree: true);
                return string.Create(CultureInfo.InvariantCulture, $"omd reload crontab did not finish within {wait.TotalSeconds:0.#} s and was stopped");
            }
            // A child it left running may keep its output open: what it wrote by now is enough for the message.
            var output = Task.WhenAll(stdout, stderr).Wait(wait) ? stdout.Result + stderr.Result : "";
            return omd.ExitCode == 0 ? null : $"omd reload crontab failed ({omd.ExitCode}): {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run omd reload crontab: {e.Message}";
        }
    }
}
