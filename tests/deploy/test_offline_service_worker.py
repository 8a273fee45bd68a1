"""The checker in Chromium through nginx (deploy/nginx.conf): end to end, offline after the
first visit (service worker), a release with a changed wheel replacing the old cache, and a
release while a tab is open: the tab is told, and its draft goes with it into the new version."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS
from nginx_support import ROOT, _load, precompress, pyodide_folder, start_nginx
from parity_support import check_cases
from trust_support import (
    STORAGE_KEY,
    eval_count,
    saved_draft,
    wait_answer,
    wait_ready,
    wait_verdict,
)

READY_MS = 90_000
OFFLINE_READY_MS = 60_000


def open_cached(page, url: str) -> None:
    """Open the checker and wait until it and its runtime are in the offline cache."""
    page.goto(url + "sjekk/")
    wait_ready(page)
    page.wait_for_selector("html[data-offline=ready]", timeout=OFFLINE_READY_MS)


def cache_names(page) -> list[str]:
    return page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('sirkulaer-'))")


def cached_urls(page, name: str) -> list[str]:
    return page.evaluate(
        "async n => (await (await caches.open(n)).keys()).map(r => r.url)", name)


@pytest.fixture
def nginx(site_dir):
    server = start_nginx(site_dir)
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nb-NO")
    yield context
    context.close()


def test_checker_end_to_end_through_nginx(nginx, context):
    page = context.new_page()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.goto(nginx.url + "sjekk/")
    wait_ready(page)
    check_cases(page)
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in requests
               if not u.startswith(("data:", "blob:"))}
    assert origins == {nginx.url.rstrip("/")}
    # the runtime came compressed and versioned
    assert any(re.search(r"/pyodide/[0-9a-f]+/pyodide\.asm\.wasm$", u) for u in requests)


def snapshot_known(page, folder_url: str) -> bool:
    """Whether the checker's worker noted that the folder's snapshot is in the HTTP cache."""
    return page.evaluate(
        "async (base) => Boolean(await caches.match(base, { cacheName: 'checker-snapshot' }))", folder_url)


def test_checker_works_offline_after_the_first_visit(nginx, context, site_dir):
    page = context.new_page()
    open_cached(page, nginx.url)
    (name,) = cache_names(page)
    folder = pyodide_folder(site_dir)
    assert name.startswith("sirkulaer-" + folder.split("/")[1] + "-")
    # The offline copy holds the memory snapshot, which the worker fetches after `ready`.
    urls = cached_urls(page, name)
    for file in ("checker-snapshot-0.bin", "checker-snapshot.json", "site-packages.tar"):
        assert nginx.url + folder + file in urls
    deadline = time.monotonic() + OFFLINE_READY_MS / 1000
    while not snapshot_known(page, nginx.url + folder):
        assert time.monotonic() < deadline, "the worker did not fetch the snapshot after ready"
        page.wait_for_timeout(250)

    # Really offline: the browser says so and the server is gone.
    nginx.stop()
    context.set_offline(True)
    page.reload()
    wait_ready(page)
    steps = json.loads(page.get_attribute("[data-checker-state]", "data-load-steps"))
    assert steps["snapshot"] is True
    check_cases(page)
    # another page of the site, never opened before, comes from the install-time cache
    page.goto(nginx.url + "utlysning/")
    assert page.locator("#frist").count() == 1


def with_files(archive: bytes, files: dict[str, str | None]) -> bytes:
    """A zip archive with `files` (name -> text) written in, and those given None left out."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in files:
                target.writestr(info, source.read(info))
        for name, text in files.items():
            if text is not None:
                target.writestr(name, text)
    return buffer.getvalue()


def rebundle(target: Path, page_files: dict[str, Callable[[str], str]]) -> None:
    """The checker page's bundle in the site copy `target`, made again from its modules with the
    edits in `page_files` (module under docs/ -> edit of its text), as hooks/checker_bundle.py
    builds it: a new name, which the checker page then loads."""
    hook = _load("checker_bundle", ROOT / "hooks" / "checker_bundle.py")
    docs = target.parent / "docs"
    old = hook.bundle(ROOT / "docs")
    for path in old.inputs:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / path, docs / path)
    for path, edit in page_files.items():
        (docs / path).write_text(edit((docs / path).read_text(encoding="utf-8")), encoding="utf-8")
    new = hook.bundle(docs)
    (target / old.name).unlink()
    (target / new.name).write_bytes(new.content)
    page = target / "sjekk" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(old.name.split("/")[-1], new.name.split("/")[-1]),
                    encoding="utf-8")


def changed_release(browser, site: Path, target: Path, wheel_files: dict[str, str | None] | None = None,
                    page_files: dict[str, Callable[[str], str]] | None = None) -> tuple[str, str]:
    """A copy of the built site as the next release would be if only the checker changed.

    The wheel gets `wheel_files` (by default one more module), the checker page's bundle the
    edits in `page_files` (rebundle), the lock the wheel's new sha256, the package archive and
    the memory snapshot are made again from the new wheel (scripts/build_pyodide.py), the Pyodide
    folder gets the new content hash (hooks/pyodide_assets.py), the pages the new folder URL, sw.js
    a new build id (hooks/service_worker.py), and everything is precompressed again. Returns (old,
    new) hash.
    """
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    if page_files:
        rebundle(target, page_files)
    old = pyodide_folder(target).split("/")[1]
    folder = target / "pyodide" / old
    (wheel,) = folder.glob("checker-*.whl")
    wheel.write_bytes(with_files(wheel.read_bytes(), wheel_files or {"checker/_release.py": "RELEASE = 'neste'\n"}))
    lock_path = folder / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["packages"]["checker"]["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock_path.write_text(json.dumps(lock, indent=2), encoding="utf-8")
    build = _load("build_pyodide", ROOT / "scripts" / "build_pyodide.py")
    build.write_archive(sorted(folder.glob("*.whl")), folder / build.ARCHIVE)
    build.make_snapshot(folder, build.snapshot_applications(), browser)

    new = _load("pyodide_assets", ROOT / "hooks" / "pyodide_assets.py").content_hash(folder)
    assert new != old
    folder.rename(folder.with_name(new))
    for page in target.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(f"pyodide/{old}/", f"pyodide/{new}/"),
                        encoding="utf-8")
    sw_hook = _load("service_worker", ROOT / "hooks" / "service_worker.py")
    template = (ROOT / "docs" / "sw.js").read_text(encoding="utf-8")
    (target / "sw.js").write_text(template, encoding="utf-8")
    sw_hook.write_service_worker(target, ["no"])
    precompress().precompress(target)
    return old, new


def test_a_new_release_replaces_the_cached_runtime(site_dir, context, tmp_path):
    old, new = changed_release(context.browser, site_dir, tmp_path / "site")
    first = start_nginx(site_dir)
    port = first.port
    page = context.new_page()
    try:
        open_cached(page, first.url)
        (old_cache,) = cache_names(page)
        assert old_cache.startswith(f"sirkulaer-{old}-")
    finally:
        first.stop()

    second = start_nginx(tmp_path / "site", port)  # same origin: the same service worker
    try:
        requested: list[str] = []
        context.on("request", lambda r: requested.append(urlsplit(r.url).path))
        page.reload()
        wait_ready(page)
        (wheel,) = (tmp_path / "site" / "pyodide" / new).glob("checker-*.whl")
        assert f"/pyodide/{new}/{wheel.name}" in requested
        assert not any(p.startswith(f"/pyodide/{old}/") for p in requested)
        check_cases(page)

        # The new build's worker took over, cached the new runtime and deleted the old cache.
        page.wait_for_function(
            """([old]) => caches.keys().then(n => !n.includes(old))""", arg=[old_cache],
            timeout=OFFLINE_READY_MS)
        page.wait_for_selector("html[data-offline=ready]", timeout=OFFLINE_READY_MS)
        (new_cache,) = cache_names(page)
        assert new_cache.startswith(f"sirkulaer-{new}-")
        urls = cached_urls(page, new_cache)
        assert any(u.endswith(f"/pyodide/{new}/{wheel.name}") for u in urls)
        assert not any(f"/pyodide/{old}/" in u for u in urls)
    finally:
        second.stop()


# ---- a new release while a tab is open ---------------------------------------------------------

# The next release's application format gains a field: the project's contact address, in the
# form (fields.js) and in the checker's model (in the wheel as source, in place of its bytecode).
NEW_FIELD = "contact_email"
NEW_LABEL = "E-post til kontaktpersonen"


def model_with_new_field() -> str:
    source = (ROOT / "checker" / "model.py").read_text(encoding="utf-8")
    line = "    title: Text | None = None\n"
    assert source.count(line) == 1
    return source.replace(line, line + f"    {NEW_FIELD}: Text | None = None\n")


def form_with_new_field(text: str) -> str:
    start = "  const projectFields = [\n"
    assert text.count(start) == 1
    return text.replace(start, start + f'    {{ key: "{NEW_FIELD}", type: "text", label: "{NEW_LABEL}" }},\n')


def saved(page) -> dict:
    return json.loads(saved_draft(page))


def wait_saved(page, *texts: str) -> None:
    page.wait_for_function("([key, texts]) => texts.every((t) => (localStorage.getItem(key) || '').includes(t))",
                           arg=[STORAGE_KEY, list(texts)])


def test_an_open_tab_is_told_of_a_new_release_and_its_draft_goes_into_it(site_dir, context, tmp_path):
    old, new = changed_release(
        context.browser, site_dir, tmp_path / "site",
        wheel_files={"checker/model.pyc": None, "checker/model.py": model_with_new_field()},
        page_files={"assets/checker/fields.js": form_with_new_field},
    )
    first = start_nginx(site_dir)
    port = first.port
    tab = context.new_page()
    try:
        open_cached(tab, first.url)
        tab.get_by_label("Prosjektets tittel").fill("Returlogistikk for tekstiler")
        tab.get_by_role("button", name="Legg til deltaker").click()
        tab.keyboard.type("Fjordtekstil AS")
        wait_saved(tab, "Returlogistikk for tekstiler", "Fjordtekstil AS")
    finally:
        first.stop()

    second = start_nginx(tmp_path / "site", port)  # the same origin: the same service worker
    try:
        # The reader comes back to the tab: it asks for a new release, and is told.
        tab.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        version = tab.locator("[data-draft-message=version]")
        version.wait_for(timeout=OFFLINE_READY_MS)
        assert "ny versjon" in version.inner_text() and "lagret" in version.inner_text()
        # It keeps working with the runtime it has.
        before = eval_count(tab)
        tab.get_by_label("Prosjektets tittel").fill("Returlogistikk for tekstiler og tauverk")
        assert "verdict" in wait_answer(tab, before)
        wait_saved(tab, "tauverk")

        # A tab of the new release opens with every answer, and one to the new question.
        fresh = context.new_page()
        fresh.goto(second.url + "sjekk/")
        wait_ready(fresh)
        assert saved(fresh) == saved(tab)
        assert fresh.get_by_label("Prosjektets tittel").input_value() == "Returlogistikk for tekstiler og tauverk"
        assert fresh.locator("[data-draft-message=version]").count() == 0  # it is the new version
        fresh.get_by_label(NEW_LABEL).fill("post@fjordtekstil.no")
        # The old tab keeps the field it does not know, saves around it, and still judges.
        tab.locator("[data-draft-message=version]").get_by_text("ikke kan vise").wait_for()
        before = eval_count(tab)
        tab.locator("#f-participants-0").get_by_label("Organisasjonsnummer").fill("812345664")
        assert "verdict" in wait_answer(tab, before)
        wait_saved(tab, "post@fjordtekstil.no", "812345664")
        fresh.close()
        draft = saved(tab)
        assert draft["project"][NEW_FIELD] == "post@fjordtekstil.no"
        assert draft["participants"][0] == {"name": "Fjordtekstil AS", "kind": "company", "org_number": "812345664"}

        # Reloaded into the new version: every answer is there, the new one too.
        with tab.expect_navigation():
            version.get_by_role("button", name="Last inn på nytt").click()
        wait_ready(tab)
        assert saved(tab) == draft
        assert tab.get_by_label(NEW_LABEL).input_value() == "post@fjordtekstil.no"
        assert f"pyodide/{new}/" in tab.get_attribute("[data-pyodide-base]", "data-pyodide-base")
        assert tab.locator("[data-draft-message=version]").count() == 0
        wait_verdict(tab)  # the new checker reads the new field
    finally:
        second.stop()


# ---- the service worker keeps V8's compiled runtime ------------------------------------------

WASM_CODE_CACHE = Path("Default") / "Code Cache" / "wasm"
# DevTools' own timeline category: V8 reports its wasm code cache there.
TRACE_CATEGORIES = ["disabled-by-default-devtools.timeline"]


def persistent_context(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nb-NO")


def wait_for_wasm_code_cache(profile: Path, timeout_s: float = 60) -> None:
    """Until V8 has written the compiled runtime beside the HTTP cache (Chromium's `Code
    Cache/wasm`: an entry keyed by the response URL names the SHA-256 of the code, and the code
    itself is an entry keyed by that hash, written once V8 has optimised enough of it)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        entries = [entry.read_bytes() for entry in (profile / WASM_CODE_CACHE).glob("*_0")]
        for data in entries:
            key = re.search(rb"_key[^\n]*/pyodide\.asm\.wasm \n.*?([0-9A-F]{64})", data, re.S)
            if key and any(len(code) > 100_000 and key.group(1) in code[:200] for code in entries):
                return
        time.sleep(0.25)
    pytest.fail(f"V8 wrote no compiled runtime to {WASM_CODE_CACHE} within {timeout_s} s")


def traced_visit(context, url: str) -> list[dict]:
    """Open `url` until the checker is ready; the trace events of the page and its worker."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    events: list[dict] = []
    complete: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda data: events.extend(data["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: complete.append(True))
    cdp.send("Tracing.start", {"traceConfig": {"includedCategories": TRACE_CATEGORIES},
                               "transferMode": "ReportEvents"})
    page.goto(url)
    wait_ready(page)
    cdp.send("Tracing.end")
    page.wait_for_function("() => true")  # let Playwright dispatch the trace events
    deadline = time.monotonic() + 30
    while not complete and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert complete, "Chromium did not finish the trace"
    return events


def test_a_return_visit_through_the_service_worker_reuses_the_compiled_runtime(
        nginx, playwright_instance, tmp_path):
    """Cache Storage and the HTTP cache are separate entries to Chromium's code cache: a worker
    answering the runtime from Cache Storage made every return visit compile it again."""
    profile = tmp_path / "profile"
    context = persistent_context(playwright_instance, profile)
    try:
        page = context.new_page()
        page.goto(nginx.url + "sjekk/")
        wait_ready(page)
        # The offline copy is in Cache Storage: the second visit could be answered from there.
        page.wait_for_selector("html[data-offline=ready]", timeout=OFFLINE_READY_MS)
        wait_for_wasm_code_cache(profile)
    finally:
        context.close()

    context = persistent_context(playwright_instance, profile)  # a new browser, the same profile
    try:
        through_worker: list[str] = []
        context.on("response", lambda r: r.from_service_worker and through_worker.append(r.url))
        events = traced_visit(context, nginx.url + "sjekk/")
    finally:
        context.close()
    assert any(u.endswith("/pyodide.asm.wasm") for u in through_worker), "the runtime bypassed the worker"
    hits = [e["args"].get("url", "") for e in events if e["name"] == "v8.wasm.moduleCacheHit"]
    assert any(u.endswith("/pyodide.asm.wasm") for u in hits), (
        "V8 compiled the runtime again: "
        + ", ".join(sorted({e["name"] for e in events if e["name"].startswith("v8.wasm")})))
