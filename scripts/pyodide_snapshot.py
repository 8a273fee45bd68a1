"""Make the checker's memory snapshot at build time, in Debian's Chromium.

    make_snapshot(folder, applications)   (scripts/build_pyodide.py calls it)

The site's own worker (docs/assets/checker/worker.js, message "make-snapshot") starts Pyodide from
`folder` the way a restore will, imports the checker, evaluates the applications in both
languages, and takes the snapshot; `folder` gets its parts and META beside the runtime. The page
scripts/pyodide_snapshot.html drives the worker and uploads what it sends to a server of ours
on 127.0.0.1 that serves the folder; nothing else is reached.

Why Chromium and not Node: Node 20 cannot compile the small WebAssembly trampoline that CPython
uses for indirect calls (it needs the final WebAssembly GC opcodes), so under Node Python falls back
to a slower JavaScript trampoline and the function table is one entry shorter. A snapshot keeps
that choice in its heap, and its extension lands one table slot lower: made under Node, it would
not fit Chromium without padding the table, and would then run on the slow trampoline there. Made
in Chromium, it carries what Chromium-based browsers, most readers', support; elsewhere the
worker's check of the places falls back to the normal start.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "docs" / "assets" / "checker" / "worker.js"
PAGE = Path(__file__).with_name("pyodide_snapshot.html")
# Names the worker fetches (docs/assets/checker/worker.js: META, and the parts META lists).
META = "checker-snapshot.json"
PART = "checker-snapshot-{}.bin"
# Chromium keeps no response larger than an eighth of its HTTP cache, and a private window's cache
# is in memory, 50 MiB at most: a 6.4 MiB snapshot was fetched again on every visit. Parts of
# 4 MiB stay under that even uncompressed.
PART_BYTES = 4 * 1024 * 1024
TIMEOUT_MS = 180_000

sys.path.insert(0, str(ROOT / "tests" / "support"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the one place for Chromium's flags)
from http_support import StaticHandler, serve  # noqa: E402


class SnapshotError(Exception):
    pass


class _Handler(StaticHandler):
    """The folder's files, and PUT into out/ for the page's upload."""

    def do_PUT(self) -> None:  # noqa: N802  (http.server's naming)
        name = self.path.removeprefix("/out/")
        if name not in ("snapshot", "meta"):
            self.send_error(404)
            return
        data = self.rfile.read(int(self.headers["Content-Length"]))
        (Path(self.directory) / "out" / name).write_bytes(data)
        self.send_response(204)
        self.end_headers()


def _make_in(browser, url: str) -> str:
    """The page's title once the worker is done: "done" or "failed: <why>"."""
    # Python's time zone is read once at start-up and kept in the snapshot: the readers'.
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.title !== 'making'", timeout=TIMEOUT_MS)
        return page.title()
    finally:
        context.close()


def make_snapshot(folder: Path, applications: list[str], browser=None) -> None:
    """Write the snapshot's parts and META into `folder` (runtime, lock, wheels and site-packages.tar);
    `applications` are JSON texts, the first also the smoke case. Chromium is launched for it,
    unless a Playwright `browser` is given (a test's)."""
    if not Path(CHROMIUM).exists():
        raise SnapshotError(f"{CHROMIUM} is missing: run `make chromium` (the snapshot is made in it)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pyodide-snapshot-") as tmp:
        work = Path(tmp)
        (work / "pyodide").symlink_to(folder)
        shutil.copyfile(WORKER, work / "worker.js")
        shutil.copyfile(PAGE, work / "index.html")
        (work / "applications.json").write_text(json.dumps(applications))
        (work / "out").mkdir()
        url, stop = serve(_Handler, work)
        try:
            if browser is not None:
                title = _make_in(browser, url)
            else:
                with sync_playwright() as playwright:
                    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    try:
                        title = _make_in(launched, url)
                    finally:
                        launched.close()
        finally:
            stop()
        if title != "done":
            raise SnapshotError(f"the worker could not make the snapshot: {title}")
        packed = (work / "out" / "snapshot").read_bytes()
        meta = json.loads((work / "out" / "meta").read_text("utf-8"))
    for old in folder.glob(PART.format("*")):
        old.unlink()
    meta["parts"] = [PART.format(i) for i in range(-(-len(packed) // PART_BYTES))]
    for i, name in enumerate(meta["parts"]):
        (folder / name).write_bytes(packed[i * PART_BYTES:(i + 1) * PART_BYTES])
    (folder / META).write_text(json.dumps(meta), "utf-8")


def is_part(name: str) -> bool:
    """Whether `name` is one of the snapshot's parts (whose bytes differ between builds)."""
    return re.fullmatch(PART.format(r"\d+"), name) is not None
