"""The checker page's script: one bundle named by its content hash.

docs/assets/checker/page.js and every module it imports are bundled by esbuild (from the npm
lock, as the editor's bundle in the Makefile) into assets/checker/page.<hash>.min.js, <hash>
being the first 8 hex digits of the bundle's SHA-256. That name matches the immutable rule that
deploy/nginx.conf has for Material's own hashed bundles, so a reader's browser keeps it until a
release changes it. The modules that went into the bundle are left out of the site, so nothing
lists them by hand: what page.js does not import (boot.js, defer-search.js and the worker, which
runs as a file of its own) is served as before, and the service worker's file list
(hooks/service_worker.py) follows from what is in site/.

The bundle sits beside worker.js, so worker-client.js finds the worker from `import.meta.url`
as the loose modules did. The checker page's template (overrides/main.html) writes the reference
from `checker_bundle`. `mkdocs serve` runs this on every rebuild, so an edited module is in the
next page load.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
ENTRY = "assets/checker/page.js"


@dataclass(frozen=True)
class Bundle:
    name: str  # site path, e.g. "assets/checker/page.1a2b3c4d.min.js"
    content: bytes
    inputs: list[str]  # the modules in it, as paths relative to the docs folder


def bundle(docs_dir: Path, entry: str = ENTRY) -> Bundle:
    """Bundle `entry` (relative to `docs_dir`) and everything it imports."""
    if not ESBUILD.exists():
        raise PluginError(f"{ESBUILD} is missing: run `make setup` (npm ci from the lock)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page.js"
        meta = Path(tmp) / "meta.json"
        done = subprocess.run(
            [str(ESBUILD), entry, "--bundle", "--format=esm", "--minify", "--target=es2020",
             "--charset=utf8", "--log-level=warning", f"--metafile={meta}", f"--outfile={out}"],
            cwd=docs_dir, capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise PluginError(f"esbuild could not bundle {entry}:\n{done.stderr}")
        content = out.read_bytes()
        inputs = sorted(json.loads(meta.read_text(encoding="utf-8"))["inputs"])
    stem = entry.rsplit(".", 1)[0]
    return Bundle(f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}.min.js", content, inputs)


_bundle: Bundle | None = None


def on_files(files: Files, config) -> Files:
    global _bundle
    _bundle = bundle(Path(config["docs_dir"]))
    for path in _bundle.inputs:
        files.remove(files.get_file_from_path(path))
    files.append(File.generated(config, _bundle.name, content=_bundle.content))
    return files


def on_env(env, config, files):
    env.globals["checker_bundle"] = _bundle.name
    return env
