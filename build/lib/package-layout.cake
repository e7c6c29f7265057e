// The shapes of the package data model: architectures, package files and flavours (filled in by context.cake).

public sealed record Architecture(string Rid, string Machine, string DebianArch, string ClangTarget);

/// <summary>One file of a package part: rendered from a template or copied from a published binary.</summary>
public sealed record PackageFile(string Part, string Path, bool Executable, string Template = null, Architecture Binary = null);

/// <summary>
/// One installable .mkp: the plain flavour (Checkmk 2.2 to 2.4, legacy WATO rule form) or the 2.4 flavour (2.4.0p4+,
/// rulesets API rule form). Both carry the package name ilert_notify and the same files apart from the rule form.
/// MinRequired / UsableUntil become version.min_required / version.usable_until (null: no upper bound); Verify checks
/// them against build/verify/support_matrix.json, the one table of which package for which Checkmk version.
/// </summary>
public sealed record Flavour(string Id, string Version, string MinRequired, string UsableUntil, IReadOnlyList<PackageFile> Files)
{
    public IEnumerable<string> Parts => Files.Select(f => f.Part).Distinct();
}
