using System.Diagnostics;

namespace IlertNotify.Checkmk;

/// <summary>
/// Resolves a password store id with the site's own Checkmk code: the store is encrypted and its format changes
/// between versions, so we never parse it ourselves.
/// </summary>
internal sealed class PasswordStore(SitePaths? site)
{
    // extract() exists from 2.2 to 2.5 (2.5: reads passwords_merged, raises for an unknown id; any failure = not found).
    // lookup() over the store path is a fallback for a version without it; it sees only user-managed entries.
    private const string Script = """
        import sys
        from cmk.utils import password_store as store
        ident = sys.stdin.readline().rstrip("\n")
        try:
            value = store.extract(ident)
        except AttributeError:
            value = store.lookup(store.password_store_path(), ident)
        if value is None:
            sys.exit(3)
        sys.stdout.write(value)
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public string Lookup(string id)
    {
        if (site is null)
        {
            throw new ConfigurationException($"password store entry '{id}' cannot be read: OMD_ROOT is not set (not running in a Checkmk site)");
        }
        var python = site.Python;
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);

        using var process = StartOrFail(start, id);
        process.StandardInput.WriteLine(id);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ConfigurationException($"password store entry '{id}': {python} did not answer within {Timeout.TotalSeconds:0} s");
        }
        var secret = stdout.Result;
        if (process.ExitCode != 0 || secret.Length == 0)
        {
            var detail = LastLine(stderr.Result);
            throw new ConfigurationException($"password store entry '{id}' not found in the site's password store{(detail.Length > 0 ? $" ({detail})" : "")}");
        }
        return secret;
    }

    private static Process StartOrFail(ProcessStartInfo start, string id)
    {
        try
        {
            return Process.Start(start) ?? throw new ConfigurationException($"password store entry '{id}': cannot start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ConfigurationException($"password store entry '{id}': cannot start {start.FileName}: {e.Message}");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
