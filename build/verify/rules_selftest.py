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
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
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
        for key, value in changes.items():  # min_required= sets version.min_required
            m["version.min_required" if key == "min_required" else key] = value
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
    return lines


def _judge(what: str, problems: list[str], expected: str | None) -> str:
    if expected is None:
        return f"accepted {what}" if not problems else f"UNEXPECTED refusal of {what}: {'; '.join(problems)}"
    hits = [p for p in problems if expected in p]
    return f"refused  {what}: {hits[0]}" if hits else \
        f"UNEXPECTED acceptance of {what} (wanted a problem with {expected!r}, got {problems})"
