"""Accessibility (WCAG 2.1 AA) with axe-core in Chromium, on every kind of page.

axe-core comes bundled in the PyPI package axe-playwright-python (no download). The site must
have no serious or critical violation; the counts per page and impact go to the test summary.
"""

from __future__ import annotations

import pytest

from trust_support import (
    CHECKER,
    audit,
    base_application,
    import_application,
    page_kinds,
    wait_ready,
    wait_verdict,
)


@pytest.mark.parametrize("kind", ["forside", "utlysning", "veiledning", "faq-oversikt", "faq-svar"])
def test_page_kind_has_no_serious_violation(kind, page, site_dir, site_url):
    page.goto(site_url + page_kinds(site_dir)[kind])
    page.wait_for_load_state("networkidle")
    assert not audit(page, kind)


def test_checker_with_empty_draft(page, site_url):
    page.goto(site_url + CHECKER)
    wait_ready(page)
    assert not audit(page, "sjekk: tomt utkast")


def test_checker_with_incomplete_draft(page, site_url):
    page.goto(site_url + CHECKER)
    wait_ready(page)
    draft = base_application()
    for participant in draft["participants"]:
        participant["motivation_attached"] = None
    import_application(page, draft)
    wait_verdict(page, "incomplete")
    assert not audit(page, "sjekk: utfylt utkast")


def test_checker_with_input_errors_beside_fields(page, site_url):
    page.goto(site_url + CHECKER)
    wait_ready(page)
    draft = base_application()
    draft["project"]["requested_nok"] = -5
    draft["participants"][0]["name"] = ""
    import_application(page, draft)
    page.wait_for_selector("[aria-invalid=true]")
    assert not audit(page, "sjekk: feil i svar")


def test_checker_with_report(page, site_url):
    page.goto(site_url + CHECKER)
    wait_ready(page)
    import_application(page, base_application())
    wait_verdict(page, "eligible")
    assert not audit(page, "sjekk: rapport")


def test_errors_and_verdict_are_announced(page, site_url):
    """An input error is tied to its field (aria-invalid, aria-describedby -> the message) and
    the verdict sits in a live region, so a screen reader hears both without hunting."""
    page.goto(site_url + CHECKER)
    wait_ready(page)
    draft = base_application()
    draft["project"]["requested_nok"] = -5
    import_application(page, draft)
    invalid = page.locator("[aria-invalid=true]")
    invalid.first.wait_for()
    for control in invalid.all():
        described = [
            page.evaluate("id => document.getElementById(id)?.textContent.trim() ?? null", ref)
            for ref in (control.get_attribute("aria-describedby") or "").split()
        ]
        assert any(described), f"{control.get_attribute('id')}: aria-describedby names no text"
    requested = page.locator("[aria-invalid=true][data-path*=requested_nok]")
    assert requested.count() == 1, "the amount field is not the one marked invalid"
    error_id = requested.get_attribute("aria-describedby").split()[0]
    assert page.locator(f"#{error_id}").is_visible()

    import_application(page, base_application())
    wait_verdict(page, "eligible")
    live = page.evaluate("""() => {
        const el = document.querySelector("[data-verdict]");
        const region = el.closest("[aria-live]:not([aria-live=off]), [role=status], [role=alert]");
        return region ? region.getAttribute("aria-live") || region.getAttribute("role") : null;
    }""")
    assert live in {"polite", "assertive", "status", "alert"}
