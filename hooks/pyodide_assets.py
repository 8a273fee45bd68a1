"""Serve the Pyodide runtime and wheels from a folder named by their content hash.

`scripts/build_pyodide.py` (run by `make build` and `make serve`) writes `build/pyodide/`. This
hook copies it to `site/pyodide/<hash>/`, where <hash> is the first 10 hex digits of a SHA-256
over every file's name and content. A new wheel or runtime gives a new folder name, so the
folder can be cached forever (immutable) and a page never mixes old and new files.

The memory snapshot's bytes (the parts its companion checker-snapshot.json lists) are left out of
the hash (their names are in): they differ from build to build (hash seeds, random state) while
any snapshot made from the same files works the same with them, and the companion, which the
worker checks the snapshot against, is hashed. So
rebuilding unchanged inputs keeps the folder's name, and readers keep what they have cached.

Pages carry the literal `__PYODIDE_BASE__` where they need the folder's URL; it is replaced by
the URL relative to the page, e.g. `../pyodide/3f9a1c2b7d/` on /sjekk/. `__PYODIDE_FILES__`
becomes the folder's file names, space-separated (what other pages prefetch:
assets/prefetch-checker.js).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ASSETS = Path(__file__).resolve().parent.parent / "build" / "pyodide"
SNAPSHOT_META = "checker-snapshot.json"  # scripts/pyodide_snapshot.py
PLACEHOLDER = "__PYODIDE_BASE__"
FILES_PLACEHOLDER = "__PYODIDE_FILES__"
SITE_FOLDER = "pyodide"

# "pyodide/<hash>/" and its file names, set in on_config, read by the later events
_folder = {"name": "", "files": ""}


def content_hash(folder: Path) -> str:
    meta = folder / SNAPSHOT_META
    parts = set(json.loads(meta.read_text("utf-8"))["parts"]) if meta.is_file() else set()
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.name not in parts:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:10]


def on_config(config):
    if not (ASSETS / "pyodide-lock.json").is_file():
        raise PluginError(
            f"{ASSETS} is missing: the checker's Pyodide files are built by "
            "`.venv/bin/python scripts/build_pyodide.py` (`make build` and `make serve` run it)."
        )
    _folder["name"] = f"{SITE_FOLDER}/{content_hash(ASSETS)}/"
    _folder["files"] = " ".join(sorted(p.name for p in ASSETS.iterdir() if p.is_file()))
    return config


def on_post_page(output, page, config):
    if PLACEHOLDER not in output:
        return output
    output = output.replace(FILES_PLACEHOLDER, _folder["files"])
    return output.replace(PLACEHOLDER, get_relative_url(_folder["name"], page.url))


def on_post_build(config):
    root = Path(config["site_dir"]) / SITE_FOLDER
    target = Path(config["site_dir"]) / _folder["name"]
    # Only the current build's folder is deployed; an old one left by a dirty rebuild would
    # be dead weight on the host.
    if root.is_dir():
        for old in root.iterdir():
            if old != target:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    shutil.copytree(ASSETS, target, dirs_exist_ok=True)
