"""Proves that Verify's package-rule checks fail: deliberately wrong packages must be refused.

Takes the two packages the build made, rewrites their manifests (and part tars) into packages
that break one of Checkmk's rules, and runs the same `check` (and pair check) as Verify on them.
A wrong package that passes, or a right one that fails, makes the self-test fail.
"""
import copy
import io
import json
import pprint
import tarfile
import tempfile
from pathlib import Path

import cmk_rules


def _members(mkp: bytes) -> dict[str, tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(fileobj=io.BytesIO(mkp), mode="r:gz") as tar:
        return {m.name: (m, tar.extractfile(m).read()) for m in tar.getmembers()}


def _manifest(mkp: bytes) -> dict:
    # info.json keeps Checkmk's field order (info, written by pprint, has the keys sorted).
    return json.loads(_members(mkp)["info.json"][1])


def _repack(base: bytes, manifest: dict, parts_from: bytes | None = None) -> bytes:
    """`base` with `manifest` as info/info.json; part tars it lacks are taken from `parts_from`."""
    members = _members(base)
    donor = _members(parts_from) if parts_from else {}
    template = members["info"][0]
    entries = [("info", (pprint.pformat(manifest) + "\n").encode()),
               ("info.json", json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())]
    for part, files in manifest["files"].items():
        if files:
            entries.append((f"{part}.tar", (members.get(f"{part}.tar") or donor[f"{part}.tar"])[1]))
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as tar:  # speed: only the contents matter here
        for name, data in entries:
            info = copy.copy(template)
            info.name, info.size = name, len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def run(plain_path: Path, cmk24_path: Path, published: list[str], check) -> list[str]:
    """Returns one line per case; a line starting with 'UNEXPECTED' is a failure."""
    plain_mkp, cmk24_mkp = plain_path.read_bytes(), cmk24_path.read_bytes()
    plain, cmk24 = _manifest(plain_mkp), _manifest(cmk24_mkp)

    def variant(base_manifest: dict, **changes) -> dict:
        m = copy.deepcopy(base_manifest)
        for key, value in changes.items():  # min_required= / usable_until= set version.min_required / .usable_until
            m[{"min_required": "version.min_required", "usable_until": "version.usable_until"}.get(key, key)] = value
        return m

    both_forms = dict(cmk24["files"], web=plain["files"]["web"])
    plain_plus_rulesets = dict(plain["files"], cmk_addons_plugins=cmk24["files"]["cmk_addons_plugins"])
    no_form = {p: f for p, f in cmk24["files"].items() if p != "cmk_addons_plugins"}
    # (what, base file, manifest, donor of missing part tars, expected problem or None for "must pass")
    file_cases = [
        ("2.4 flavour as built", cmk24_path, cmk24, None, None),
        ("plain flavour as built", plain_path, plain, None, None),
        ("2.4 flavour requiring 2.4.0", cmk24_path, variant(cmk24, min_required="2.4.0"), None, "< 2.4.0p4"),
        ("2.4 flavour requiring 2.4.0p3", cmk24_path, variant(cmk24, min_required="2.4.0p3"), None, "< 2.4.0p4"),
        ("2.4 flavour requiring 2.4.0b1", cmk24_path, variant(cmk24, min_required="2.4.0b1"), None, "< 2.4.0p4"),
        ("2.4 flavour requiring 2.4.0p10 (p10 > p4 as Checkmk counts, not as strings)", cmk24_path,
         variant(cmk24, min_required="2.4.0p10"), None, None),
        ("2.4 flavour requiring 2.5.0", cmk24_path, variant(cmk24, min_required="2.5.0"), None, None),
        ("2.4 flavour that also ships the legacy `web` form", cmk24_path, variant(cmk24, files=both_forms),
         plain_mkp, "carries both rule forms"),
        ("plain flavour that also ships the rulesets form", plain_path, variant(plain, files=plain_plus_rulesets),
         cmk24_mkp, "carries both rule forms"),
        ("2.4 flavour without any rule form", cmk24_path, variant(cmk24, files=no_form), None, "carries no rule form"),
        ("plain flavour usable until '2.5.0-rc1' (Checkmk cannot parse it: never disabled)", plain_path,
         variant(plain, usable_until="2.5.0-rc1"), None, "Checkmk would skip the check"),
        ("plain flavour usable until 2.2.0 (= min_required)", plain_path, variant(plain, usable_until="2.2.0"), None,
         "usable nowhere"),
    ]
    lines = []
    with tempfile.TemporaryDirectory(prefix="ilert-rules-selftest-") as tmp:
        for what, base_path, manifest, donor, expected in file_cases:
            path = Path(tmp) / base_path.name
            path.write_bytes(_repack(base_path.read_bytes(), manifest, donor))
            lines.append(_judge(what, check(path), expected))

    core = plain["version"].split("-", 1)[0]
    pair_cases = [
        ("flavours as built", plain, cmk24, None),
        (f"old scheme {core} / {core}+cmk2.4", variant(plain, version=core), variant(cmk24, version=f"{core}+cmk2.4"),
         "sort equal"),
        (f"2.4 flavour as pre-release {core} / {core}-cmk2.4", variant(plain, version=core),
         variant(cmk24, version=f"{core}-cmk2.4"), "sorts below"),
        ("different package names", plain, variant(cmk24, name="ilert_notify_cmk24"), "different names"),
    ]
    if published:
        last = published[-1].split("+")[0].split("-")[0]
        pair_cases.append((f"release {last} again ({last}-cmk2.2 / {last}-cmk2.4, published: {', '.join(published)})",
                           variant(plain, version=f"{last}-cmk2.2"), variant(cmk24, version=f"{last}-cmk2.4"),
                           "does not sort above the published"))
    for what, p, f, expected in pair_cases:
        lines.append(_judge("pair: " + what, cmk_rules.pair_problems(p, f, published), expected))

    # The flavours' bounds against support_matrix.json, as Checkmk's package tool compares them.
    matrix = cmk_rules.load_matrix()
    matrix_cases = [
        ("flavours as built", plain, cmk24, None),
        ("plain flavour without usable_until (stays enabled on 2.5)", variant(plain, usable_until=None), cmk24,
         "Checkmk would accept ['cmk2.2', 'cmk2.4'], the matrix says ['cmk2.4']"),
        ("plain flavour usable until 2.4.0 (2.4.0 to 2.4.0p3 left without a package)",
         variant(plain, usable_until="2.4.0"), cmk24, "2.4.0 to 2.4.0p3"),
        ("plain flavour usable until 2.4.0p4 (the matrix keeps it on 2.4.0p4+)",
         variant(plain, usable_until="2.4.0p4"), cmk24, "2.4.0p4 and later"),
        ("plain flavour usable until 2.5.0 (2.5 betas and release candidates keep it)",
         variant(plain, usable_until="2.5.0"), cmk24, "fits only part of the row"),
        ("2.4 flavour usable until 2.5.0b1", plain, variant(cmk24, usable_until="2.5.0b1"), "2.5.0 (betas"),
        ("2.4 flavour requiring 2.4.0", plain, variant(cmk24, min_required="2.4.0"), "fits only part of the row"),
        ("plain flavour requiring 2.3.0", variant(plain, min_required="2.3.0"), cmk24, "2.2.0, 2.2.0p1"),
        ("plain flavour with a higher version than the 2.4 one (update-active would pick it on 2.4.0p4+)",
         variant(plain, version=plain["version"].split("-")[0] + "-cmk3"), cmk24, "`mkp update-active` installs cmk2.2"),
    ]
    for what, p, f, expected in matrix_cases:
        packages = {"cmk2.2": p, "cmk2.4": f}
        lines.append(_judge("matrix: " + what, cmk_rules.matrix_problems(packages, matrix), expected))

    # Checkmk version strings as 2.5 sites report them (edition suffixes, betas, release candidates, dailies).
    order = ["2.2.0", "2.2.0p46.cre", "2.3.0b1", "2.3.0p38.cee", "2.4.0b1", "2.4.0p3", "2.4.0p4", "2.4.0p10",
             "2.4.0-2025.06.01", "2.5.0b1", "2.5.0b3.pro", "2.5.0-rc1", "2.5.0-rc2.community", "2.5.0",
             "2.5.0p1.pro", "2.5.0p3.community", "2.5.0p4-rc1.ultimate", "2.5.0p4", "2.5.0p15.ultimatemt"]
    keys = []
    for v in order:
        try:
            keys.append(cmk_rules.version_key(v))
        except ValueError as exc:
            lines.append(f"UNEXPECTED refusal of version {v!r}: {exc}")
            keys.append(None)
    for a, b, ka, kb in zip(order, order[1:], keys, keys[1:]):
        if ka is not None and kb is not None:
            lines.append(f"parsed   {a} < {b}" if ka < kb else f"UNEXPECTED order: {a} !< {b} ({ka}, {kb})")
    same = [("2.5.0p3.community", "2.5.0p3"), ("2.5.0p1.pro", "2.5.0p1"), ("2.5.0.ultimatemt", "2.5.0"),
            ("2.5.0b1.community", "2.5.0b1")]
    for a, b in same:
        ok = cmk_rules.version_key(a) == cmk_rules.version_key(b) and cmk_rules.cmk_version(a) == cmk_rules.cmk_version(b)
        lines.append(f"parsed   {a} == {b} (also by Checkmk's parse_check_mk_version)" if ok
                     else f"UNEXPECTED: {a} != {b}")
    for bad in ("2.5", "2.5.0a1", "2.5.0p3.unknownedition", "latest"):
        try:
            cmk_rules.version_key(bad)
            lines.append(f"UNEXPECTED acceptance of version {bad!r}")
        except ValueError:
            lines.append(f"refused  version {bad!r}")
    for site, pid, fits in [("2.4.0p3", "cmk2.2", True), ("2.4.0p3", "cmk2.4", False), ("2.4.0p4.cre", "cmk2.4", True),
                            ("2.4.0p12", "cmk2.2", True), ("2.5.0b1", "cmk2.2", False), ("2.5.0-rc2", "cmk2.2", False),
                            ("2.5.0p3.community", "cmk2.2", False), ("2.5.0p1.pro", "cmk2.4", True)]:
        m = {"cmk2.2": plain, "cmk2.4": cmk24}[pid]
        got = cmk_rules.mkp_fits(site, m["version.min_required"], m.get("version.usable_until"))
        lines.append(f"{'checked ' if got == fits else 'UNEXPECTED'} {pid} {'fits' if got else 'does not fit'} "
                     f"Checkmk {site}" + ("" if got == fits else f" (wanted {'fits' if fits else 'does not fit'})"))
    return lines


def _judge(what: str, problems: list[str], expected: str | None) -> str:
    if expected is None:
        return f"accepted {what}" if not problems else f"UNEXPECTED refusal of {what}: {'; '.join(problems)}"
    hits = [p for p in problems if expected in p]
    return f"refused  {what}: {hits[0]}" if hits else \
        f"UNEXPECTED acceptance of {what} (wanted a problem with {expected!r}, got {problems})"
