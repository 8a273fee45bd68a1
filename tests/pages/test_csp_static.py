"""The Content-Security-Policy and security headers as the site ships them, read statically.

The policy is read from deploy/security-headers.conf (the file nginx includes). A scan of the
built HTML backs it up: no inline script, no inline event handler, no inline style, which the
policy would block. tests/browser/test_csp.py loads every kind of page under the policy.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from trust_support import FIGURES, SECURITY_HEADERS, csp_directives, parse_security_headers

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
