"""Offline support: fill in the service worker's build id and file lists (docs/sw.js).

Only for `mkdocs build`. Pages get <meta name="offline-cache" content="on">, the mark that lets
assets/sw-register.js register the worker; `mkdocs serve` leaves it out, so live reload is never
answered from a cache.

The worker's cache is named by the build id: the Pyodide folder's content hash plus a hash of
every other file the worker caches, so any change to the site makes a new cache and the old one
is deleted (never a mix of two builds' wheels). The folder's files are not hashed again: its name
stands for them (hooks/pyodide_assets.py), so a rebuilt memory snapshot whose bytes differ but
whose folder keeps its name does not make a new version.

Every page's mark carries the build id too (data-build), filled in once the id is known (the id
hashes the pages without it). A page open when a newer build's worker takes over can so tell
that it is out of date and say that a new version is ready (assets/sw-register.js).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.service_worker")

PLACEHOLDER = "const BUILD = null;"
MARK = '<meta name="offline-cache" content="on" data-build="">'
STAMP = re.compile(rb'(<meta name="offline-cache" content="on" data-build=")[^"]*(">)')
# Pages, styles, scripts, images and the search index: the site shell cached at install.
SHELL_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".png", ".ico", ".woff2",
                  ".webmanifest"}
# The FAQ editor (hooks/cms.py) is never cached: it must always talk to the live git host.
ADMIN = "admin/"

_command: str | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def _offline() -> bool:
    return _command in ("build", "gh-deploy")


def on_post_page(output: str, page, config) -> str:
    if not _offline():
        return output
    if "</head>" not in output:
        raise PluginError(f"service_worker: no </head> in {page.file.src_uri}")
    return output.replace("</head>", f"{MARK}\n</head>", 1)


def _search_langs(config) -> list[str]:
    search = config["plugins"].get("search") or config["plugins"].get("material/search")
    langs = search.config.get("lang") if search else None
    return [langs] if isinstance(langs, str) else list(langs or [])


def _is_shell(rel: str, lunr_keep: set[str]) -> bool:
    """Whether a site file belongs in the install-time cache."""
    path = Path(rel)
    if path.suffix not in SHELL_SUFFIXES or rel == "sw.js" or rel.startswith(("pyodide/", ADMIN)):
        return False
    # Material ships stemmers for 40 languages; the search worker loads only the site's.
    if rel.startswith("assets/javascripts/lunr/"):
        return path.name in lunr_keep
    return True


def _url(rel: str) -> str:
    """A page's directory URL (as links and navigations request it); other files as they are."""
    if rel == "index.html":
        return "./"
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def build_manifest(site: Path, search_langs: list[str]) -> dict:
    """Build id and URL lists (relative to the site root) for the service worker."""
    files = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br")
    )
    folders = sorted({f.split("/")[1] for f in files if f.startswith("pyodide/") and f.count("/") >= 2})
    if len(folders) != 1:
        raise PluginError(f"service_worker: expected one site/pyodide/<hash>/ folder, found {folders}")
    pyodide = f"pyodide/{folders[0]}/"
    runtime = [f for f in files if f.startswith(pyodide)]
    lunr_keep = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
    lunr_keep |= {f"lunr.{lang}.min.js" for lang in search_langs}
    shell_files = [f for f in files if _is_shell(f, lunr_keep)]

    digest = hashlib.sha256()
    for rel in shell_files + ["sw.js"]:
        content = (site / rel).read_bytes()
        if rel.endswith(".html"):
            content = STAMP.sub(rb"\1\2", content)
        digest.update(rel.encode() + b"\0" + hashlib.sha256(content).digest())
    return {
        "id": f"{folders[0]}-{digest.hexdigest()[:12]}",
        "pyodide": pyodide,
        "shell": [_url(f) for f in shell_files],
        "runtime": runtime,
    }


def write_service_worker(site: Path, search_langs: list[str]) -> dict:
    """Replace the BUILD placeholder in site/sw.js and stamp the pages; returns the manifest."""
    sw = site / "sw.js"
    text = sw.read_text(encoding="utf-8")
    if text.count(PLACEHOLDER) != 1:
        raise PluginError(f"service_worker: {sw} must contain exactly one `{PLACEHOLDER}`")
    manifest = build_manifest(site, search_langs)
    line = f"const BUILD = {json.dumps(manifest, separators=(',', ':'))};"
    sw.write_text(text.replace(PLACEHOLDER, line), encoding="utf-8")
    stamp = rb"\g<1>" + manifest["id"].encode() + rb"\g<2>"
    for page in site.rglob("*.html"):
        content = page.read_bytes()
        stamped = STAMP.sub(stamp, content)
        if stamped != content:
            page.write_bytes(stamped)
    return manifest


# Late, so that hooks/pyodide_assets.py has copied the runtime into site/ first.
@event_priority(-100)
def on_post_build(config) -> None:
    if not _offline():
        return
    manifest = write_service_worker(Path(config["site_dir"]), _search_langs(config))
    log.info(
        "service worker: build %s, %d shell files, %d runtime files",
        manifest["id"], len(manifest["shell"]), len(manifest["runtime"]),
    )
