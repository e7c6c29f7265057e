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

    /// <summary>How long a save stays quiet after saying the job is off, so that an admin who reads the log sees it, and nobody drowns in it.</summary>
    public static readonly TimeSpan OptOutReminderInterval = TimeSpan.FromDays(1);

    /// <summary>What the last <c>omd reload crontab</c> said when it failed; null when it succeeded (or never ran).</summary>
    public string? LastReloadFailure => File.Exists(site.RetryJobReloadFailure) ? File.ReadAllText(site.RetryJobReloadFailure).Trim() : null;

    public string Describe() => IsInstalled && LastReloadFailure is { } failure
            ? $"installed, but 'omd reload crontab' failed: {failure}; run it as the site user (or 'ilert-notify setup')"
        : IsInstalled ? $"installed ({Installed})"
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
            if (IsOptedOut)
            {
                RemindOptedOut(env);
                return;
            }
            if (IsInstalled || !IsShipped)
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
            if (Reload(SaveReloadWait) is { } failure)
            {
                env.Log.Warning("{Failure}; run 'omd reload crontab' as the site user, until then queued events wait for the next notification", failure);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpoolException)
        {
            env.Log.Warning("Cannot install the retry job {File}: {Error}; run 'ilert-notify setup' as the site user", Installed, e.Message);
        }
    }

    /// <summary>
    /// A site whose admin removed the job (perhaps before removing and reinstalling the package) queues events that only the next
    /// notification retries: the first save of each day says so in the log, and how to turn the job back on.
    /// </summary>
    private void RemindOptedOut(CommandContext env)
    {
        var now = env.Clock.GetUtcNow();
        bool RemindedLately() => File.Exists(site.CronOptOutReminder) && (now - File.GetLastWriteTimeUtc(site.CronOptOutReminder)).Duration() < OptOutReminderInterval;
        if (RemindedLately())
        {
            return;
        }
        using var reminding = HoldInstallLock(TimeSpan.Zero);
        if (reminding is null || RemindedLately())
        {
            return;
        }
        Platform.AtomicFile.Write(site.CronOptOutReminder, "The notifier last said in the log that the retry job is off (this file's time).\n"u8);
        File.SetLastWriteTimeUtc(site.CronOptOutReminder, now.UtcDateTime);
        env.Log.Information("The retry job is off (removed with 'ilert-notify setup --remove', {Marker}): queued events wait for the next notification; run 'ilert-notify setup' as the site user to turn it back on (said once a day)", OptOutMarker);
    }

    public void Remove()
    {
        if (File.Exists(Installed))
        {
            File.Delete(Installed);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(OptOutMarker)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.Write(OptOutMarker, "The admin removed the retry job with 'ilert-notify setup --remove': the notifier does not install it again by itself.\n"u8);
    }

    /// <summary>The lock that makes one process at a time install the job; null when another holds it past <paramref name="wait"/>.</summary>
    public IDisposable? HoldInstallLock(TimeSpan wait)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(site.RetryJobInstallLock)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return SpoolLock.TryAcquire(site.RetryJobInstallLock, wait);
    }

    /// <summary>Reloads the site crontab and remembers whether it worked, for <c>status</c> and the next <c>setup</c>.</summary>
    /// <returns>Null on success, else what went wrong.</returns>
    public string? Reload(TimeSpan wait)
    {
        var failure = ReloadCrontab(wait);
        if (failure is null)
        {
            if (File.Exists(site.RetryJobReloadFailure))
            {
                File.Delete(site.RetryJobReloadFailure);
            }
        }
        else
        {
            Platform.AtomicFile.Write(site.RetryJobReloadFailure, System.Text.Encoding.UTF8.GetBytes(failure + "\n"));
        }
        return failure;
    }

    /// <param name="wait">How long it may take; then it is stopped, with every process it started.</param>
    /// <returns>Null on success, else what went wrong.</returns>
    private static string? ReloadCrontab(TimeSpan wait)
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
