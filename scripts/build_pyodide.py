"""Build `build/pyodide/`: exactly the Pyodide files the site serves to the checker page.

    .venv/bin/python scripts/build_pyodide.py [--no-bytecode] [--force] [--out DIR]

What it holds, and where each piece comes from:
- the runtime (`pyodide.mjs`, `pyodide.asm.mjs`, `pyodide.asm.wasm`) from the npm package
  `pyodide` (package-lock.json pins it), copied as is;
- `python_stdlib.zip`, the npm package's standard library, trimmed to the modules the checker
  and Pyodide's own start-up import, compiled to bytecode;
- the wheels pinned by hash in `scripts/pyodide-wheels.txt` (pydantic and its dependencies),
  downloaded once with pip into `build/wheel-cache/`, checked against the pins on every build;
- the checker wheel, built from this repository;
- `pyodide-lock.json`, written fresh, listing exactly these wheels;
- `site-packages.tar`, every file of those wheels in one uncompressed archive, and the checker's
  memory snapshot made from it (scripts/pyodide_snapshot.py): the worker's quick start.

Pyodide writes no bytecode at run time, so every page load would compile the Python it imports
again: that was most of the checker's start-up time. So the modules that the checker's start-up
and evaluations import (found by running it: scripts/pyodide_profile.py) are compiled to bytecode
inside Pyodide under Node, by the runtime's own Python 3.14 (scripts/pyodide_bytecode.py). The
rest of the standard library is left out of the served zip (1.6 MB of 3.3 MB that no page load
reads): importing a module outside it raises ModuleNotFoundError, which the page reports like
any other failure. The wheels keep their other modules as source (pydantic imports some lazily).
Every archive is written with fixed dates, so unchanged inputs give byte-identical output and
the site's content hash stays put.
A stamp of the inputs' hashes makes a rebuild with nothing changed a no-op; once the wheel cache
is filled the build needs no network.

A memory snapshot taken after `import checker` lets a return visit skip Python's start-up, the
wheels' installation and the imports (docs/assets/checker/worker.js). A restored Python must find
the packages' files where it left them, and no package-loading state can be restored, so the
snapshot path installs them from `site-packages.tar` (written here, one file, read in
milliseconds) instead of loadPackage; it holds every file of the served wheels, package data too.
The snapshot's own bytes differ from build to build (hash seeds and the like in memory):
hooks/pyodide_assets.py leaves them out of the folder's hash.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pyodide_lock import write_lock  # noqa: E402  (a sibling script, not a package)
from pyodide_snapshot import SnapshotError, is_part, make_snapshot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
PINS = SCRIPTS / "pyodide-wheels.txt"
RUNTIME = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
ARCHIVE = "site-packages.tar"  # the name docs/assets/checker/worker.js fetches
ARCHIVE_DATE = 315532800  # 1980-01-01, the date the zips carry: same inputs, same bytes
WORKER = ROOT / "docs" / "assets" / "checker" / "worker.js"  # it makes the snapshot too
BUILD = ROOT / "build"
CACHE = BUILD / "wheel-cache"
OUT = BUILD / "pyodide"
# Everything whose change must rebuild the output (besides the runtime, pins and checker source).
BUILD_CODE = (
    "build_pyodide.py", "pyodide_bytecode.py", "pyodide_lock.py", "pyodide_profile.py",
    "pyodide_run.mjs", "pyodide_snapshot.py", "pyodide_snapshot.html",
)  # fmt: skip
# Applications the start-up profile evaluates (see pyodide_profile.py): the checker's own cases.
PROFILE_CASES = ROOT / "tests" / "cases"


class BuildError(Exception):
    """A problem the person running the build can act on; printed without a traceback."""


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str


def read_pins(path: Path) -> list[Pin]:
    pins = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not match:
            raise BuildError(f"{path.name}:{number}: expected `name==version --hash=sha256:<64 hex>`")
        pins.append(Pin(*match.groups()))
    return pins


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_matches(path: Path, pin: Pin) -> bool:
    """Whether a wheel file name belongs to the pinned name and version."""
    name, version = path.name.split("-")[:2]
    return re.sub(r"[-_.]+", "_", name).lower() == re.sub(r"[-_.]+", "_", pin.name).lower() and (
        version == pin.version
    )


def download(info: dict, dest: Path) -> None:
    """pip download with the runtime's platform tag spelled out (design.md: pip finds the
    pydantic-core wasm wheel only this way); pip itself checks the hashes of the pins file."""
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--platform", f"pyemscripten_{info['abi_version']}_{info['arch']}",
        "--python-version", ".".join(info["python"].split(".")[:2]), "--implementation", "cp",
        "--dest", str(dest), "--require-hashes", "-r", str(PINS),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(
            "pip could not download the pinned wheels (network, or a hash that does not match "
            f"{PINS.name}):\n{result.stderr.strip()}"
        )


def pinned_wheels(pins: list[Pin], info: dict) -> list[Path]:
    """The pinned wheels from the cache, downloading the ones missing; each checked by hash.
    `info` is the runtime lock's: its ABI and Python version choose the wheels."""
    CACHE.mkdir(parents=True, exist_ok=True)
    by_hash = {sha256(p): p for p in CACHE.glob("*.whl")}
    if any(pin.sha256 not in by_hash for pin in pins):
        with tempfile.TemporaryDirectory(dir=BUILD) as tmp:
            download(info, Path(tmp))
            for pin in pins:
                files = [p for p in Path(tmp).glob("*.whl") if wheel_matches(p, pin)]
                if len(files) != 1:
                    raise BuildError(f"pip gave {len(files)} wheels for {pin.name}=={pin.version}")
                actual = sha256(files[0])
                if actual != pin.sha256:
                    raise BuildError(
                        f"{files[0].name}: sha256 is {actual}, but {PINS.name} pins "
                        f"{pin.sha256}. The file changed on the index, or the pin is wrong; "
                        "the build stops rather than serve an unverified wheel."
                    )
                by_hash[actual] = Path(shutil.move(files[0], CACHE / files[0].name))
    return [by_hash[pin.sha256] for pin in pins]


def checker_source() -> list[Path]:
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "checker").rglob("*"))]
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def build_checker_wheel(dest: Path) -> Path:
    """The checker wheel, built by setuptools from a clean copy of the source, so that files
    deleted from checker/ cannot linger in a build folder and the repository stays clean."""
    with tempfile.TemporaryDirectory(dir=BUILD) as tmp:
        for path in checker_source():
            target = Path(tmp) / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        command = [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
            "--no-cache-dir", "--wheel-dir", str(dest), tmp,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(
            f"building the checker wheel failed (is setuptools in .venv? run `make setup`):\n"
            f"{result.stderr.strip()}"
        )
    (wheel,) = dest.glob("checker-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        if not any(re.fullmatch(r"checker/rounds/[^/]+\.json", n) for n in archive.namelist()):
            raise BuildError(f"{wheel.name} holds no checker/rounds/*.json: check package-data")
    return wheel


def served_wheel_name(wheel: Path, python: str, compiled: bool) -> str:
    """A wheel with bytecode runs on one Python only, so its tag says so (as pyodide-build's
    py-compile names it): pydantic-2.14.4-py3-none-any -> pydantic-2.14.4-cp314-none-any."""
    if not compiled:
        return wheel.name
    name, version, _python_tag, abi, platform = wheel.stem.split("-")
    major, minor = python.split(".")[:2]
    return f"{name}-{version}-cp{major}{minor}-{abi}-{platform}.whl"


def profile_cases() -> list[Path]:
    return sorted(PROFILE_CASES.glob("*.json"))


def inputs_digest(pins_file: Path, bytecode: bool) -> str:
    digest = hashlib.sha256(f"bytecode={bytecode}\n".encode())
    files = [
        *(RUNTIME / f for f in (*RUNTIME_FILES, STDLIB, "pyodide-lock.json")),
        pins_file,
        *checker_source(),
        *(SCRIPTS / f for f in BUILD_CODE),
        *([*profile_cases(), WORKER] if bytecode else []),
    ]
    for path in files:
        digest.update(f"{path.relative_to(ROOT)}\0{sha256(path)}\n".encode())
    return digest.hexdigest()


def run_in_pyodide(pyodide_dir: Path, script: str, *args: str, load: tuple[str, ...] = ()) -> None:
    if shutil.which("node") is None:
        raise BuildError("node is not on the PATH; the bytecode step runs Pyodide under Node")
    command = ["node", str(SCRIPTS / "pyodide_run.mjs")]
    for package in load:
        command += ["--load", package]
    command += [str(pyodide_dir), str(ROOT), str(SCRIPTS / script), *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"{script} inside Pyodide failed:\n{result.stderr.strip()[-3000:]}")


def imported_at_start(wheels: list[Path], info: dict, folder: Path) -> dict[str, list[str]]:
    """The stdlib and site-packages files the checker's start-up imports, found by running it
    in Pyodide from an uncompiled folder laid out as the site serves it."""
    folder.mkdir()
    for name in (*RUNTIME_FILES, STDLIB):
        (folder / name).symlink_to(RUNTIME / name)
    for wheel in wheels:
        (folder / wheel.name).symlink_to(wheel)
    write_lock(sorted(folder.glob("*.whl")), info, folder / "pyodide-lock.json")
    found = folder / "imported.json"
    cases = [str(p) for p in profile_cases()]
    run_in_pyodide(folder, "pyodide_profile.py", str(found), *cases, load=("checker",))
    return json.loads(found.read_text())


def repack_jobs(
    wheels: list[Path], imported: dict, python: str, staging: Path, trim: bool
) -> list[dict]:
    """What pyodide_bytecode.py writes: the standard library (trimmed to the modules imported,
    if `trim`) and each wheel, with the imported modules compiled."""
    stdlib = imported["stdlib"]
    jobs = [{"src": str(RUNTIME / STDLIB), "dst": str(staging / STDLIB), "compile": stdlib,
             "only": stdlib if trim else None}]  # fmt: skip
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            compile_names = sorted(set(archive.namelist()) & set(imported["site"]))
        name = served_wheel_name(wheel, python, compiled=bool(compile_names))
        jobs.append({"src": str(wheel), "dst": str(staging / name), "compile": compile_names})
    return jobs


def write_archive(wheels: list[Path], dest: Path) -> None:
    """Every file of `wheels` in one ustar archive, laid out as site-packages (what loadPackage
    would install), with fixed dates and owners so that the same wheels give the same bytes."""
    files: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            files |= {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    with tarfile.open(dest, "w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), ARCHIVE_DATE, 0o644
            tar.addfile(info, io.BytesIO(files[name]))


def snapshot_applications() -> list[str]:
    """The applications the snapshot is warmed with, as JSON text; the first is its smoke case."""
    return [json.dumps(json.loads(p.read_text())["application"]) for p in profile_cases()]


def build(out: Path, bytecode: bool, force: bool) -> None:
    for name in (*RUNTIME_FILES, STDLIB, "pyodide-lock.json"):
        if not (RUNTIME / name).is_file():
            raise BuildError(f"{RUNTIME / name} is missing: run `make setup` (npm ci)")
    if not out.is_relative_to(ROOT):
        raise BuildError(f"--out must be inside {ROOT}: only the repository is visible to Pyodide")
    digest = inputs_digest(PINS, bytecode)
    stamp = out.with_name(out.name + ".inputs")
    if not force and out.is_dir() and stamp.is_file() and stamp.read_text().strip() == digest:
        print(f"{out.relative_to(ROOT)} is up to date")
        return
    started = time.monotonic()
    BUILD.mkdir(exist_ok=True)
    info = json.loads((RUNTIME / "pyodide-lock.json").read_text())["info"]
    wheels = pinned_wheels(read_pins(PINS), info)
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    with tempfile.TemporaryDirectory(dir=BUILD) as tmp:
        wheels.append(build_checker_wheel(Path(tmp) / "checker"))
        imported = (
            imported_at_start(wheels, info, Path(tmp) / "profile")
            if bytecode
            else {"stdlib": [], "site": []}
        )
        jobs = Path(tmp) / "jobs.json"
        jobs.write_text(json.dumps(repack_jobs(wheels, imported, info["python"], staging, bytecode)))
        run_in_pyodide(RUNTIME, "pyodide_bytecode.py", str(jobs))
    for name in RUNTIME_FILES:
        shutil.copyfile(RUNTIME / name, staging / name)
    write_lock(sorted(staging.glob("*.whl")), info, staging / "pyodide-lock.json")
    snapshot = ""
    if bytecode:  # the stock set-up (--no-bytecode) has no snapshot
        write_archive(sorted(staging.glob("*.whl")), staging / ARCHIVE)
        made = time.monotonic()
        try:
            make_snapshot(staging, snapshot_applications())
        except SnapshotError as error:
            raise BuildError(str(error)) from None
        size = sum(p.stat().st_size for p in staging.iterdir() if is_part(p.name))
        snapshot = f", snapshot {size / 1e6:.1f} MB in {time.monotonic() - made:.1f} s"
    for path in staging.iterdir():
        path.chmod(0o644)  # files written inside Pyodide come out world-writable
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    stamp.write_text(digest + "\n")
    total = sum(f.stat().st_size for f in out.iterdir())
    compiled = len(imported["stdlib"]) + len(imported["site"])
    print(
        f"{out.relative_to(ROOT)}: {len(list(out.iterdir()))} files, {total / 1e6:.1f} MB, "
        f"{compiled} modules as bytecode{snapshot}, {time.monotonic() - started:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-bytecode", action="store_true",
        help="ship the whole standard library and the wheels as source (the stock set-up, for measuring)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if inputs are unchanged")
    parser.add_argument(
        "--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(ROOT)})"
    )
    args = parser.parse_args()
    try:
        build(args.out.resolve(), bytecode=not args.no_bytecode, force=args.force)
    except BuildError as error:
        print(f"build_pyodide: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
