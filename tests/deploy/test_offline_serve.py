"""`mkdocs serve` (make serve) never runs the service worker: its live reload must see every
change, so no page may come from an offline cache. A worker left on the same origin by a
production build is removed."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests

from nginx_support import ROOT, start_nginx

REGISTRATIONS = "() => navigator.serviceWorker.getRegistrations().then(r => r.length)"


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nb-NO")
    yield context
    context.close()


def mkdocs_serve(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mkdocs serve exited with {process.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=2).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    process.terminate()
    pytest.fail("mkdocs serve did not answer within 120 s")


def test_mkdocs_serve_registers_no_service_worker_and_removes_an_old_one(site_dir, context):
    page = context.new_page()
    production = start_nginx(site_dir)
    port = production.port
    try:
        page.goto(production.url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
        assert page.evaluate(REGISTRATIONS) == 1
    finally:
        production.stop()

    serve = mkdocs_serve(port)  # the same origin as the production build just visited
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        assert page.locator('meta[name="offline-cache"]').count() == 0
        page.wait_for_function(REGISTRATIONS.replace("r.length)", "r.length === 0)"), timeout=10_000)
        page.reload()
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
    finally:
        serve.terminate()
        serve.wait(timeout=30)
