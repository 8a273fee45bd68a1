"""Repack a zip or wheel deterministically, with chosen Python files compiled to bytecode.

Runs INSIDE Pyodide under Node (scripts/pyodide_run.mjs), because bytecode is only valid for the
exact Python that made it: the runtime's 3.14, not the host's 3.12.

    pyodide_bytecode.py JOBS.json
    # [{"src": path, "dst": path, "compile": [entry, ...], "only": [entry, ...] | null}, ...]

Layout follows pyodide-build's `py-compile`: `pkg/mod.py` is replaced by `pkg/mod.pyc` at the same
place (sourceless import, which zipimport and site-packages both support). With "only", every
other entry is left out (the trimmed standard library, see build_pyodide.py). The pyc files are
"unchecked hash" pycs (PEP 552), so they carry no timestamp, and every zip entry gets a fixed
date: the same inputs always give byte-identical archives, and so the same content hash.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import marshal
import sys
import zipfile
from pathlib import PurePosixPath

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
UNCHECKED_HASH_PYC = 0b01  # PEP 552 flags: hash-based, source not checked on import


def compile_source(source: bytes, filename: str) -> bytes:
    """Bytecode of one module in the .pyc format of the running interpreter."""
    code = compile(source, filename, "exec", dont_inherit=True)
    header = importlib.util.MAGIC_NUMBER + UNCHECKED_HASH_PYC.to_bytes(4, "little")
    return header + importlib.util.source_hash(source) + marshal.dumps(code)


def wheel_tag(wheel_name: str) -> str:
    """`pydantic-2.14.4-cp314-none-any.whl` -> `cp314-none-any`."""
    return "-".join(PurePosixPath(wheel_name).stem.split("-")[-3:])


def retag_wheel_file(text: str, tag: str) -> str:
    """The WHEEL metadata must name the tag the file name now carries."""
    lines = [line for line in text.splitlines() if line and not line.startswith("Tag:")]
    return "\n".join([*lines, f"Tag: {tag}"]) + "\n"


def record(files: dict[str, bytes], record_name: str) -> bytes:
    """A RECORD listing every file with its hash, as the wheel format requires."""
    rows = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        rows.append(f"{name},sha256={digest},{len(data)}")
    rows.append(f"{record_name},,")
    return ("\n".join(rows) + "\n").encode()


def repacked_entries(
    src: str, dst: str, compile_names: set[str], only: set[str] | None = None
) -> dict[str, bytes | None]:
    """Entry name -> content (None for a directory entry), in the order they are written."""
    entries: dict[str, bytes | None] = {}
    with zipfile.ZipFile(src) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = info.filename
            if name.endswith(".pyc") or "/__pycache__/" in f"/{name}":
                continue  # stale bytecode from elsewhere is never shipped
            if only is not None and name not in only:
                continue
            if info.is_dir():
                entries[name] = None
            elif name in compile_names and name.endswith(".py"):
                entries[name + "c"] = compile_source(archive.read(name), name)
            else:
                entries[name] = archive.read(name)
    if dst.endswith(".whl"):
        record_name = next(n for n in entries if n.endswith(".dist-info/RECORD"))
        wheel_meta = record_name.removesuffix("RECORD") + "WHEEL"
        entries[wheel_meta] = retag_wheel_file(
            entries[wheel_meta].decode(), wheel_tag(dst)
        ).encode()
        del entries[record_name]
        files = {n: d for n, d in entries.items() if d is not None}
        entries[record_name] = record(files, record_name)  # last, by convention
    return entries


def write_zip(dst: str, entries: dict[str, bytes | None]) -> None:
    with zipfile.ZipFile(dst, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.create_system = 3  # unix, so the permission bits below are read
            if data is None:
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)


def main(jobs_file: str) -> None:
    with open(jobs_file) as jobs:
        for job in json.load(jobs):
            only = None if job.get("only") is None else set(job["only"])
            entries = repacked_entries(job["src"], job["dst"], set(job["compile"]), only)
            write_zip(job["dst"], entries)


if __name__ == "__main__":
    main(sys.argv[1])
