using System.Diagnostics;
using System.Globalization;

namespace IlertNotify.Checkmk;

/// <summary>
/// The site's notification rules that use our method, read from Checkmk's own files
/// (<c>etc/check_mk/conf.d/wato/notifications.mk</c>, and from 2.4 on <c>notification_parameter.mk</c>, where a rule
/// names its parameters by id) by the site's python (<see cref="NotificationRuleScript"/>). The rules may hold a typed
/// key: it travels through a pipe only, never an argument or a file.
/// </summary>
internal static class NotificationRuleReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static IReadOnlyList<NotificationRule> Read(SitePaths? site)
    {
        if (site is null)
        {
            throw new ConfigurationException("--from-rule reads the site's notification rules: OMD_ROOT is not set (not running in a Checkmk site)");
        }
        var start = new ProcessStartInfo(site.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(NotificationRuleScript.Text);
        using var process = Start(start);
        process.StandardInput.WriteLine(site.NotificationRules);
        process.StandardInput.WriteLine(site.NotificationParameters);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ConfigurationException($"reading the notification rules: {site.Python} did not answer within {Timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
        {
            var detail = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            throw new ConfigurationException($"cannot read the notification rules ({site.NotificationRules}): {site.Python} exited {process.ExitCode}{(detail.Length > 0 ? ": " + detail : "")}");
        }
        return Parse(stdout.Result);
    }

    /// <summary>The script's output: NUL-terminated fields (see <see cref="NotificationRuleScript"/>).</summary>
    internal static IReadOnlyList<NotificationRule> Parse(string output)
    {
        var fields = output.Split('\0');
        var rules = new List<NotificationRule>();
        var at = 0;
        string Next() => at < fields.Length - 1 ? fields[at++] : throw new ConfigurationException("the notification rules were read incompletely");
        while (at < fields.Length - 1)
        {
            if (Next() != "rule")
            {
                throw new ConfigurationException("the notification rules were read in an unknown form");
            }
            var number = int.Parse(Next(), CultureInfo.InvariantCulture);
            var (id, description, disabled, source, proxy) = (Next(), Next(), Next() == "1", Next(), Next());
            var count = int.Parse(Next(), CultureInfo.InvariantCulture);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                variables[Next()] = Next();
            }
            rules.Add(new NotificationRule(number, id, description, disabled, source, proxy.Length > 0 ? proxy : null, variables));
        }
        return rules;
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new ConfigurationException($"reading the notification rules: cannot start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ConfigurationException($"reading the notification rules: cannot start {start.FileName}: {e.Message}");
        }
    }
}
