// Which Debian mirror the sysroot comes from (build/lib/sysroots.cake). The sysroot is always Debian 11's, whatever the
// host runs: a host's own Debian mirror is preferred (it may be the only one a closed network reaches), then Debian's
// redirector, then Debian's archive for releases that left the regular mirrors. An Ubuntu host's sources
// (archive.ubuntu.com, security.ubuntu.com, ports.ubuntu.com for arm64; one-line .list or deb822 .sources) hold no Debian
// suite and are skipped, and so is any third-party repository that only ends in /debian (Docker's, MongoDB's).
public static class AptSources
{
    public const string DebianRedirector = "https://deb.debian.org/debian";
    public const string DebianArchive = "https://archive.debian.org/debian";

    // Debian's release names (and aliases); a suite such as bookworm-updates counts by its stem, a vendor's path-like
    // suite (MongoDB's bookworm/mongodb-org/7.0) does not.
    private static readonly string[] DebianSuites =
        { "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid", "oldoldstable", "oldstable", "stable", "testing", "unstable" };

    /// <summary>One entry of a sources file: a <c>deb</c> line, or one URI of a deb822 stanza.</summary>
    public sealed record Entry(string File, string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components);

    /// <summary>
    /// The mirrors to try, in order: <paramref name="given"/> alone when set (--debian-mirror, SYSROOT_DEBIAN_MIRROR);
    /// else the Debian mirrors of the apt sources below <paramref name="aptRoot"/> (normally /etc/apt), then Debian's
    /// redirector and archive.
    /// </summary>
    public static IReadOnlyList<string> MirrorCandidates(string given, string aptRoot)
    {
        if (!string.IsNullOrWhiteSpace(given)) return new[] { given.Trim().TrimEnd('/') };
        return Entries(aptRoot).Where(IsDebianArchive).Select(entry => entry.Uri.TrimEnd('/'))
            .Concat(new[] { DebianRedirector, DebianArchive })
            .Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A Debian archive: a URI ending in /debian that serves a Debian suite's main component (not Ubuntu's, not a vendor's).</summary>
    public static bool IsDebianArchive(Entry entry) =>
        entry.Uri.Contains("://", StringComparison.Ordinal)
        && entry.Uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal)
        && entry.Components.Contains("main", StringComparer.Ordinal)
        && entry.Suites.Any(suite => !suite.Contains('/') && DebianSuites.Contains(suite.Split('-')[0], StringComparer.Ordinal));

    /// <summary>Every enabled binary (<c>deb</c>) entry of <c>sources.list</c> and <c>sources.list.d/*.list|*.sources</c>.</summary>
    public static IReadOnlyList<Entry> Entries(string aptRoot)
    {
        var files = new List<string>();
        var main = System.IO.Path.Combine(aptRoot, "sources.list");
        if (System.IO.File.Exists(main)) files.Add(main);
        var parts = System.IO.Path.Combine(aptRoot, "sources.list.d");
        if (System.IO.Directory.Exists(parts))
            files.AddRange(System.IO.Directory.GetFiles(parts).Where(f => f.EndsWith(".list") || f.EndsWith(".sources")).OrderBy(f => f, StringComparer.Ordinal));
        var entries = new List<Entry>();
        foreach (var file in files)
            entries.AddRange(file.EndsWith(".sources") ? Deb822(file) : OneLine(file));
        return entries;
    }

    private static IEnumerable<Entry> OneLine(string file)
    {
        foreach (var raw in System.IO.File.ReadAllLines(file))
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal)) continue;
            // deb [opt=value ...] URI SUITE COMPONENT...
            var words = System.Text.RegularExpressions.Regex.Replace(line.Substring(3), @"\[[^\]]*\]", " ")
                .Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2) yield return new Entry(file, words[0], new[] { words[1] }, words.Skip(2).ToArray());
        }
    }

    /// <summary>deb822 (sources.list(5)): stanzas split by blank lines; <c>Types</c>, <c>URIs</c>, <c>Suites</c>, <c>Components</c>, <c>Enabled</c>.</summary>
    private static IEnumerable<Entry> Deb822(string file)
    {
        var stanza = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string last = null;
        foreach (var raw in System.IO.File.ReadAllLines(file).Append(""))
        {
            if (raw.StartsWith("#")) continue;
            if (raw.Trim().Length == 0)
            {
                foreach (var entry in FromStanza(file, stanza)) yield return entry;
                stanza.Clear();
                last = null;
            }
            else if ((raw.StartsWith(" ") || raw.StartsWith("\t")) && last is not null)
                stanza[last] += " " + raw.Trim();
            else if (raw.IndexOf(':') is var colon and > 0)
                stanza[last = raw.Substring(0, colon).Trim()] = raw.Substring(colon + 1).Trim();
        }
    }

    private static IEnumerable<Entry> FromStanza(string file, IReadOnlyDictionary<string, string> stanza)
    {
        string[] Words(string field) => stanza.TryGetValue(field, out var value) ? value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        if (!Words("Types").Contains("deb", StringComparer.Ordinal)) return Array.Empty<Entry>();
        if (Words("Enabled").FirstOrDefault() is { } enabled && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) return Array.Empty<Entry>();
        return Words("URIs").Select(uri => new Entry(file, uri, Words("Suites"), Words("Components"))).ToList();
    }
}
