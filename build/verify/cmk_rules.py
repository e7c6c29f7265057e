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
  whose version.min_required is above the site's version (_raise_for_too_old_cmk_version).
"""
import re

# 2.4.0 to 2.4.0p3 do not discover a NotificationParameters rule spec (fixed in 2.4.0p4,
# werk 17884): the 2.4 flavour's rule form would silently not appear there.
RULESETS_FORM_MIN = "2.4.0p4"

_VERSION_PATTERN = re.compile(r"^([.\-a-z]+)?(\d+)")
_VAR_MAP = {"s": (0, 1), "i": (10000, 100), "b": (20000, 100), "p": (50000, 1), "-": (90000, 0), ".": (90000, 0)}


def cmk_version(v: str) -> int:
    """Checkmk's parse_check_mk_version: '2.4.0' -> 2040050000, '2.4.0p4' -> 2040050004, '2.4.0b1' -> 2040020100."""
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
