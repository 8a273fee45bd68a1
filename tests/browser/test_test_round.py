"""A round that lives only in the tests (tests/rounds/2030-test.json) on the checker page, with no
code change (issue 18): a site built with CHECKER_ROUNDS offers it, the form asks that round's own
questions, and the page's checker evaluates applications for it by its own figures."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

from http_support import serve_directory
from trust_support import ROOT, import_application, wait_ready, wait_verdict

ROUNDS = ROOT / "tests" / "rounds"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
EXAMPLE = json.loads((ROOT / "tests" / "cases" / "eligible-de-minimis.json").read_text("utf-8"))["application"]


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory, site_dir) -> Path:
    """The site as `make build` made it, built again with the test round as a draft round (the
    Pyodide folder is the same build/pyodide/)."""
    out = tmp_path_factory.mktemp("site-with-test-round")
    done = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                          env={**os.environ, "CHECKER_ROUNDS": str(ROUNDS)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture
def checker_on(draft_site, browser):
    url, stop = serve_directory(draft_site)
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(url + "sjekk/")
    wait_ready(page)
    yield page
    context.close()
    stop()


def application_2030() -> dict:
    app = copy.deepcopy(EXAMPLE)
    app["round"] = "2030-test"
    app["submission_date"] = "2030-10-15"
    app["project"].update(start_date="2030-12-01", end_date="2031-12-31", objectives=["material_reuse"],
                          requirements={"measurable_effect": True, "open_results": True},
                          activities=["pilot"])
    return app


def test_the_page_offers_the_round_and_asks_its_own_questions(checker_on):
    page = checker_on
    rounds = page.locator("#f-round option").evaluate_all("els => els.map(e => e.value)")
    assert rounds == ["2023", "2030-test"]
    import_application(page, application_2030())
    wait_verdict(page)
    objectives = page.locator("#f-project-objectives label").all_inner_texts()
    assert "Mer gjenbruk av materialer" in objectives and "Industrielle symbioser mellom aktører" not in " ".join(objectives)
    assert page.locator("#f-project-requirements input[type=radio]").count() == 2 * 3  # two points
    assert "Minst 4 bedrifter" in page.locator("#f-participants").inner_text()


def test_the_page_evaluates_by_the_rounds_own_figures(checker_on):
    page = checker_on
    import_application(page, application_2030())
    assert wait_verdict(page, "not_eligible") == "not_eligible"
    finding = page.locator("[data-rule='consortium.companies']")
    assert finding.get_attribute("data-status") == "fail" and "minst 4" in finding.inner_text()
    share = page.locator("[data-rule='funding.share']")
    assert share.get_attribute("data-status") == "fail" and "40\u00a0%" in share.inner_text()
    # Only the round's bases are compared: de minimis, article 25's three categories, article 29.
    options = page.locator(".checker-option-card[data-option]").evaluate_all(
        "els => els.map(e => [e.dataset.option, e.dataset.rdCategory || null])")
    assert options == [["de_minimis", None], ["gber_25", "industrial_research"],
                       ["gber_25", "experimental_development"], ["gber_25", "feasibility_study"],
                       ["gber_29", None]]
