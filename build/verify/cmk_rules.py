"""Checkmk's own rules for package versions and rule forms, ported from Checkmk's source.

Standard library only. What each function mirrors:

- package_sort_key: PackageVersion.sort_key (cmk/mkp_tool/_type_defs.py in packages/cmk-mkp-tool,
  2.3+; cmk/utils/packaging/_type_defs.py in 2.2). `mkp update-active` (run by cmk-update-config
  at the end of `omd update` and on remote sites after a sync) tries the *enabled* versions of a
  package from the highest sort key down and keeps the first that installs
  (_unsorted.py: _sort_enabled_packages_for_installation, _install_applicable_inactive_packages).
  The key drops build metadata ('+...'): 1.0.0 and 1.0.0+cmk2.4 sort equal, so which of them
  wins is left to directory order.
- cmk_version: parse_check_mk_version (cmk/ccc/version.py; cmk/utils/version.py before 2.4),
  which the site's `mkp` hands to cmk.mkp_tool as parse_version: `mkp enable` refuses a package
  whose version.min_required is above the site's version (_raise_for_too_old_cmk_version), and
  a package is "too new" when parse(site) >= parse(version.usable_until)
  (_raise_for_too_new_cmk_version: an exclusive bound). `omd update` runs `mkp disable-outdated`
  (disable_outdated: such packages are uninstalled and no longer enabled) and `mkp update-active`
  (allow_outdated=False); 2.5's GUI refuses them too (werk 17627). When parse_version raises,
  both checks are skipped: a bound Checkmk cannot parse is no bound at all.
- version_key: any version string a site reports, for the support matrix: 2.5's edition suffixes
  (`2.5.0p3.community`, `.pro`, `.ultimate`, `.ultimatemt`; older `.cre`, `.cee`, ...), betas
  (`2.5.0b1`), dailies and release candidates (`2.5.0-rc2`, `2.5.0p4-rc1.pro`; cmk.ccc.version.Version
  reads them, parse_check_mk_version raises on them: a candidate sorts just below its release here).
- matrix_problems: the packages' version.min_required / version.usable_until against
  support_matrix.json (which package for which Checkmk version).
"""
import json
import re
from pathlib import Path

# 2.4.0 to 2.4.0p3 do not discover a NotificationParameters rule spec (fixed in 2.4.0p4,
# werk 17884): the 2.4 flavour's rule form would silently not appear there.
RULESETS_FORM_MIN = "2.4.0p4"

_VERSION_PATTERN = re.compile(r"^([.\-a-z]+)?(\d+)")
_VAR_MAP = {"s": (0, 1), "i": (10000, 100), "b": (20000, 100), "p": (50000, 1), "-": (90000, 0), ".": (90000, 0)}


def cmk_version(v: str) -> int:
    """Checkmk's parse_check_mk_version: '2.4.0' -> 2040050000, '2.4.0p4' -> 2040050004, '2.4.0b1' -> 2040020100.

    Like Checkmk's it takes an edition suffix ('2.5.0p3.community' == '2.5.0p3': the suffix has no digits) and
    raises (ValueError here, KeyError in Checkmk) on what it cannot read, e.g. '2.5.0-rc2': use version_key for those.
    """
    try:
        return _parse_check_mk_version(v)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(f"Checkmk's parse_check_mk_version cannot read {v!r} ({exc!r})") from None


def _parse_check_mk_version(v: str) -> int:
    parts = v.split(".", 2)
    while len(parts) < 3:
        parts.append("0")

    def extract(rest: str) -> tuple[str, int, str]:
        for match in _VERSION_PATTERN.finditer(rest):
            return match.group(1) or "s", int(match.group(2)), rest[match.end():]
        return "p", 0, ""

    major, minor, rest = parts
    _, sub, rest = extract(rest)
    if rest.startswith("-sandbox"):
        rest = ""
    if len(major) == 4:  # daily build of master
        var_type, num, rest = "-", 0, ""
    else:
        var_type, num, rest = extract(rest)
    base, multiply = _VAR_MAP[var_type]
    val = base + num * multiply
    while rest:
        var_type, num, rest = extract(rest)
        val += num * _VAR_MAP[var_type][1]
    return int(f"{int(major):02}{int(minor):02}{sub:02}{val:05}")


EDITIONS = ("community", "pro", "ultimate", "ultimatemt", "cloud",  # 2.5 (cmk.ccc.version.Edition)
            "cre", "cee", "cce", "cme", "cse", "raw", "enterprise", "managed", "saas")  # up to 2.4
_SITE_VERSION = re.compile(
    r"^(?P<core>\d+\.\d+\.\d+(?:[bip]\d+)?|\d+\.\d+\.\d+-\d{4}\.\d{2}\.\d{2}|\d{4}\.\d{2}\.\d{2})"
    r"(?:-rc(?P<rc>\d+))?(?:\+[0-9A-Za-z-]+)?(?:\.(?P<edition>" + "|".join(EDITIONS) + r"))?$")
_FINAL = 10**9  # a release sorts above each of its release candidates


def version_key(v: str) -> tuple[int, int]:
    """Order of any Checkmk version string a site reports: (parse_check_mk_version of the release, rc or _FINAL).

    '2.5.0p3.community' == '2.5.0p3'; '2.5.0b1' < '2.5.0-rc1' < '2.5.0-rc2' < '2.5.0' < '2.5.0p1.pro' <
    '2.5.0p4-rc1' < '2.5.0p4'. Raises ValueError for anything else.
    """
    match = _SITE_VERSION.match(v.strip())
    if match is None:
        raise ValueError(f"not a Checkmk version: {v!r}")
    rc = match.group("rc")
    return cmk_version(match.group("core")), int(rc) if rc is not None else _FINAL


def major_minor(v: str) -> tuple[int, int]:
    """'2.4.0p4' -> (2, 4); '2.5.0p3.community' -> (2, 5)."""
    return divmod(version_key(v)[0] // 10**7, 100)


def mkp_fits(site: str, min_required: str, usable_until: str | None) -> bool:
    """Whether Checkmk's package tool installs a package on a site of this version (allow_outdated=False:
    `mkp update-active`, omd update, 2.5's GUI), comparing like _raise_for_too_old/_too_new_cmk_version."""
    key = version_key(site)
    return version_key(min_required) <= key and (usable_until is None or key < version_key(usable_until))


SUPPORT_MATRIX = Path(__file__).with_name("support_matrix.json")


def load_matrix(path: Path = SUPPORT_MATRIX) -> dict:
    return json.loads(path.read_text())


def bound_problems(manifest: dict) -> list[str]:
    """version.min_required / version.usable_until as Checkmk reads them: a value parse_check_mk_version cannot
    read makes Checkmk skip the check (the package installs anywhere / is never disabled)."""
    problems = []
    min_required, until = manifest["version.min_required"], manifest.get("version.usable_until")
    for field, value in (("version.min_required", min_required), ("version.usable_until", until)):
        if value is None:
            continue
        try:
            cmk_version(value)
        except ValueError as exc:
            problems.append(f"{field} {value!r}: {exc}; Checkmk would skip the check")
    if not problems and until is not None and version_key(until) <= version_key(min_required):
        problems.append(f"version.usable_until {until} <= version.min_required {min_required}: usable nowhere")
    return problems


def matrix_problems(packages: dict[str, dict], matrix: dict) -> list[str]:
    """Each matrix row against the packages (id -> manifest): exactly its 'accepted' packages fit every Checkmk
    version of the row and no other fits any; 'install' is accepted and the highest of them (what
    `mkp update-active` picks with all enabled); every example falls into its row."""
    problems = []
    rows = matrix["rows"]
    if set(packages) != set(matrix["packages"]):
        problems.append(f"matrix names packages {sorted(matrix['packages'])}, the build made {sorted(packages)}")
        return problems
    for index, row in enumerate(rows):
        low = version_key(row["from"])
        high = version_key(rows[index + 1]["from"]) if index + 1 < len(rows) else None
        span = f"{row['checkmk']} [{row['from']}, {rows[index + 1]['from'] if high else '...'})"
        if high is not None and high <= low:
            problems.append(f"matrix row {span}: rows must be in ascending order")
            continue
        fits = []
        for pid, manifest in sorted(packages.items()):
            min_required, until = manifest["version.min_required"], manifest.get("version.usable_until")
            lo_ok = version_key(min_required) <= low
            hi_ok = until is None or (high is not None and high <= version_key(until))
            none = (until is not None and version_key(until) <= low) or (
                high is not None and version_key(min_required) >= high)
            bounds = f"min_required {min_required}, usable_until {until}"
            if lo_ok and hi_ok:
                fits.append(pid)
            elif not none:
                problems.append(f"{span}: {pid} ({manifest['version']}, {bounds}) fits only part of the row")
        if sorted(fits) != sorted(row["accepted"]):
            problems.append(f"{span}: Checkmk would accept {fits or 'nothing'}, the matrix says {row['accepted']} "
                            f"({'; '.join(pid + ': min_required ' + m['version.min_required'] + ', usable_until ' + str(m.get('version.usable_until')) for pid, m in sorted(packages.items()))})")
        if row["install"] not in row["accepted"]:
            problems.append(f"{span}: 'install' {row['install']} is not among 'accepted' {row['accepted']}")
        elif fits and row["install"] in fits:
            best = max(fits, key=lambda pid: package_sort_key(packages[pid]["version"]))
            if best != row["install"]:
                problems.append(f"{span}: with {fits} enabled `mkp update-active` installs {best}, not {row['install']}")
        for example in row.get("examples", []):
            try:
                key = version_key(example)
            except ValueError as exc:
                problems.append(f"{span}: example {example!r}: {exc}")
                continue
            if key < low or (high is not None and key >= high):
                problems.append(f"{span}: example {example!r} falls outside the row")
    return problems


def package_sort_key(version: str) -> tuple:
    """Checkmk's PackageVersion.sort_key: semver precedence of the part before '+'."""
    def identifiers(ids: str):
        for i in ids.split("."):
            try:
                yield (1, int(i))
            except ValueError:
                yield (0, i)

    without_build_metadata = version.split("+", 1)[0]
    core, prerelease = (without_build_metadata.split("-", 1) if "-" in without_build_metadata
                        else (without_build_metadata, ""))
    return tuple(identifiers(core)) + (tuple(identifiers(prerelease)) if prerelease else ()) + ((2, None),)


def rule_forms(manifest: dict) -> tuple[bool, bool]:
    """(legacy WATO form in the `web` part, rulesets API form under cmk_addons_plugins/<family>/rulesets/)."""
    files = manifest["files"]
    legacy = any(f.startswith("plugins/wato/") for f in files.get("web", []))
    rulesets = any(len(f.split("/")) == 3 and f.split("/")[1] == "rulesets" for f in files.get("cmk_addons_plugins", []))
    return legacy, rulesets


def form_problems(manifest: dict) -> list[str]:
    """Exactly one rule form per package; the rulesets form only for sites that discover it."""
    legacy, rulesets = rule_forms(manifest)
    problems = []
    if legacy and rulesets:
        problems.append("carries both rule forms (legacy `web` and rulesets `cmk_addons_plugins`): two "
                        "registrations under one name, whichever loads last wins; ship each in its own flavour")
    elif not legacy and not rulesets:
        problems.append("carries no rule form")
    min_required = manifest["version.min_required"]
    if rulesets and cmk_version(min_required) < cmk_version(RULESETS_FORM_MIN):
        problems.append(f"has the rulesets form but version.min_required {min_required} < {RULESETS_FORM_MIN}: "
                        "2.4.0 to 2.4.0p3 accept it and never show the form (werk 17884)")
    return problems


def pair_problems(plain: dict, cmk24: dict, published: list[str]) -> list[str]:
    """The two flavours of one release, as `mkp update-active` orders them."""
    problems = []
    pv, fv = plain["version"], cmk24["version"]
    if plain["name"] != cmk24["name"]:
        problems.append(f"flavours have different names ({plain['name']}, {cmk24['name']}): both could be enabled "
                        "at once and collide on the same files")
    for v in (pv, fv):
        if "+" in v:
            problems.append(f"version {v}: Checkmk's sort key ignores build metadata ('+...')")
    if pv.split("-", 1)[0] != fv.split("-", 1)[0]:
        problems.append(f"flavours of one build carry different releases ({pv}, {fv})")
    if package_sort_key(fv) == package_sort_key(pv):
        problems.append(f"{fv} and {pv} sort equal for Checkmk: `mkp update-active` may pick either")
    elif package_sort_key(fv) < package_sort_key(pv):
        problems.append(f"{fv} (2.4 flavour) sorts below {pv}: `mkp update-active` would prefer the plain flavour")
    for old in published:
        for v in (pv, fv):
            if package_sort_key(v) <= package_sort_key(old):
                problems.append(f"{v} does not sort above the published {old}: Checkmk would take it for "
                                "a downgrade (or the same version)")
    return problems
