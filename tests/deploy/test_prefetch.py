"""Pages other than the checker fetch its files into the HTTP cache once idle, so that the first
visit to the checker is warm (docs/assets/prefetch-checker.js), through nginx with
deploy/nginx.conf (whose immutable caching the prefetch relies on).

The prefetch only downloads: no worker, no Python and none of the checker's scripts start on
those pages. It happens once, and never when the browser reports data saving or a 2G link. It
fetches the checker's memory snapshot too, so the first visit to the checker starts from it.
"""

from __future__ import annotations

import json
import re

import pytest

from nginx_support import pyodide_folder, start_nginx
from trust_support import wait_ready

PREFETCH_MS = 90_000
OUTCOME = "html[data-checker-prefetch]"


@pytest.fixture
def served(browser, site_dir):
    """nginx serving the site, and a fresh browser without a service worker: what is asked of
    the server is then exactly what the page fetched."""
    server = start_nginx(site_dir)
    context = browser.new_context(locale="nb-NO", service_workers="block")
    yield server, context
    context.close()
    server.stop()


def folder_files(site_dir) -> list[str]:
    folder = site_dir / pyodide_folder(site_dir)
    return sorted(p.name for p in folder.iterdir() if p.suffix not in {".gz", ".br"})


def pyodide_requests(urls: list[str]) -> list[str]:
    return [m.group(1) for u in urls if (m := re.search(r"/pyodide/[0-9a-f]+/([^/?#]+)$", u))]


def test_another_page_fetches_the_folder_once_and_starts_nothing(served, site_dir):
    nginx, context = served
    requests: list[str] = []
    workers: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page = context.new_page()
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(nginx.url)
    page.wait_for_selector(OUTCOME + "[data-checker-prefetch=fetched]", state="attached", timeout=PREFETCH_MS)
    files = folder_files(site_dir)
    assert sorted(pyodide_requests(requests)) == files  # every file once
    assert "checker-snapshot.json" in files and "checker-snapshot-0.bin" in files
    assert not [u for u in requests if "/assets/checker/" in u]
    assert not [w for w in workers if "/pyodide/" in w or "/assets/checker/" in w]

    # The next page finds the folder in the cache and fetches nothing more.
    requests.clear()
    page.goto(nginx.url + "utlysning/")
    page.wait_for_selector(OUTCOME, state="attached", timeout=PREFETCH_MS)
    assert page.get_attribute("html", "data-checker-prefetch") == "cached"
    assert pyodide_requests(requests) == []
    # Asking the HTTP cache itself whether it had the folder left net::ERR_CACHE_MISS here.
    assert errors == []

    # The first visit to the checker is then warm: nothing of Python comes over the network,
    # and it starts from the snapshot.
    page.goto(nginx.url + "sjekk/")
    wait_ready(page)
    steps = json.loads(page.get_attribute("[data-checker-state]", "data-load-steps"))
    assert steps["transfer_bytes"] == 0
    assert steps["snapshot"] is True


@pytest.mark.parametrize("connection", [{"saveData": True, "effectiveType": "4g"},
                                        {"saveData": False, "effectiveType": "2g"},
                                        {"saveData": False, "effectiveType": "slow-2g"}],
                         ids=["data-saver", "2g", "slow-2g"])
def test_no_prefetch_when_the_connection_says_no(served, connection):
    nginx, context = served
    context.add_init_script(
        f"Object.defineProperty(navigator, 'connection', {{value: {json.dumps(connection)}}})")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(nginx.url)
    page.wait_for_selector(OUTCOME, state="attached", timeout=PREFETCH_MS)
    assert page.get_attribute("html", "data-checker-prefetch") == "declined"
    assert pyodide_requests(requests) == []
