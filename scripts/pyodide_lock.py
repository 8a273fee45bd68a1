"""Write the `pyodide-lock.json` that lists exactly the wheels the site serves.

The npm package's own lock names ~350 wheels it does not ship; given that lock, Pyodide's loader
would try to fetch packages that are not there. So the build writes a lock of its own, from the
wheels themselves: name, version, imports and dependencies come from each wheel's metadata, the
sha256 from the file (the browser refuses a wheel whose hash differs). The `info` block (ABI,
Python version) is copied from the runtime's lock, which Pyodide checks at start-up.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from email.parser import BytesParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pyodide_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values inside Pyodide, to decide which Requires-Dist lines apply there."""
    return {
        "implementation_name": "cpython",
        "platform_machine": "wasm32",
        "platform_system": "Emscripten",
        "sys_platform": "emscripten",
        "os_name": "posix",
        "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "extra": "",
    }


def wheel_metadata(archive: zipfile.ZipFile):
    name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    return BytesParser().parsebytes(archive.read(name))


def top_level_imports(names: list[str]) -> list[str]:
    """Importable top-level names: packages (folders) and single modules, not metadata."""
    imports = set()
    for name in names:
        first, _, rest = name.partition("/")
        if first.endswith((".dist-info", ".data")):
            continue
        if rest:
            imports.add(first)
        elif first.endswith((".py", ".pyc")) or ".cpython-" in first or first.endswith(".so"):
            imports.add(first.split(".")[0])
    return sorted(imports)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_entry(wheel: Path, python: str) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        meta = wheel_metadata(archive)
        imports = top_level_imports(archive.namelist())
    env = pyodide_environment(python)
    depends = sorted(
        canonicalize_name(req.name)
        for req in map(Requirement, meta.get_all("Requires-Dist") or [])
        if req.marker is None or req.marker.evaluate(env)
    )
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
    }


def make_lock(wheels: list[Path], info: dict) -> dict:
    """The lock for these wheels; ValueError if one needs a package that is not among them."""
    packages = {canonicalize_name(e["name"]): e for e in (lock_entry(w, info["python"]) for w in wheels)}
    for key, entry in packages.items():
        absent = [dep for dep in entry["depends"] if dep not in packages]
        if absent:
            raise ValueError(
                f"{entry['file_name']} needs {', '.join(absent)}, which the site does not serve: "
                "pin it in scripts/pyodide-wheels.txt"
            )
    return {"info": info, "packages": dict(sorted(packages.items()))}


def write_lock(wheels: list[Path], info: dict, path: Path) -> None:
    path.write_text(json.dumps(make_lock(wheels, info), indent=1, sort_keys=True) + "\n")
