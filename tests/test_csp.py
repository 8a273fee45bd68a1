"""The Content-Security-Policy and security headers, as the site ships them.

The policy is read from deploy/security-headers.conf (the file nginx includes), the built site
is served with exactly those headers, and every kind of page and the working checker must load
without a single violation. A static scan of the built HTML backs this up: no inline script, no
inline event handler, no inline style, which the policy would block.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import serve_directory
from trust_support import (
    CHECKER,
    FIGURES,
    READY_TIMEOUT_MS,
    SECURITY_HEADERS,
    base_application,
    csp_directives,
    csp_violations,
    import_application,
    page_kinds,
    parse_security_headers,
    wait_ready,
    wait_verdict,
    watch_csp,
)

HEADERS = parse_security_headers()
POLICY = csp_directives(HEADERS["Content-Security-Policy"])

# Values a strict policy must never contain, in any directive.
LOOSE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "blob:", "'strict-dynamic'"}


def test_every_header_line_is_always_sent():
    text = SECURITY_HEADERS.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    # parse_security_headers already refuses any other kind of line; this guards the count.
    assert len(lines) == len(HEADERS) >= 6


def test_policy_allows_only_the_sites_own_origin():
    assert POLICY["default-src"] == ["'none'"]
    for directive, sources in POLICY.items():
        assert not LOOSE & set(sources), f"{directive} allows {LOOSE & set(sources)}"
        # Only 'self' and keywords; data: only for images (Material's icons are data: SVG).
        for source in sources:
            assert source.startswith("'") or (directive == "img-src" and source == "data:"), (
                f"{directive} names another origin or scheme: {source}"
            )


def test_policy_gives_webassembly_and_workers_exactly_what_they_need():
    assert POLICY["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert POLICY["worker-src"] == ["'self'"]
    assert POLICY["connect-src"] == ["'self'"]
    assert POLICY["style-src"] == ["'self'"]
    assert POLICY["object-src"] == ["'none'"]
    assert POLICY["base-uri"] == ["'self'"]
    assert POLICY["form-action"] == ["'self'"]
    assert POLICY["frame-ancestors"] == ["'none'"]


def test_other_security_headers():
    assert HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] in {"no-referrer", "same-origin", "strict-origin-when-cross-origin"}
    assert HEADERS["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in HEADERS["Permissions-Policy"]


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block in a page's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"<{tag} {name}=…> inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=\"{value}\"> inline style")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=\"javascript:…\">")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if self._script.strip():
                self.problems.append(f"inline <script>: {self._script.strip()[:60]}…")
            self._script = None


def test_built_html_has_no_inline_script_handler_or_style(site_dir: Path):
    problems = []
    pages = sorted(site_dir.rglob("*.html"))
    for path in pages:
        parser = _InlineCode()
        parser.feed(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(site_dir)}: {p}" for p in parser.problems]
    FIGURES["csp"]["HTML-sider skannet"] = len(pages)
    assert not problems, (
        "the CSP (deploy/security-headers.conf) blocks these; move scripts to files "
        "(see overrides/partials/javascripts/) and styles to a stylesheet:\n" + "\n".join(problems)
    )


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


@pytest.mark.browser
def test_server_sends_the_shipped_headers(csp_site, csp_page):
    page, _ = csp_page
    response = page.goto(csp_site)
    for name, value in HEADERS.items():
        assert response.headers.get(name.lower()) == value


@pytest.mark.browser
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


@pytest.mark.browser
def test_every_built_page_loads_without_csp_violation(site_dir, csp_site, csp_page):
    """Every HTML page of the build, loaded once under the policy (the page kinds above also
    exercise search; the checker is exercised below). The FAQ editor under admin/ has a policy
    of its own (deploy/security-headers-admin.conf), tested in tests/test_cms_site.py."""
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


@pytest.mark.browser
def test_checker_works_under_the_policy(csp_site, csp_page):
    page, console = csp_page
    page.goto(csp_site + CHECKER)
    wait_ready(page)
    import_application(page, base_application())
    assert wait_verdict(page, "eligible") == "eligible"
    violations = csp_violations(page, console)
    FIGURES["csp"]["sjekk"] = len(violations)
    assert not violations, "\n".join(violations)


@pytest.mark.browser
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
