// Paths, version and the package data model: the one place every task reads them from.
using System.Xml.Linq;

public sealed class BuildContext
{
    // Checkmk's package name rule (cmk/utils/packaging: PackageName).
    public static readonly System.Text.RegularExpressions.Regex PackageNamePattern = new(@"^[^\d\W][-\w]*$");

    public BuildContext(ICakeContext context)
    {
        Configuration = context.Argument("configuration", "Release");
        // Cake runs with build/ (the script's folder) as its working directory.
        Root = context.MakeAbsolute(context.Directory("..")).Collapse();
        Artifacts = Root.Combine("artifacts");
        PublishRoot = Artifacts.Combine("publish");
        PublishArtifactsPath = Artifacts.Combine("dotnet");
        StageRoot = Artifacts.Combine("stage");
        TestResults = Artifacts.Combine("test-results");
        Templates = Root.Combine("mkp-template");
        BuildScripts = Root.Combine("build");
        SysrootCache = Root.Combine(".cache/sysroot");
        Project = Root.CombineWithFilePath("plugin/IlertNotify.csproj");
        RuleFields = Root.CombineWithFilePath("plugin/Checkmk/RuleFields.json");
        VersionFile = Root.CombineWithFilePath("Directory.Build.props");
        DebianMirror = context.Argument("debian-mirror", context.EnvironmentVariable("SYSROOT_DEBIAN_MIRROR") ?? "");
        // --skip-tests: Test does nothing (the Reproducible target's second build; tests do not go into the packages).
        SkipTests = context.HasArgument("skip-tests") && context.Argument("skip-tests", "true") is "" or "true";

        Version = XDocument.Load(VersionFile.FullPath).Descendants("Version").Select(v => v.Value.Trim()).FirstOrDefault()
            ?? throw new InvalidOperationException($"no <Version> in {VersionFile}");
        // The flavours append their own pre-release tag: the release itself is a plain MAJOR.MINOR.PATCH.
        if (!System.Text.RegularExpressions.Regex.IsMatch(Version, @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"))
            throw new InvalidOperationException($"<Version> '{Version}' in {VersionFile.GetFilename()} must be MAJOR.MINOR.PATCH");
        if (!PackageNamePattern.IsMatch(Name)) throw new InvalidOperationException($"invalid package name '{Name}'");

        SourceDateEpoch = ReadSourceDateEpoch(context);
        // Package versions, as Checkmk's package tool orders them (PackageVersion.sort_key, cmk/mkp_tool/_type_defs.py):
        // semver precedence of the part before '+'. `mkp update-active` (omd update, remote sites after a sync) installs
        // the highest enabled version of a name that fits the site. So each flavour carries its own pre-release tag:
        //   <release>-cmk2.2 < <release>-cmk2.4 < <next release>-cmk2.2
        // A switch to the 2.4 flavour is an upgrade for Checkmk, and a new release is newer than either flavour of the
        // last one. Build metadata ('+cmk2.4', the scheme of 1.0.0) sorts equal to the plain version and is not used.
        Flavours = new[]
        {
            // usable_until is an exclusive bound, checked by Checkmk's package tool (cmk/mkp_tool/_unsorted.py,
            // _raise_for_too_new_cmk_version: parse_check_mk_version(site) >= parse_check_mk_version(until) is "too new").
            // `omd update` runs `mkp disable-outdated` (disable_outdated: uninstalls and un-enables such a package) and
            // `mkp update-active`; 2.5's GUI refuses to enable it (werk 17627). "2.5.0b1" is the lowest version of any 2.5
            // build (betas, 2.5.0, 2.5.0pN, dailies) and above every 2.4 patch: the legacy flavour stays on 2.2, 2.3 and all
            // of 2.4 (2.4.0 to 2.4.0p3 need it: the 2.4 flavour's form appears only from 2.4.0p4) and stops where 2.5 calls
            // the `web` part "Legacy GUI extensions (deprecated)". On 2.4.0p4+ both fit; `update-active` prefers the 2.4
            // flavour (higher version) wherever both are enabled, and the switch is not forced in the middle of 2.4 patches.
            new Flavour("cmk2.2", Version + "-cmk2.2", "2.2.0", "2.5.0b1", CommonFiles().Append(
                new PackageFile("web", "plugins/wato/ilert_notify.py", false, "wato_notification_parameters.py.liquid")).ToList()),
            // 2.4.0 to 2.4.0p3 accept the package but do not discover a NotificationParameters rule spec (fixed in 2.4.0p4,
            // werk 17884). No `web` part: a second registration of the same name would race with this one.
            new Flavour("cmk2.4", Version + "-cmk2.4", "2.4.0p4", null, CommonFiles().Append(
                new PackageFile("cmk_addons_plugins", "ilert_notify/rulesets/notification_parameters.py", false, "rulesets_notification_parameters.py.liquid")).ToList()),
        };
    }

    /// <summary>
    /// Package versions already on users' sites: every new package must sort above all of them (Verify checks it).
    /// Append both versions of a release when it is published.
    /// </summary>
    public IReadOnlyList<string> PublishedVersions { get; } = new[] { "1.0.0", "1.0.0+cmk2.4" };

    public string Configuration { get; }
    public DirectoryPath Root { get; }
    public DirectoryPath Artifacts { get; }
    public DirectoryPath PublishRoot { get; }
    /// <summary>bin/ and obj/ of the publish builds, apart from plugin/bin and plugin/obj that IDEs and `dotnet test` use.</summary>
    public DirectoryPath PublishArtifactsPath { get; }
    public DirectoryPath StageRoot { get; }
    public DirectoryPath TestResults { get; }
    public DirectoryPath Templates { get; }
    public DirectoryPath BuildScripts { get; }
    public DirectoryPath SysrootCache { get; }
    public FilePath Project { get; }
    /// <summary>The rule fields, declared once: the notifier embeds this file, the rule forms are rendered from it.</summary>
    public FilePath RuleFields { get; }
    public FilePath VersionFile { get; }
    public string DebianMirror { get; }
    public bool SkipTests { get; }

    public string Name => "ilert_notify";
    public string Title => "iLert notifications";
    /// <summary>The notification method's title (line 2 of the script): Checkmk's built-in `ilert` script is titled "iLert".</summary>
    public string MethodTitle => "iLert (spooled)";
    /// <summary>The one table of which package for which Checkmk version (README, INSTALL and BUILD show it; Verify checks it).</summary>
    public FilePath SupportMatrix => BuildScripts.CombineWithFilePath("verify/support_matrix.json");
    /// <summary>"PASSED FAILED" of the last Test run (TestSummary), which .ci/run reports.</summary>
    public FilePath TestSummaryFile => TestResults.CombineWithFilePath("summary.txt");
    /// <summary>Reads .mkp files like Checkmk, and writes `info` from info.json (Render).</summary>
    public FilePath MkpCheck => BuildScripts.CombineWithFilePath("verify/mkp_check.py");
    /// <summary>Package part -> folder below the site, shared with mkp_check.py.</summary>
    public FilePath SitePathsFile => BuildScripts.CombineWithFilePath("verify/site_paths.json");
    public string Author => "ilert-checkmk contributors";
    public string DownloadUrl => "https://github.com/iLert/ilert-checkmk/releases";
    public string Description =>
        "Notification method \"iLert (spooled)\": forwards Checkmk host and service notifications to iLert "
        + "(alert source type Checkmk, recommended and preselected in the rule form, or Nagios / Icinga, the format of "
        + "iLert's Nagios plugin and what a rule without the field sends). Events are spooled on the site and sent by a native notifier "
        + "(x86_64 and aarch64, glibc 2.17+); run 'ilert-notify setup' once as the site user to activate the "
        + "per-minute retry job.";
    public string Version { get; }
    public long SourceDateEpoch { get; }
    public IReadOnlyList<Flavour> Flavours { get; }
    public string GlibcBaseline => "2.17";

    public static readonly Architecture X64 = new("linux-x64", "x86_64", "amd64", "x86_64-linux-gnu");
    public static readonly Architecture Arm64 = new("linux-arm64", "aarch64", "arm64", "aarch64-linux-gnu");
    public IReadOnlyList<Architecture> Architectures { get; } = new[] { X64, Arm64 };

    public DirectoryPath PublishDir(Architecture arch) => PublishRoot.Combine(arch.Rid);
    public FilePath Binary(Architecture arch) => PublishDir(arch).CombineWithFilePath("ilert-notify");
    public DirectoryPath Sysroot(Architecture arch) => SysrootCache.Combine(arch.DebianArch);
    public DirectoryPath Stage(Flavour flavour) => StageRoot.Combine(flavour.Id);
    /// <summary>Checkmk's own name for a package file, &lt;name&gt;-&lt;version&gt;.mkp (format_file_name); versions carry no '+', which GitHub rewrites in asset names.</summary>
    public FilePath PackageFileName(Flavour flavour) => Artifacts.CombineWithFilePath($"{Name}-{flavour.Version}.mkp");
    public Flavour Plain => Flavours.Single(f => f.Id == "cmk2.2");
    public Flavour Cmk24 => Flavours.Single(f => f.Id == "cmk2.4");

    // Part order and file order inside each part are fixed here; Pack writes them in exactly this order.
    private IReadOnlyList<PackageFile> CommonFiles() => new List<PackageFile>
    {
        new("notifications", "ilert_notify", true, "notification_wrapper.sh.liquid"),
        new("bin", "ilert-notify", true, "bin_dispatcher.sh.liquid"),
        new("bin", "ilert-notify-aarch64", true, Binary: Arm64),
        new("bin", "ilert-notify-x86_64", true, Binary: X64),
        new("lib", "ilert_notify/ilert_notify.cron", false, "ilert_notify.cron.liquid"),
    };

    /// <summary>The fixed mtime of every packed entry: SOURCE_DATE_EPOCH, else the HEAD commit's time, so a rebuild of a commit gives the same bytes.</summary>
    private static long ReadSourceDateEpoch(ICakeContext context)
    {
        var fromEnv = context.EnvironmentVariable("SOURCE_DATE_EPOCH");
        if (long.TryParse(fromEnv, out var epoch)) return epoch;
        var exit = context.StartProcess("git", new ProcessSettings
        {
            Arguments = "log -1 --format=%ct",
            RedirectStandardOutput = true,
            Silent = true,
        }, out var lines);
        var first = lines.FirstOrDefault();
        if (exit == 0 && long.TryParse(first, out epoch)) return epoch;
        context.Warning("No SOURCE_DATE_EPOCH and no git commit: packed files get mtime 0.");
        return 0;
    }
}
