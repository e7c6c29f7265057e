#!/usr/bin/env python3
"""Reads an .mkp the way Checkmk's package tool does, and checks it.

  mkp_check.py check MKP              manifest vs contents (exit 1 and a list of problems if any)
  mkp_check.py extract MKP OMD_ROOT   install the files into a fake site like `mkp install`
  mkp_check.py cron FILE              syntax of a crontab file (5 time fields + command per line)
  mkp_check.py versions PLAIN CMK24 [PUBLISHED...]
                                      the two flavours as Checkmk's `mkp update-active` orders them
  mkp_check.py selftest PLAIN CMK24 [PUBLISHED...]
                                      deliberately wrong variants of both packages must be refused
  mkp_check.py matrix PLAIN CMK24     both packages' min_required / usable_until against support_matrix.json
  mkp_check.py compare MKP_A MKP_B    byte-identical? else the first differing member (exit 1)
  mkp_check.py info INFO_JSON INFO    writes `info` from info.json as Checkmk does (pprint.pformat + newline)

Mirrors cmk/utils/packaging (2.2) and cmk.mkp_tool (2.3+): `info` is read with
ast.literal_eval from the gzip'd outer tar, each part's files are extracted from
`<part>.tar` with `tar xf - --touch -C <part dir> FILES...`, then chmod'ed as the
installer does. Standard library only: it runs with any python3.
"""
import ast
import hashlib
import io
import json
import pprint
import re
import subprocess
import sys
import tarfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in build/verify
import cmk_rules  # noqa: E402
import rules_selftest  # noqa: E402

# Part -> folder below the site (OMD_ROOT), as in Checkmk's cmk.utils.paths: one table, shared with Verify.
SITE_PATHS = {k: v for k, v in json.loads((Path(__file__).with_name("site_paths.json")).read_text(encoding="utf-8")).items()
              if not k.startswith("_")}
# Parts each Checkmk release knows; an unknown key makes the whole manifest invalid.
PARTS_2_2 = {
    "ec_rule_packs", "agent_based", "checks", "inventory", "checkman", "agents", "notifications",
    "gui", "web", "pnp-templates", "doc", "locales", "bin", "lib", "mibs", "alert_handlers",
}
PARTS_2_4 = PARTS_2_2 | {"cmk_plugins", "cmk_addons_plugins"}
EXECUTABLE_PARTS = {"agents", "notifications", "bin", "alert_handlers"}
FIELDS = {
    "title": str, "name": str, "description": str, "version": str, "version.packaged": str,
    "version.min_required": str, "version.usable_until": (str, type(None)), "author": str,
    "download_url": str, "files": dict,
}
NAME = re.compile(r"^[^\d\W][-\w]*$")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def read_manifest(mkp: bytes) -> tuple[dict, str]:
    with tarfile.open(fileobj=io.BytesIO(mkp), mode="r:gz") as tar:
        info = tar.extractfile("info")
        if info is None:
            raise ValueError("'info' is not a regular file")
        raw = info.read().decode()
    return ast.literal_eval(raw), raw


def check(path: Path) -> list[str]:
    problems: list[str] = []
    mkp = path.read_bytes()
    manifest, raw = read_manifest(mkp)

    for field, kind in FIELDS.items():
        if not isinstance(manifest.get(field), kind):
            problems.append(f"info: field {field!r} missing or not {kind}")
    if problems:
        return problems
    if not NAME.match(manifest["name"]):
        problems.append(f"info: invalid package name {manifest['name']!r}")
    if "/" in manifest["version"] or not SEMVER.match(manifest["version"]):
        problems.append(f"info: version {manifest['version']!r} is not a semantic version without '/'")
    # Checkmk names package files <name>-<version>.mkp (format_file_name); GitHub rewrites '+' in asset names.
    if path.name != f"{manifest['name']}-{manifest['version']}.mkp" or "+" in path.name:
        problems.append(f"file name {path.name} is not <name>-<version>.mkp without '+'")
    if pprint.pformat(manifest) + "\n" != raw:
        problems.append("info: not formatted like pprint.pformat (Checkmk's Manifest.file_content)")
    # Bounds Checkmk can read (else it skips the check), usable_until above min_required.
    problems.extend(f"info: {problem}" for problem in cmk_rules.bound_problems(manifest))
    try:
        min_required = cmk_rules.major_minor(manifest["version.min_required"])
    except ValueError:
        min_required = (0, 0)
    known = PARTS_2_4 if min_required >= (2, 4) else PARTS_2_2
    for part in manifest["files"]:
        if part not in known:
            problems.append(f"info: part {part!r} unknown to Checkmk {manifest['version.min_required']}")
    # Exactly one rule form; the rulesets form only with version.min_required >= 2.4.0p4 (cmk_rules.py).
    problems.extend(f"info: {problem}" for problem in cmk_rules.form_problems(manifest))

    with tarfile.open(fileobj=io.BytesIO(mkp), mode="r:gz") as outer:
        members = outer.getmembers()
        names = [m.name for m in members]
        parts = [p for p, files in manifest["files"].items() if files]
        expected = ["info", "info.json"] + [f"{p}.tar" for p in parts]
        if sorted(names) != sorted(expected):
            problems.append(f"mkp: members {names}, expected {expected}")
        mtimes = {m.mtime for m in members}
        for m in members:
            if not m.isreg() or m.mode != 0o644 or m.uid != 0 or m.gid != 0:
                problems.append(f"mkp: {m.name}: type {m.type!r} mode {m.mode:o} uid {m.uid} gid {m.gid}")
        info_json = json.loads(outer.extractfile("info.json").read())
        if info_json != manifest:
            problems.append("info.json differs from info")
        if list(info_json) != list(FIELDS):
            problems.append(f"info.json: field order {list(info_json)} differs from Checkmk's {list(FIELDS)}")
        for part in parts:
            listed = manifest["files"][part]
            data = outer.extractfile(f"{part}.tar").read()
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as inner:
                got = inner.getmembers()
                if [m.name for m in got] != listed:
                    problems.append(f"{part}.tar: holds {[m.name for m in got]}, info lists {listed}")
                for m in got:
                    mtimes.add(m.mtime)
                    want = 0o755 if part in EXECUTABLE_PARTS else 0o644
                    if not m.isreg() or m.mode != want or m.uid != 0 or m.gid != 0 or m.size == 0:
                        problems.append(
                            f"{part}.tar: {m.name}: type {m.type!r} mode {m.mode:o} (want {want:o}) "
                            f"uid {m.uid} gid {m.gid} size {m.size}"
                        )
        if len(mtimes) != 1:
            problems.append(f"mtimes differ between entries: {sorted(mtimes)}")
    return problems


def write_info(info_json: Path, info: Path) -> None:
    """`info` as Checkmk's Manifest.file_content writes it: the one source of truth for the Python literal (Render calls this)."""
    manifest = json.loads(info_json.read_text(encoding="utf-8"))
    info.write_bytes((pprint.pformat(manifest) + "\n").encode("utf-8"))


def extract(path: Path, site: Path) -> None:
    mkp = path.read_bytes()
    manifest, _ = read_manifest(mkp)
    with tarfile.open(fileobj=io.BytesIO(mkp), mode="r:gz") as outer:
        for part, files in manifest["files"].items():
            if not files:
                continue
            dst = site / SITE_PATHS[part]
            dst.mkdir(parents=True, exist_ok=True)
            data = outer.extractfile(f"{part}.tar").read()
            subprocess.run(["tar", "xf", "-", "--touch", "-C", str(dst), *files], input=data, check=True)
            for f in files:  # the installer's permissions (cmk.mkp_tool._parts.permissions)
                (dst / f).chmod(0o700 if part in EXECUTABLE_PARTS else 0o600)
            print(f"{part}: {len(files)} file(s) -> {dst}")


# Vixie cron's field grammar (Debian's cron, cron(5)): numbers, ranges, lists, steps, names.
FIELD_RANGES = [("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}),
                ("month", 1, 12, {m: i + 1 for i, m in enumerate(
                    "jan feb mar apr may jun jul aug sep oct nov dec".split())}),
                ("day of week", 0, 7, {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())})]


def _check_field(text: str, name: str, low: int, high: int, names: dict) -> str | None:
    def value(v: str) -> int:
        if v.lower() in names:
            return names[v.lower()]
        if not v.isdigit():
            raise ValueError(v)
        n = int(v)
        if not low <= n <= high:
            raise ValueError(v)
        return n

    for item in text.split(","):
        rng, _, step = item.partition("/")
        try:
            if step and (not step.isdigit() or int(step) == 0):
                raise ValueError(step)
            if rng != "*":
                a, sep, b = rng.partition("-")
                if sep and value(a) > value(b):
                    raise ValueError(rng)
                if not sep:
                    value(a)
        except ValueError as exc:
            return f"bad {name} {text!r} ({exc})"
    return None


def check_cron(path: Path) -> list[str]:
    problems = []
    jobs = 0
    for number, line in enumerate(path.read_text().splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", stripped):
            continue  # environment setting
        if stripped.startswith("@"):
            problems.append(f"line {number}: @-schedules are not used by this package")
            continue
        fields = stripped.split(None, 5)
        if len(fields) < 6:
            problems.append(f"line {number}: needs 5 time fields and a command")
            continue
        for text, (name, low, high, names) in zip(fields[:5], FIELD_RANGES):
            if (problem := _check_field(text, name, low, high, names)) is not None:
                problems.append(f"line {number}: {problem}")
        if fields[5].split()[0] in ("root", "nobody") or "%" in fields[5]:
            problems.append(f"line {number}: user field or unescaped % in the command")
        jobs += 1
    if jobs == 0:
        problems.append("no job line")
    if not path.read_text().endswith("\n"):
        problems.append("last line has no newline (cron ignores it)")
    return problems


def flavour_manifests(paths: list[str]) -> dict[str, dict]:
    """Manifests by flavour id, the pre-release tag of the package version ('1.1.0-cmk2.4' -> 'cmk2.4')."""
    manifests = [read_manifest(Path(p).read_bytes())[0] for p in paths]
    return {m["version"].split("-", 1)[-1]: m for m in manifests}


def _tar_members(data: bytes, mode: str) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(fileobj=io.BytesIO(data), mode=mode) as tar:
        return [(m, tar.extractfile(m).read() if m.isreg() else b"") for m in tar.getmembers()]


def _header(m: tarfile.TarInfo) -> dict:
    return {"type": m.type, "mode": oct(m.mode), "uid": m.uid, "gid": m.gid, "uname": m.uname,
            "gname": m.gname, "mtime": m.mtime, "size": m.size, "linkname": m.linkname}


def elf_sections(data: bytes) -> list[tuple[str, int, int, int]] | None:
    """(name, file offset, size, type) of each section of an ELF64 little-endian file (x86_64, aarch64), else None."""
    import struct
    if data[:4] != b"\x7fELF" or len(data) < 0x40 or data[4] != 2 or data[5] != 1:
        return None
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx][4]
    return [(data[strtab + h[0]:data.index(b"\0", strtab + h[0])].decode(errors="replace"), h[4], h[5], h[1])
            for h in headers]


def elf_difference(a: bytes, b: bytes, offset: int) -> str | None:
    """Where two ELF files part: the section holding the first differing byte, the first section (in file order)
    whose size differs (everything behind it shifts) and the first whose content differs."""
    sa, sb = elf_sections(a), elf_sections(b)
    if sa is None or sb is None:
        return None
    at = next((f"section {n} +{offset - o:#x}" for n, o, size, t in sa if t != 8 and o <= offset < o + size),
              "the ELF/program headers" if offset < 0x40 + 56 * 16 else "no section")
    notes = [f"first differing byte in {at}"]
    by_name = {n: (o, size, t) for n, o, size, t in sb}
    resized = next((f"{n} ({size:#x} vs {by_name[n][1]:#x} bytes)" for n, o, size, t in sorted(sa, key=lambda x: x[1])
                    if n in by_name and size != by_name[n][1]), None)
    if resized:
        notes.append(f"first section of another size: {resized}")
    changed = next((n for n, o, size, t in sorted(sa, key=lambda x: x[1])
                    if n and t != 8 and n in by_name and a[o:o + size] != b[by_name[n][0]:by_name[n][0] + by_name[n][1]]),
                   None)
    if changed:
        notes.append(f"first section with other content: {changed}")
    return "; ".join(notes)


def first_difference(a: bytes, b: bytes, mode: str = "r:gz", prefix: str = "") -> str | None:
    """The first member (in archive order) whose name, header or content differs; part tars are opened too."""
    left, right = _tar_members(a, mode), _tar_members(b, mode)
    for index in range(max(len(left), len(right))):
        if index >= len(left) or index >= len(right):
            extra = (right if index >= len(left) else left)[index][0].name
            return f"{prefix}{extra}: only in {'B' if index >= len(left) else 'A'} (member {index + 1})"
        (ma, da), (mb, db) = left[index], right[index]
        if ma.name != mb.name:
            return f"{prefix}member {index + 1}: {ma.name!r} in A, {mb.name!r} in B"
        ha, hb = _header(ma), _header(mb)
        fields = ", ".join(f"{k} {ha[k]!r} vs {hb[k]!r}" for k in ha if ha[k] != hb[k])
        if da != db:
            if ma.name.endswith(".tar"):
                inner = first_difference(da, db, "r:", f"{prefix}{ma.name} > ")
                if inner is not None:
                    return inner
            offset = next((i for i, (x, y) in enumerate(zip(da, db)) if x != y), min(len(da), len(db)))
            where = elf_difference(da, db, offset)
            return (f"{prefix}{ma.name}: content differs at byte {offset}{f' ({where})' if where else ''}, "
                    f"{len(da)} vs {len(db)} bytes (sha256 {hashlib.sha256(da).hexdigest()[:16]}... vs "
                    f"{hashlib.sha256(db).hexdigest()[:16]}...)"
                    + (f"; tar header: {fields}" if fields and fields != f"size {len(da)!r} vs {len(db)!r}" else "")
                    + ("; the build ID (.note.gnu.build-id, a hash of the rest) differs whenever anything else does"
                       if where else ""))
        if ha != hb:
            return f"{prefix}{ma.name}: tar header differs ({fields})"
    if a != b:
        return f"{prefix}(archive framing: same members, different {'gzip/tar' if mode == 'r:gz' else 'tar'} bytes)"
    return None


def compare(a_path: Path, b_path: Path) -> int:
    a, b = a_path.read_bytes(), b_path.read_bytes()
    sha_a, sha_b = hashlib.sha256(a).hexdigest(), hashlib.sha256(b).hexdigest()
    print(f"A {sha_a}  {a_path}")
    print(f"B {sha_b}  {b_path}")
    if a == b:
        print(f"{a_path.name}: identical")
        return 0
    print(f"{a_path.name}: DIFFERENT, first differing member: {first_difference(a, b)}")
    return 1


def main(argv: list[str]) -> int:
    command, *args = argv
    summary = ""
    if command == "check":
        problems = check(Path(args[0]))
        manifest = read_manifest(Path(args[0]).read_bytes())[0]
        legacy, rulesets = cmk_rules.rule_forms(manifest)
        summary = (f" (version {manifest['version']}, version.min_required {manifest['version.min_required']}, "
                   f"version.usable_until {manifest['version.usable_until']}, rule form: "
                   + " + ".join(["legacy WATO `web`"] * legacy + ["rulesets `cmk_addons_plugins`"] * rulesets) + ")")
    elif command == "extract":
        extract(Path(args[0]), Path(args[1]))
        return 0
    elif command == "cron":
        problems = check_cron(Path(args[0]))
    elif command == "versions":
        plain, cmk24 = (read_manifest(Path(a).read_bytes())[0] for a in args[:2])
        problems = cmk_rules.pair_problems(plain, cmk24, args[2:])
        args = [f"{plain['version']} / {cmk24['version']}"]
    elif command == "compare":
        return compare(Path(args[0]), Path(args[1]))
    elif command == "info":
        write_info(Path(args[0]), Path(args[1]))
        return 0
    elif command == "matrix":
        packages = flavour_manifests(args[:2])
        problems = cmk_rules.matrix_problems(packages, cmk_rules.load_matrix())
        args = [f"{' / '.join(m['version'] for m in packages.values())} vs {cmk_rules.SUPPORT_MATRIX.name}"]
        summary = " (" + "; ".join(
            f"{row['checkmk']}: {row['install']}" for row in cmk_rules.load_matrix()["rows"]) + ")"
    elif command == "selftest":
        lines = rules_selftest.run(Path(args[0]), Path(args[1]), args[2:], check)
        print("\n".join(lines))
        return 1 if any(line.startswith("UNEXPECTED") for line in lines) else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for problem in problems:
        print(f"{args[0]}: {problem}")
    if not problems:
        print(f"{args[0]}: OK{summary}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
