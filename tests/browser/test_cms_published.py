"""The FAQ editor as the site publishes it, started in Chromium: under its own policy, loading
nothing from elsewhere, and never in the offline cache (tests/pages/test_cms_site.py checks its
configuration and headers without a browser)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from http_support import serve_directory
from site_support import ROOT
from trust_support import audit, csp_violations, parse_security_headers, watch_csp

ADMIN_HEADERS = parse_security_headers(ROOT / "deploy" / "security-headers-admin.conf")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_published_editor_starts_under_its_policy_and_loads_only_from_the_site(site_dir, browser):
    """The built admin/ served with the shipped headers: Decap starts (its configuration is
    valid, the GitLab login shows) with no policy violation and no request elsewhere."""
    url, stop = serve_directory(site_dir, ADMIN_HEADERS)
    context = browser.new_context(locale="nb-NO")
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        console = watch_csp(page)
        page.goto(url + "admin/")
        page.get_by_role("button", name=re.compile("GitLab")).wait_for(timeout=30_000)
        assert csp_violations(page, console) == []
        assert {origin(u) for u in requests} == {url.rstrip("/")}
        assert not audit(page, "redigering: innlogging")
    finally:
        context.close()
        stop()


def test_the_service_worker_never_caches_the_editor(site_url, browser):
    context = browser.new_context(locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active", timeout=30_000)
        page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=30_000)
        page.goto(site_url + "admin/")
        page.get_by_role("button", name=re.compile("GitLab")).wait_for(timeout=30_000)
        page.goto(site_url + "faq/")  # a page the worker does cache, so the cache is in use
        cached = page.evaluate("""async () => {
            const urls = [];
            for (const name of await caches.keys())
                for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            return urls;
        }""")
        assert any(u.endswith("/faq/") for u in cached)
        assert [u for u in cached if "/admin/" in urlsplit(u).path] == []
    finally:
        context.close()
