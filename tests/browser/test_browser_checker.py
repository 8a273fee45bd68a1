"""The checker page "Sjekk prosjektet" end to end in Chromium, against the built site.

One browser page is opened for the whole module (Pyodide takes a few seconds to start) and the
tests drive it as a person would: import a file, type into labelled fields, reload, export.
Expected results come from the checker itself in CPython (`checker.evaluate`, the command line)
and from the case files, never from numbers written into this file. Every request the page
makes during the visit is recorded; the last test checks that none left the site.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

import checker
from checker.report import rule_statuses
from trust_support import without_nulls

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
CASE_FILES = sorted(CASES.glob("*.json"))
STORAGE_KEY = "sirkular-sjekk-utkast"
READY_MS = 90_000
ANSWER_MS = 20_000
EXIT_VERDICT = {0: "eligible", 1: "not_eligible", 3: "incomplete"}


def load_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- the shared page -------------------------------------------------------------------------

class Checker:
    """The checker page in one browser context, with every request it made."""

    def __init__(self, browser, site_url: str):
        self.site_url = site_url
        self.requests: list[str] = []
        self.context = browser.new_context(locale="nb-NO", accept_downloads=True)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.open()

    def open(self) -> None:
        self.page.goto(self.site_url + "sjekk/")
        self.wait_ready()

    def wait_ready(self) -> None:
        try:
            self.page.wait_for_selector("[data-checker-state=ready]", state="attached", timeout=READY_MS)
        except Exception:
            root = self.page.locator("[data-checker-state]")
            state = root.get_attribute("data-checker-state") if root.count() else "(no checker root)"
            shown = self.page.locator(".checker-loading").inner_text() if root.count() else ""
            raise AssertionError(f"checker not ready: state {state!r}, page says {shown!r}, errors {self.errors}") from None
        self.page.wait_for_function(
            "() => Number(document.querySelector('[data-checker-state]').dataset.evalCount || 0) >= 1",
            timeout=ANSWER_MS,
        )

    def count(self) -> int:
        return int(self.page.get_attribute("[data-checker-state]", "data-eval-count") or 0)

    def wait_answer(self, after: int) -> None:
        self.page.wait_for_function(
            "n => Number(document.querySelector('[data-checker-state]').dataset.evalCount || 0) > n",
            arg=after, timeout=ANSWER_MS,
        )

    def settle(self) -> None:
        """Wait until the page has shown its answer to the latest change: the root carries
        data-evaluating while an evaluation is waiting for the page's pause or for the worker."""
        self.page.wait_for_selector("[data-checker-state=ready]:not([data-evaluating])", state="attached",
                                    timeout=ANSWER_MS)

    def import_json(self, data, name: str = "soknad.json") -> None:
        # An answer still on its way would count as the import's.
        self.settle()
        before = self.count()
        self.page.get_by_label(re.compile("Importer")).set_input_files(
            {"name": name, "mimeType": "application/json", "buffer": json.dumps(data, ensure_ascii=False).encode()}
        )
        self.wait_answer(before)

    def verdict(self) -> str | None:
        return self.page.get_attribute(".checker-verdict", "data-verdict")

    def rule_statuses(self) -> dict[str, str]:
        findings = self.page.eval_on_selector_all(
            "[data-rule]", "els => els.map(e => ({rule: e.dataset.rule, status: e.dataset.status}))"
        )
        return rule_statuses({"findings": findings})

    def options(self) -> list[dict]:
        return self.page.eval_on_selector_all("[data-option]", """els => els.map(e => ({
            option: e.dataset.option, rd_category: e.dataset.rdCategory ?? null,
            verdict: e.dataset.verdict, max_grant: e.dataset.maxGrant,
            recommended: e.hasAttribute("data-recommended")}))""")

    def error_paths(self) -> list[str]:
        return self.page.eval_on_selector_all(".checker-error:not([hidden])", "els => els.map(e => e.id)")

    def saved_draft(self) -> dict | None:
        text = self.page.evaluate(f"() => localStorage.getItem({STORAGE_KEY!r})")
        return None if text is None else json.loads(text)

    def export(self) -> dict:
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name="Eksporter", exact=True).click()
        return json.loads(Path(info.value.path()).read_text(encoding="utf-8"))

    def start_again(self) -> None:
        before = self.count()
        self.page.get_by_role("button", name="Start på nytt").click()
        self.page.get_by_role("dialog").get_by_role("button", name="Slett svarene").click()
        self.wait_answer(before)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def checker_page(browser, site_url):
    visit = Checker(browser, site_url)
    yield visit
    visit.close()


# ---- the page starts -------------------------------------------------------------------------

def test_page_reaches_ready_and_shows_a_verdict(checker_page):
    assert checker_page.page.get_attribute("[data-checker-state]", "data-checker-state") == "ready"
    assert checker_page.verdict() in {"eligible", "not_eligible", "incomplete"}
    assert checker_page.errors == []


def test_only_the_checker_page_loads_the_checker(site_dir):
    """Other pages may prefetch the Pyodide folder into the HTTP cache (tests/deploy/test_prefetch.py
    shows that nothing starts there); they name it only in that prefetch mark, and load none of
    the checker's scripts."""
    checker_page = site_dir / "sjekk" / "index.html"
    assert re.search(r'src="\.\./assets/checker/page\.[0-9a-f]{8}\.min\.js"', checker_page.read_text(encoding="utf-8"))
    others = [p for p in site_dir.rglob("*.html") if p != checker_page]
    assert others
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert "assets/checker/" not in text and "data-pyodide-base" not in text, path
        without_prefetch = re.sub(r'<meta name="checker-prefetch"[^>]*>', "", text)
        assert not re.search(r"pyodide/[0-9a-f]+/|checker-pyodide-base", without_prefetch), path


def test_search_index_is_built_once_the_checker_is_ready(checker_page):
    deadline = time.monotonic() + ANSWER_MS / 1000
    while not any("/lunr/" in url for url in checker_page.requests):
        if time.monotonic() > deadline:
            pytest.fail("Material's search worker never started on the checker page")
        checker_page.page.wait_for_timeout(100)


def test_search_waits_for_the_checker_but_opens_at_once_when_used(browser, site_url):
    """On the checker page Material's search builds its index only when the checker is ready or
    the reader opens the search (docs/assets/checker/defer-search.js)."""
    context = browser.new_context(locale="nb-NO", service_workers="block")
    try:
        page = context.new_page()
        lunr: list[str] = []
        page.on("request", lambda r: "/lunr/" in r.url and lunr.append(r.url))
        page.route("**/pyodide.asm.wasm", lambda route: None)  # Python never gets ready
        with page.expect_worker(lambda w: "search-deferred.js" in w.url):
            page.goto(site_url + "sjekk/")
        page.wait_for_timeout(1000)  # not a wait for anything: a second of loading builds no index
        assert page.get_attribute("[data-checker-state]", "data-checker-state") == "loading"
        assert lunr == [], "the search index was built while the checker was loading"
        page.keyboard.press("/")
        page.keyboard.type("bagatellmessig")
        page.wait_for_selector(".md-search-result__item", timeout=ANSWER_MS)
        assert lunr, "the search worked without Material's worker"
    finally:
        context.close()


# ---- every case, imported through the page ---------------------------------------------------

@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_imported_case_shows_its_verdict_and_rule_statuses(checker_page, path):
    case = load_case(path)
    checker_page.import_json(case["application"], name=path.name)
    expected = case["expected"]
    assert checker_page.verdict() == expected["verdict"]
    shown = checker_page.rule_statuses()
    assert {rule: shown.get(rule) for rule in expected["rules"]} == expected["rules"]
    # The whole report, not only the listed rules, matches CPython's, options included.
    report = checker.evaluate(case["application"])
    assert shown == rule_statuses(report)
    assert checker_page.options() == expected_options(report)


def expected_options(report: dict) -> list[dict]:
    """The page handles (contract §5) that the report's options (§2.1) call for."""
    best = report["recommended"]
    return [{
        "option": o["aid_basis"],
        "rd_category": o["rd_category"],
        "verdict": o["verdict"],
        "max_grant": "" if o["max_grant_nok"] is None else str(o["max_grant_nok"]),
        "recommended": best is not None and (best["aid_basis"], best["rd_category"])
        == (o["aid_basis"], o["rd_category"]),
    } for o in report["options"]]


def test_a_case_file_imports_as_its_application_like_the_command_line(checker_page):
    """The shared examples hold {description, application, expected}; the CLI checks them as
    they are, so the page imports them as they are too."""
    case = load_case(CASE_FILES[0])
    checker_page.import_json(case, name=CASE_FILES[0].name)
    assert checker_page.verdict() == case["expected"]["verdict"]
    assert checker_page.rule_statuses() == rule_statuses(checker.evaluate(case["application"]))


def test_findings_link_to_paragraphs_that_exist(checker_page, site_dir):
    """Every "Les mer" and help link on the page leads to a built page and anchor."""
    checker_page.import_json(load_case(CASE_FILES[0])["application"])
    page_url = checker_page.page.url
    hrefs = checker_page.page.eval_on_selector_all("#sjekker a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert any(h.startswith("../utlysning/#") for h in hrefs)
    ids_cache: dict[Path, set[str]] = {}
    for href in set(hrefs):
        if href.startswith("#"):
            continue
        url, anchor = urldefrag(urljoin(page_url, href))
        assert url.startswith(checker_page.site_url), href
        target = site_dir / url[len(checker_page.site_url):] / "index.html"
        assert target.exists(), f"{href}: no page {target}"
        if anchor:
            if target not in ids_cache:
                ids_cache[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids_cache[target], f"{href}: no anchor #{anchor}"


# ---- every aid basis side by side ---------------------------------------------------------------

def test_use_this_basis_changes_only_the_basis(checker_page):
    """«Bruk dette grunnlaget» sets the form's aid basis (and article 25's category), keeps every
    other answer, and the report then judges that basis."""
    app = load_case(CASES / "options-every-basis.json")["application"]
    checker_page.import_json(app)
    card = checker_page.page.locator("[data-option=gber_25][data-rd-category=feasibility_study]")
    before = checker_page.count()
    card.get_by_role("button", name="Bruk dette grunnlaget").click()
    checker_page.wait_answer(before)
    checker_page.settle()
    wanted = copy.deepcopy(app)
    wanted["project"].update(aid_basis="gber_25", rd_category="feasibility_study")
    assert checker_page.saved_draft() == wanted
    assert checker_page.page.locator("#f-project-aid_basis").input_value() == "gber_25"
    assert checker_page.page.locator("#f-project-rd_category").input_value() == "feasibility_study"
    report = checker.evaluate(wanted)
    assert checker_page.verdict() == report["verdict"]
    assert checker_page.rule_statuses() == rule_statuses(report)
    # With a category chosen, article 25 is compared once, in that category (§2.1 point 1).
    assert checker_page.options() == expected_options(report)
    assert [o["rd_category"] for o in checker_page.options() if o["option"] == "gber_25"] == \
        ["feasibility_study"]
    chosen = checker_page.page.locator("[data-option=gber_25]")
    assert chosen.get_by_role("button", name="Dette grunnlaget er valgt").is_disabled()

    # Another basis: the category stays as it was (nothing but the basis changes).
    before = checker_page.count()
    checker_page.page.locator("[data-option=gber_29]").get_by_role(
        "button", name="Bruk dette grunnlaget").click()
    checker_page.wait_answer(before)
    checker_page.settle()
    wanted["project"]["aid_basis"] = "gber_29"
    assert checker_page.saved_draft() == wanted


def test_estimate_shows_the_chosen_basis_own_limit(checker_page):
    """The «Anslag» box gives the chosen option's amount, not 50 % of the total: in the shared
    article 29 example the large company may get only 15 %."""
    case = load_case(CASES / "gber-29-large-company-over-15-percent.json")
    checker_page.import_json(case["application"])
    report = checker.evaluate(case["application"])
    [art29] = [o for o in report["options"] if o["aid_basis"] == "gber_29"]
    shown = checker_page.page.locator(".checker-estimate dd").first.inner_text()
    assert re.sub(r"\D", "", shown) == str(art29["max_grant_nok"])
    assert art29["max_grant_nok"] < report["estimate"]["max_grant_nok"]


def option_card(page, option: dict):
    """The card of one option of the report (contract §5: data-option, data-rd-category)."""
    selector = f"[data-option={option['aid_basis']}]"
    if option["rd_category"]:
        selector += f"[data-rd-category={option['rd_category']}]"
    return page.locator(selector)


def test_options_say_why_an_option_fails_and_link_the_rule(checker_page, site_dir):
    case = load_case(CASES / "gber-29-large-company-over-15-percent.json")
    checker_page.import_json(case["application"])
    report = checker.evaluate(case["application"])
    for option in report["options"]:
        card = option_card(checker_page.page, option)
        failing = sorted(r for r, s in option["rules"].items() if s == "fail")
        listed = card.locator(".checker-option-rules--fail [data-option-rule]")
        assert sorted(listed.evaluate_all("els => els.map(e => e.dataset.optionRule)")) == failing
        for rule in failing:
            href = card.locator(f"[data-option-rule='{rule}']").get_attribute("href")
            source = next(r["source"] for r in checker.rule_catalogue() if r["id"] == rule)
            assert href == f"../{source}"
    # Each participant's limit, on demand; it stays open when the next answer redraws the
    # section.
    [art29] = [o for o in report["options"] if o["aid_basis"] == "gber_29"]
    card = checker_page.page.locator("[data-option=gber_29]")
    card.get_by_text("Grensen for hver deltaker").click()
    before = checker_page.count()
    checker_page.page.fill("#f-project-title", "Gjenbruk av plast, nytt navn")
    checker_page.wait_answer(before)
    checker_page.settle()
    assert card.locator(".checker-option-limits").evaluate("d => d.open")
    cells = card.locator(".checker-limits tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].slice(0, 3).map(c => c.textContent))")
    names = [p["name"] for p in case["application"]["participants"]]
    assert [(name, re.sub(r"\D", "", low), re.sub(r"\D", "", high)) for name, low, high in cells] == \
        [(names[p["participant"]], str(p["max_aid_nok"]), str(p["max_aid_upper_nok"]))
         for p in art29["participants"]]
    # The chart is a table a screen reader can read: one row per option.
    rows = checker_page.page.locator(".checker-options-chart tbody tr")
    assert rows.count() == len(report["options"])


# Where each option's article is explained, and what the checker cannot assess about it (issue 17:
# the paragraphs on «Hva sjekkeren vurderer» that explain it).
GUIDES = {"de_minimis": "bagatellmessig-stotte", "gber_25": "artikkel-25", "gber_27": "artikkel-27",
          "gber_29": "artikkel-29", "gber_49": "artikkel-49"}
CANNOT = {"de_minimis": "bagatellmessig-sektorer", "gber_25": "samarbeid-uavhengige-foretak",
          "gber_27": "artikkel-27-klynger"}


def test_options_give_the_most_not_advice_and_say_what_each_article_covers(checker_page):
    """«Anbefalt» is advice the checker cannot give (contract §2.1.4): the option that gives the
    most is called that, each card says which activities its article covers and that Innovasjon
    Norge decides whether the project fits, and what the checker cannot assess is said beside it."""
    case = load_case(CASES / "gber-29-process-innovation.json")
    checker_page.import_json(case["application"])
    report = checker.evaluate(case["application"])
    page = checker_page.page
    best = page.locator("[data-option][data-recommended]")
    assert best.count() == (report["recommended"] is not None) == 1
    assert "Gir mest av grunnlagene som ikke er avvist" in best.inner_text()
    assert "anbefal" not in page.locator(".checker-report").inner_text().lower()
    for option in report["options"]:
        card = option_card(page, option)
        covers = card.locator(".checker-option-covers")
        assert "Innovasjon Norge avgjør" in covers.inner_text()
        assert covers.locator("a").get_attribute("href") == f"../statsstotte/{GUIDES[option['aid_basis']]}/"
        bonus = option["rd_category"] in (None, "industrial_research", "experimental_development")
        wanted = [f"../sjekkeren-vurderer/#{CANNOT[option['aid_basis']]}"] if option["aid_basis"] in CANNOT and bonus else []
        assert card.locator(":scope > .checker-option-cannot a").evaluate_all("els => els.map(a => a.getAttribute('href'))") == wanted
    # Beside each participant's limit: institutes that are companies have limits of their own.
    limits = page.locator("[data-option=gber_29] .checker-option-limits")
    if not limits.evaluate("d => d.open"):
        limits.locator("summary").click()
    assert limits.locator(".checker-option-cannot a").get_attribute("href") == \
        "../sjekkeren-vurderer/#institutter-som-er-foretak"


# ---- a small application, typed as a person would --------------------------------------------

SMALL = {
    "version": 1,
    "round": "2023",
    "submission_date": "2023-08-28",
    "project": {
        "start_date": "2023-10-02",
        "title": "Returlogistikk for tekstiler",
        "objectives": ["circular_value_chain"],
        "total_cost_nok": 3000000,
        "requested_nok": 1200000,
        "aid_basis": "de_minimis",
    },
    "participants": [
        {"name": "Fjordtekstil AS", "kind": "company", "org_number": "812345664", "business_register": True,
         "nic_cluster": "current", "size": "small", "project_owner": True, "aid_nok": 600000,
         "de_minimis_received_nok": 0},
        {"name": "Kystnett Logistikk AS", "kind": "company", "org_number": "877 665 542", "business_register": True,
         "nic_cluster": "none", "employees": 30, "turnover_eur": 4000000, "aid_nok": 600000},
        {"name": "Havforskningssenteret", "kind": "research_institute"},
    ],
}


def type_participant(page, index: int, person: dict) -> None:
    page.get_by_role("button", name="Legg til deltaker").click()
    box = page.locator(f"#f-participants-{index}")
    box.get_by_label("Navn", exact=True).press_sequentially(person["name"])
    box.get_by_label("Type aktør").select_option(person["kind"])
    if "org_number" in person:
        box.get_by_label("Organisasjonsnummer").press_sequentially(person["org_number"])
    if "business_register" in person:
        box.get_by_role("group", name="Registrert i Foretaksregisteret?").get_by_label("Ja", exact=True).check()
    nic = {"current": "Ja, en nåværende NIC-klynge", "none": "Nei"}
    if "nic_cluster" in person:
        box.get_by_role("group", name=re.compile("Norwegian Innovation Clusters")).get_by_label(
            nic[person["nic_cluster"]], exact=True).check()
    if "size" in person:
        box.get_by_label("Størrelse").select_option(person["size"])
    for key, label in [("employees", "Antall årsverk"), ("turnover_eur", "Årsomsetning i euro"),
                       ("aid_nok", "Støtte til deltakeren i kroner"),
                       ("de_minimis_received_nok", "Bagatellmessig støtte mottatt før, i kroner")]:
        if key in person:
            box.get_by_label(label).press_sequentially(f"{person[key]:,}".replace(",", " "))
    if person.get("project_owner"):
        box.get_by_label("Denne deltakeren er prosjekteier").check()


def type_small_application(page) -> None:
    page.get_by_label("Dato søknaden sendes").fill(SMALL["submission_date"])
    page.get_by_label("Planlagt oppstart av prosjektet").fill(SMALL["project"]["start_date"])
    for index, person in enumerate(SMALL["participants"]):
        type_participant(page, index, person)
    page.get_by_label("Prosjektets tittel").press_sequentially(SMALL["project"]["title"])
    page.get_by_label("Nye sirkulære verdikjeder for råstoff, materialer eller gjenstander").check()
    page.get_by_label("Prosjektets samlede støtteberettigede kostnader i kroner").press_sequentially("3 000 000")
    page.get_by_label("Beløp dere søker om fra Innovasjon Norge, i kroner").press_sequentially("1200000")
    page.get_by_label("Grunnlag for støtten").select_option("de_minimis")


def test_typing_a_small_application_gives_the_checkers_verdict(checker_page):
    page = checker_page.page
    checker_page.start_again()
    type_small_application(page)
    checker_page.settle()
    # The form turned the typing into exactly these answers (numbers as numbers, not text) ...
    draft = checker_page.saved_draft()
    assert without_nulls(draft) == SMALL
    # ... and the page shows what CPython's checker says about them.
    report = checker.evaluate(draft)
    assert checker_page.verdict() == report["verdict"]
    assert checker_page.rule_statuses() == rule_statuses(report)
    # "Dine svar" lists the answers as text.
    answers = re.sub(r"[\u00a0\u202f]", " ", page.locator(".checker-answers").text_content())
    assert all(person["name"] in answers for person in SMALL["participants"])
    assert "[object" not in answers and "3 000 000 kr" in answers


def test_print_shows_answers_verdict_and_findings_without_the_form(checker_page):
    page = checker_page.page
    page.emulate_media(media="print")
    try:
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        for hidden in (".checker-form", ".checker-toolbar", ".md-header"):
            assert not page.locator(hidden).first.is_visible(), hidden
        for shown in (".checker-verdict", "[data-rule]", ".checker-answers-list", ".checker-print-date"):
            assert page.locator(shown).first.is_visible(), shown
        assert "skrevet ut" in page.locator(".checker-print-date").inner_text()
    finally:
        page.evaluate("dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")


def test_reload_keeps_the_draft(checker_page):
    before = checker_page.export()
    assert before["participants"], "the previous test left a typed draft"
    checker_page.page.reload()
    checker_page.wait_ready()
    assert checker_page.export() == before
    assert checker_page.page.get_by_label("Prosjektets tittel").input_value() == before["project"]["title"]
    assert checker_page.page.locator("#f-participants-2 legend").first.inner_text().endswith(
        before["participants"][2]["name"])


def test_export_then_import_gives_the_same_answers(checker_page):
    exported = checker_page.export()
    assert exported == checker_page.saved_draft()
    verdict = checker_page.verdict()
    checker_page.start_again()
    assert checker_page.export()["participants"] == []
    checker_page.import_json(exported)
    assert checker_page.export() == exported
    assert checker_page.verdict() == verdict


def test_input_error_is_shown_beside_its_field_and_nothing_typed_is_lost(checker_page):
    page = checker_page.page
    checker_page.import_json(load_case(CASE_FILES[0])["application"])
    field = page.locator("#f-participants-1-aid_nok")
    before = checker_page.count()
    field.fill("-5")
    checker_page.wait_answer(before)
    checker_page.settle()
    assert checker_page.verdict() is None
    assert checker_page.error_paths() == ["f-participants-1-aid_nok-feil"]
    assert field.get_attribute("aria-invalid") == "true"
    assert "f-participants-1-aid_nok-feil" in field.get_attribute("aria-describedby").split()
    summary = page.locator(".checker-errors")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "f-participants-1-aid_nok"
    assert field.input_value() == "-5"
    before = checker_page.count()
    field.fill("500000")
    checker_page.wait_answer(before)
    assert checker_page.verdict() is not None
    assert field.get_attribute("aria-invalid") is None


def test_removing_a_participant_can_be_undone(checker_page):
    page = checker_page.page
    before = checker_page.export()
    name = before["participants"][1]["name"]
    page.get_by_role("button", name="Fjern deltaker 2").click()
    checker_page.settle()
    assert [p["name"] for p in checker_page.export()["participants"]] == [
        p["name"] for i, p in enumerate(before["participants"]) if i != 1]
    assert name in page.locator(".checker-notice").inner_text()
    page.locator(".checker-notice").get_by_role("button", name="Angre").click()
    checker_page.settle()
    assert checker_page.export() == before


# ---- the page and the command line agree -----------------------------------------------------

def mutations(cases: list[dict]) -> list[tuple[str, dict]]:
    """About a dozen applications no case holds, made by changing the cases' answers."""
    base = cases[0]["application"]
    made = []

    def variant(name, change, source=base):
        data = copy.deepcopy(source)
        change(data)
        made.append((name, data))

    variant("no-owner", lambda d: [p.update(project_owner=False) for p in d["participants"]])
    variant("two-owners", lambda d: [p.update(project_owner=True) for p in d["participants"][:2]])
    variant("amount-high", lambda d: d["project"].update(requested_nok=3_000_000))
    variant("share-too-high", lambda d: d["project"].update(total_cost_nok=2_000_000))
    variant("gber-29", lambda d: d["project"].update(aid_basis="gber_29"))
    variant("gber-25-no-category", lambda d: d["project"].update(aid_basis="gber_25", rd_category=None))
    variant("gber-25-feasibility", lambda d: d["project"].update(aid_basis="gber_25", rd_category="feasibility_study"))
    variant("late", lambda d: d.update(submission_date="2023-09-02"))
    variant("bad-org-number", lambda d: d["participants"][0].update(org_number="123456789"))
    variant("two-participants", lambda d: d.update(participants=d["participants"][:2]))
    variant("size-from-figures", lambda d: d["participants"][2].update(size=None, employees=300))
    variant("objectives-empty", lambda d: d["project"].update(objectives=[]))
    variant("requirement-unanswered", lambda d: d["project"]["requirements"].update(continuation_plan=None))
    variant("negative-cost", lambda d: d["participants"][1].update(eligible_costs_nok=-1))
    if len(cases) > 1:
        variant("other-case-gber-27", lambda d: d["project"].update(aid_basis="gber_27"), cases[-1]["application"])
    return made


def cli_answer(data: dict) -> tuple[str | None, dict[str, str], list[str]]:
    """(verdict, rule statuses, error paths) from `python -m checker check - --format json`."""
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", "-", "--format", "json"],
        input=json.dumps(data), capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    if done.returncode == 2:
        return None, {}, sorted(e["path"] for e in json.loads(done.stdout)["errors"])
    report = json.loads(done.stdout)
    assert EXIT_VERDICT[done.returncode] == report["verdict"]
    return report["verdict"], rule_statuses(report), []


def field_error_id(path: str) -> str:
    parts = re.findall(r"[^.\[\]]+", path)
    return "f-" + "-".join(parts) + "-feil"


def test_page_and_command_line_agree_on_generated_applications(checker_page):
    cases = [load_case(p) for p in CASE_FILES[:1] + CASE_FILES[-1:]]
    made = mutations(cases)
    assert len(made) >= 10
    disagreements = []
    for name, data in made:
        checker_page.import_json(data, name=f"{name}.json")  # evaluated at once, no debounce
        verdict, statuses, paths = cli_answer(data)
        shown = (checker_page.verdict(), checker_page.rule_statuses() if verdict else {},
                 sorted(checker_page.error_paths()))
        wanted = (verdict, statuses, sorted(field_error_id(p) for p in paths))
        if shown != wanted:
            disagreements.append((name, shown, wanted))
    assert disagreements == []


# ---- privacy: the whole visit stayed on the site ---------------------------------------------

def test_no_request_left_the_site(checker_page):
    requests = checker_page.requests
    # The worker's own downloads are recorded too, so this list covers the whole visit.
    assert any(url.endswith("pyodide.asm.wasm") for url in requests)
    assert any(url.endswith(".whl") for url in requests)
    elsewhere = [url for url in requests
                 if not url.startswith(checker_page.site_url) and not url.startswith(("data:", "blob:"))]
    assert elsewhere == []


# ---- when Python cannot start, the form still works -----------------------------------------

def stdlib_without(site_dir: Path, package: str) -> bytes:
    """The served standard library less one package (as if the trimmed set missed it)."""
    (served,) = (site_dir / "pyodide").glob("*/python_stdlib.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(served) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename.split("/")[0].split(".")[0] != package:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


# The runtime or the checker's wheel cannot be fetched, or a module the checker imports at
# start-up is not in the standard library the site serves.
BROKEN = {
    "runtime": ("**/pyodide/**", None),
    "checker-wheel": ("**/checker-*.whl", None),
    "stdlib-module": ("**/python_stdlib.zip", "fractions"),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_form_and_export_work_when_the_checker_cannot_start(browser, site_url, site_dir, broken):
    pattern, left_out = BROKEN[broken]
    context = browser.new_context(locale="nb-NO", accept_downloads=True, service_workers="block")
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        if left_out:
            body = stdlib_without(site_dir, left_out)
            page.route(pattern, lambda route: route.fulfill(body=body, content_type="application/zip"))
        else:
            page.route(pattern, lambda route: route.abort())
        page.goto(site_url + "sjekk/")
        page.wait_for_selector("[data-checker-state=error]", state="attached", timeout=READY_MS)
        assert "kunne ikke startes" in page.locator(".checker-report").inner_text()
        if left_out:  # and the console names the module, for whoever builds the site
            assert any(f"No module named '{left_out}'" in line for line in console), console
        page.get_by_label("Prosjektets tittel").fill("Uten Python")
        page.get_by_role("button", name="Legg til deltaker").click()
        page.locator("#f-participants-0").get_by_label("Navn", exact=True).fill("Fjordtekstil AS")
        with page.expect_download() as info:
            page.get_by_role("button", name="Eksporter", exact=True).click()
        exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        assert exported["project"]["title"] == "Uten Python"
        assert exported["participants"][0]["name"] == "Fjordtekstil AS"
    finally:
        context.close()


def test_each_figure_shows_how_it_was_reached(checker_page):
    """Contract §2.2 on the page: each participant's terms beside its limit, the option's terms
    under its amount, each source a link; the printed self-assessment opens the chosen basis's."""
    case = load_case(CASES / "gber-29-large-company-over-15-percent.json")
    checker_page.import_json(case["application"])
    checker_page.settle()
    report = checker.evaluate(case["application"])
    [art29] = [o for o in report["options"] if o["aid_basis"] == "gber_29"]
    page = checker_page.page
    card = page.locator("[data-option=gber_29]")
    terms = lambda where: where.locator(".checker-why-text").evaluate_all("els => els.map(e => e.textContent)")
    links = lambda where: where.locator("li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    option_why = card.locator(":scope > .checker-why")
    assert terms(option_why) == [t["text"] for t in art29["why"]]
    assert links(option_why) == [f"../{t['source']}" for t in art29["why"] if t["source"]]
    # The chosen basis (article 29 in this application): printing opens its participants' terms.
    assert card.get_attribute("data-chosen") == ""
    assert not card.locator(".checker-option-limits").evaluate("d => d.open")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert card.locator(".checker-option-limits").evaluate("d => d.open")
    for row in art29["participants"]:
        cell = card.locator(f".checker-limits tr[data-participant='{row['participant']}'] .checker-why")
        assert terms(cell) == [t["text"] for t in row["why"]]
        assert links(cell) == [f"../{t['source']}" for t in row["why"] if t["source"]]
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert not card.locator(".checker-option-limits").evaluate("d => d.open")
