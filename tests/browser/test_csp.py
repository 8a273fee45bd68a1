"""The Content-Security-Policy in the browser: the built site is served with exactly the headers
of deploy/security-headers.conf, and every kind of page and the working checker must load without
a single violation (tests/pages/test_csp_static.py reads the policy and scans the HTML)."""

from __future__ import annotations

import pytest

from http_support import serve_directory
from trust_support import (
    CHECKER,
    FIGURES,
    READY_TIMEOUT_MS,
    base_application,
    csp_violations,
    import_application,
    page_kinds,
    parse_security_headers,
    wait_ready,
    wait_verdict,
    watch_csp,
)

HEADERS = parse_security_headers()


@pytest.fixture(scope="module")
def csp_site(site_dir):
    url, stop = serve_directory(site_dir, HEADERS)
    yield url
    stop()


@pytest.fixture
def csp_page(browser):
    # A fresh context per page kind, so a service worker from one visit cannot answer the next.
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    console = watch_csp(page)
    yield page, console
    context.close()


def test_server_sends_the_shipped_headers(csp_site, csp_page):
    page, _ = csp_page
    response = page.goto(csp_site)
    for name, value in HEADERS.items():
        assert response.headers.get(name.lower()) == value


@pytest.mark.parametrize("kind", ["forside", "utlysning", "veiledning", "faq-oversikt", "faq-svar"])
def test_page_kind_loads_without_csp_violation(kind, site_dir, csp_site, csp_page):
    page, console = csp_page
    page.goto(csp_site + page_kinds(site_dir)[kind])
    page.wait_for_load_state("networkidle")
    # Material's search starts a worker and fetches its index on first use: use it.
    page.keyboard.press("/")
    page.keyboard.type("støtte")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    violations = csp_violations(page, console)
    FIGURES["csp"][kind] = len(violations)
    assert not violations, "\n".join(violations)


def test_every_built_page_loads_without_csp_violation(site_dir, csp_site, csp_page):
    """Every HTML page of the build, loaded once under the policy (the page kinds above also
    exercise search; the checker is exercised below). The FAQ editor under admin/ has a policy
    of its own (deploy/security-headers-admin.conf), tested in tests/pages/test_cms_site.py."""
    page, console = csp_page
    pages = sorted(
        rel for rel in (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
        if not rel.startswith("admin/")
    )
    found = []
    for path in pages:
        page.goto(csp_site + path.removesuffix("index.html"))
        page.wait_for_load_state("load")
        found += [f"{path}: {v}" for v in csp_violations(page, console)]
        console.clear()
    FIGURES["csp"][f"alle {len(pages)} sider"] = len(found)
    assert not found, "\n".join(found)


def test_checker_works_under_the_policy(csp_site, csp_page):
    page, console = csp_page
    page.goto(csp_site + CHECKER)
    wait_ready(page)
    import_application(page, base_application())
    assert wait_verdict(page, "eligible") == "eligible"
    violations = csp_violations(page, console)
    FIGURES["csp"]["sjekk"] = len(violations)
    assert not violations, "\n".join(violations)


def test_checker_says_so_when_webassembly_is_refused(site_dir, browser):
    """Some browsers refuse WebAssembly (Safari's Lockdown Mode, hardened company policies).
    Simulated by the shipped policy without 'wasm-unsafe-eval': the page must say it cannot
    start the checker (state "error" and a message), not show "loading" for ever."""
    policy = HEADERS["Content-Security-Policy"].replace(" 'wasm-unsafe-eval'", "")
    url, stop = serve_directory(site_dir, {**HEADERS, "Content-Security-Policy": policy})
    context = browser.new_context(locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(url + CHECKER)
        page.wait_for_selector("[data-checker-state=error]", state="attached", timeout=READY_TIMEOUT_MS)
        assert "kunne ikke startes" in page.locator("[data-checker-state]").inner_text()
    finally:
        context.close()
        stop()
