using System.Text;

namespace IlertNotify.Spool;

/// <summary>
/// The spools a site's rules use besides the default one, so that the cron job's <c>send</c>, which knows no
/// rule, retries them too: one full path per line in <c>$OMD_ROOT/var/ilert_notify/spools</c>.
/// </summary>
internal sealed class SpoolRegistry(string path)
{

    public IReadOnlyList<string> Known() =>
        File.Exists(path) ? File.ReadAllLines(path).Where(line => line.Length > 0).Distinct(StringComparer.Ordinal).ToList() : [];

    /// <summary>Adds a spool once; two savers racing may both add it, which <see cref="Known"/> folds.</summary>
    public void Remember(string spoolDirectory)
    {
        if (Known().Contains(spoolDirectory, StringComparer.Ordinal))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(Encoding.UTF8.GetBytes(spoolDirectory + "\n"));
    }
}
