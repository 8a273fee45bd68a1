"""Shared fixtures (the built site served on loopback, Debian's Chromium through Playwright) and
the test layers.

The tests are grouped by what they need, one folder per layer, and each folder's marker is
applied here, so `make test-fast` (pytest -m "not browser and not nginx") can leave out what
needs a browser or nginx without any test marking itself:
  checker/  the checker in CPython                     (no marker)
  pages/    the hooks and the built site, as files     (no marker)
  node/     the page's JavaScript and Pyodide in Node  node
  browser/  Debian's Chromium against the built site   browser
  deploy/   the site through the shipped nginx         nginx, browser

`make test` builds `site/` before pytest runs; the tests use that build as shipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS
from http_support import serve_directory

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"

LAYERS = {
    "checker": (),
    "pages": (),
    "node": ("node",),
    "browser": ("browser",),
    "deploy": ("nginx", "browser"),
}



@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (make test does it first)")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir):
    url, stop = serve_directory(site_dir)
    yield url
    stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """Print the trust tests' figures (axe violations, CSP violations, hostile inputs tried)."""
    from trust_support import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("tillit: tilgjengelighet, CSP og fiendtlig input")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    """Mark every test by its folder; a test outside the layer folders is a mistake."""
    tests = Path(__file__).resolve().parent
    for item in items:
        layer = item.path.resolve().relative_to(tests).parts[0]
        if layer not in LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: put the test in one of tests/{{{','.join(LAYERS)}}}/")
        for marker in LAYERS[layer]:
            item.add_marker(marker)
