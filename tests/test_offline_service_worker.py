"""The checker in Chromium through nginx (deploy/nginx.conf): end to end, offline after the
first visit (service worker), and a release with a changed wheel replacing the old cache."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
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
