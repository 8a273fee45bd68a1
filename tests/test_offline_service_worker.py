"""The checker in Chromium through nginx (deploy/nginx.conf): end to end, offline after the
first visit (service worker), and a release with a changed wheel replacing the old cache."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nginx_support import ROOT, _load, precompress, pyodide_folder, start_nginx
from trust_support import import_application, wait_ready, wait_verdict

READY_MS = 90_000
OFFLINE_READY_MS = 60_000


def cases() -> list[dict]:
    """Test cases with an expected verdict, one per verdict (eligible, not_eligible, incomplete)."""
    found: dict[str, dict] = {}
    for path in sorted(ROOT.glob("tests/**/*.json")):
        try:
            case = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(case, dict) and "application" in case and "verdict" in case.get("expected", {}):
            found.setdefault(case["expected"]["verdict"], case)
    assert found, "no test case with application + expected.verdict under tests/"
    return list(found.values())


def check_cases(page) -> None:
    for case in cases():
        import_application(page, case["application"])
        wait_verdict(page, case["expected"]["verdict"])
        for rule, status in case["expected"].get("rules", {}).items():
            shown = page.get_attribute(f"[data-rule='{rule}']", "data-status")
            assert shown == status, f"{case.get('description')}: {rule}"


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


def test_checker_works_offline_after_the_first_visit(nginx, context, site_dir):
    page = context.new_page()
    page.goto(nginx.url + "sjekk/")
    wait_ready(page)
    page.wait_for_selector("html[data-offline=ready]", timeout=OFFLINE_READY_MS)
    (name,) = cache_names(page)
    assert name.startswith("sirkulaer-" + pyodide_folder(site_dir).split("/")[1] + "-")

    # Really offline: the browser says so and the server is gone.
    nginx.stop()
    context.set_offline(True)
    page.reload()
    wait_ready(page)
    check_cases(page)
    # another page of the site, never opened before, comes from the install-time cache
    page.goto(nginx.url + "utlysning/")
    assert page.locator("#frist").count() == 1


def changed_release(site: Path, target: Path) -> tuple[str, str]:
    """A copy of the built site as the next release would be if only the checker wheel changed.

    The wheel gets one more module, the lock its new sha256, the Pyodide folder the new content
    hash (hooks/pyodide_assets.py), the pages the new folder URL, sw.js a new build id
    (hooks/service_worker.py), and everything is precompressed again. Returns (old, new) hash.
    """
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    old = pyodide_folder(target).split("/")[1]
    folder = target / "pyodide" / old
    (wheel,) = folder.glob("checker-*.whl")
    buffer = io.BytesIO(wheel.read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("checker/_release.py", "RELEASE = 'neste'\n")
    wheel.write_bytes(buffer.getvalue())
    lock_path = folder / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["packages"]["checker"]["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock_path.write_text(json.dumps(lock, indent=2), encoding="utf-8")

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
    old, new = changed_release(site_dir, tmp_path / "site")
    first = start_nginx(site_dir)
    port = first.port
    page = context.new_page()
    try:
        page.goto(first.url + "sjekk/")
        wait_ready(page)
        page.wait_for_selector("html[data-offline=ready]", timeout=OFFLINE_READY_MS)
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


# ---- the service worker keeps V8's compiled runtime ------------------------------------------

WASM_CODE_CACHE = Path("Default") / "Code Cache" / "wasm"
# DevTools' own timeline category: V8 reports its wasm code cache there.
TRACE_CATEGORIES = ["disabled-by-default-devtools.timeline"]


def persistent_context(playwright, profile: Path):
    from conftest import CHROMIUM, CHROMIUM_ARGS

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
