"""The editor at /admin/ (Decap CMS), used the way an editor uses it: Debian's Chromium against
the real local backend (decap-server), in a copy of the repository.

The copy is started exactly as `make edit` starts the working tree (scripts/edit.py:
decap-server on 127.0.0.1 and `mkdocs serve`, here without live reload so that no rebuild
reloads the page in the middle of a test). The page runs under its own policy, the one in
deploy/security-headers-admin.conf, from its <meta> element. Expected values come from faq.yml,
the checker's rule catalogue, the build's own FAQ check (hooks/faq.py), the round model and the
checker itself, never from the CMS.
"""

from __future__ import annotations

import os
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import yaml

import checker
from checker import law, vocabulary
from checker.rounds import ENV, parse_round
from site_support import ROOT, SITE_HOOKS, build, call_page_markdown, hook_module, offered_rounds, site_copy
from trust_support import audit, csp_directives, csp_violations, parse_security_headers, watch_csp

sys.path.insert(0, str(ROOT / "scripts"))
import new_faq  # noqa: E402  (the slug the terminal gives a question)

faq = hook_module("faq")
cms = hook_module("cms")
round_pages = hook_module("round_pages")
CATEGORIES = yaml.safe_load((ROOT / "faq.yml").read_text("utf-8"))
RULE_TITLES = {rule["id"]: rule["title"] for rule in checker.rule_catalogue(lang="nb")}
RULE_IDS = frozenset(RULE_TITLES)
ADMIN_POLICY = csp_directives(parse_security_headers(ROOT / "deploy" / "security-headers-admin.conf")["Content-Security-Policy"])
START_TIMEOUT_S = 120  # mkdocs serve builds the copy first; a busy 2-core machine is slow
SAVE_TIMEOUT_S = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of the repository as `make edit` needs it (the editor's bundle is the real build's)."""
    bundle = ROOT / "build" / "admin"
    if not (bundle / "cms.js").is_file():
        pytest.fail("build/admin/ is not built: run `make build` (make test does it first)")
    root = site_copy(tmp_path_factory.mktemp("cms-repo"), hooks=SITE_HOOKS + ("hooks/cms.py",))
    for folder in ("admin", "deploy"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(root / folder)], check=True)
    (root / "checker" / "rounds").mkdir(parents=True)
    for path in (ROOT / "checker" / "rounds").glob("*.json"):
        shutil.copy(path, root / "checker" / "rounds" / path.name)
    (root / "build").mkdir()
    (root / "build" / "admin").symlink_to(bundle)
    return root


@pytest.fixture(scope="module")
def editor_server(repo):
    """scripts/edit.py in the copy: (the site's URL, decap-server's origin); stopped after."""
    port, backend_port = free_port(), free_port()
    log = (repo / "edit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "edit.py"), "--root", str(repo), "--port", str(port),
         "--backend-port", str(backend_port), "--no-livereload"],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"scripts/edit.py stopped:\n{(repo / 'edit.log').read_text()}")
            try:
                if requests.get(url + "admin/config.json", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"scripts/edit.py did not serve /admin/ within {START_TIMEOUT_S} s")
            time.sleep(0.5)
        yield url, f"http://127.0.0.1:{backend_port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class Visit:
    """One browser page for the whole module, with what it requested and what the policy refused."""

    def __init__(self, page, url: str, backend: str):
        self.page, self.url, self.backend = page, url, backend
        self.admin = url + "admin/"
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._answer)
        self.csp = watch_csp(page)
        self.logged_in = False

    @staticmethod
    def _answer(dialog):
        # Leaving an unsaved form asks first: leave. A draft kept from an earlier test offers
        # itself back: refuse, so that each test starts from the files on disk.
        leaving = dialog.type == "beforeunload" or "navigere bort" in dialog.message
        dialog.accept() if leaving else dialog.dismiss()

    # The first field of each collection's form: the form has loaded when it shows.
    FIRST_FIELD = {"faq": "Spørsmål", "rounds": "Runde"}

    def open(self, route: str) -> None:
        """Load a view of the editor afresh (#/collections/faq/new, ...), logging in the first time."""
        if not self.logged_in:
            self.page.goto(self.admin)
            self.page.get_by_role("button", name="Logg inn").click()
            self.page.get_by_role("heading", name="Vanlige spørsmål").wait_for()
            self.logged_in = True
        self.page.goto("about:blank")  # a new document, never the form of the view before
        self.page.goto(self.admin + route)
        collection = route.split("/")[2]
        if "/new" in route or "/entries/" in route:
            self.page.get_by_label(self.FIRST_FIELD[collection], exact=True).wait_for()
        else:  # the list, once its entries have loaded
            self.page.locator(f'a[href*="/collections/{collection}/entries/"]').first.wait_for()

    def choose(self, label: str, option: str, within=None) -> None:
        (within or self.page).get_by_label(label, exact=within is not None).click()
        self.page.get_by_text(option, exact=True).click()

    def group(self, label: str):
        """The fields under a labelled group of the form (one figure of a round: «Søknadsfrist»)."""
        text = re.compile(rf"^{re.escape(label)}( \(valgfritt\))?$")
        for_id = self.page.locator("label").filter(has_text=text).get_attribute("for")
        return self.page.locator(f'[id="{for_id}"]')

    def type_answer(self, text: str, shown: str, at_end: bool = False) -> None:
        """Type into the answer (at its end: a click at the end of the last line, as a person
        does; a key like Ctrl+End right before typing outruns the editor's throttled cursor
        tracking). Returns once the preview shows `shown`."""
        editor = self.page.locator("[data-slate-editor]")
        if at_end:
            last = editor.locator("[data-slate-node=element]").last
            box = last.bounding_box()
            last.click(position={"x": box["width"] - 2, "y": box["height"] - 3})
        else:
            editor.click()
        self.page.keyboard.type(text)
        self.preview().locator("article", has_text=shown).wait_for()

    def preview(self):
        return self.page.frame_locator("#preview-pane")

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publiser").click()
        self.page.get_by_text("Publiser nå").click()

    def field_errors(self) -> list[str]:
        errors = self.page.locator('[class*="-ControlErrorsList"] li')
        errors.first.wait_for()
        return [text.strip() for text in errors.all_text_contents()]


@pytest.fixture(scope="module")
def visit(browser, editor_server):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1400, "height": 900})
    yield Visit(context.new_page(), *editor_server)
    context.close()


def wait_for(condition, what: str, timeout: float = SAVE_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)
    return result


def saved(path: Path, changed=lambda text: True, what: str = "") -> str:
    """The file's text once the editor has written it: present, non-empty, `changed`, and the same
    on two reads in a row. decap-server truncates before it writes, so one read can see an empty
    or half-written file."""
    def settled():
        if not path.exists() or not (text := path.read_text("utf-8")) or not changed(text):
            return None
        time.sleep(0.2)
        return text if path.read_text("utf-8") == text else None
    return wait_for(settled, what or f"{path.name} to be saved")


def snapshot(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in (repo / "docs").rglob("*") if p.is_file()}


def check_file(repo: Path, path: Path):
    """The build's own FAQ check on one file: (entry, errors)."""
    where = path.relative_to(repo).as_posix()
    return faq.check_entry(where, f"faq/{path.name}", path.read_text("utf-8"), CATEGORIES, RULE_IDS)


def faq_section(html: str, key: str) -> str:
    """The part of the built FAQ index under one category's heading."""
    match = re.search(rf'<h2 id="{re.escape(key)}".*?(?=<h2 |</article>)', html, re.S)
    assert match, f"no heading for the category {key} on the FAQ page"
    return match.group(0)


# --- the tests --------------------------------------------------------------------------------

def test_an_editor_adds_an_answer_through_the_form(visit, repo):
    # Long, and with æ, ø and å: Decap's own slug would keep the letters and the whole length.
    question = "Må prosjektlederen være ansatt hos prosjekteier, eller kan det være en innleid konsulent?"
    rule = "owner.kind"
    visit.open("#/collections/faq/new")
    visit.page.get_by_label("Spørsmål").fill(question)
    visit.choose("Kategori", CATEGORIES["konsortiet"])
    visit.choose("Regler i sjekkeren", f"{RULE_TITLES[rule]} ({rule})")
    visit.type_answer("Utlysningen sier ikke noe om det. Se [kravene](../utlysning.md#krav-til-sammensetning).",
                      shown="Utlysningen sier ikke noe om det. Se kravene.")
    # The preview lays the entry out as the site does, with the site's stylesheet.
    preview = visit.preview()
    assert preview.locator("article.md-typeset h1").inner_text() == question
    assert preview.locator('a[href="../utlysning.md#krav-til-sammensetning"]').inner_text() == "kravene"
    assert preview.locator('link[href*="assets/stylesheets/main."]').count() == 1
    visit.publish()

    slug = new_faq.slugify(question)
    path = repo / "docs" / "faq" / f"{slug}.md"
    saved(path)
    assert len(slug) <= 60 and slug.startswith("ma-prosjektlederen-vaere-ansatt")
    entry, errors = check_file(repo, path)
    assert errors == []
    assert (entry.question, entry.category, entry.date, entry.rules) == (question, "konsortiet", date.today(), (rule,))
    assert "](../utlysning.md#krav-til-sammensetning)" in path.read_text("utf-8")

    result = build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    site = repo / "site"
    assert question in faq_section((site / "faq" / "index.html").read_text("utf-8"), "konsortiet")
    page = (site / "faq" / slug / "index.html").read_text("utf-8")
    assert 'href="../../utlysning/#krav-til-sammensetning"' in page
    # The published build of the same files has no local backend.
    assert "local_backend" not in (site / "admin" / "config.json").read_text("utf-8")


def test_editing_an_answer_changes_only_that_file(visit, repo):
    name = "hvem-kan-vaere-prosjekteier.md"
    before = snapshot(repo)
    visit.open(f"#/collections/faq/entries/{name.removesuffix('.md')}")
    visit.type_answer("En setning lagt til i testen.", shown="En setning lagt til i testen.", at_end=True)
    visit.publish()

    key = f"docs/faq/{name}"
    saved(repo / key, lambda text: text.encode() != before[key])
    after = snapshot(repo)
    assert [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)] == [key]
    old, new = before[key].decode(), after[key].decode()
    # Front matter and answer as they were, byte for byte; only the new sentence is added.
    assert new.startswith(old) and new[len(old):].strip() == "En setning lagt til i testen."
    assert check_file(repo, repo / key)[1] == []


def test_saving_without_a_question_names_the_field(visit, repo):
    before = sorted((repo / "docs" / "faq").iterdir())
    visit.open("#/collections/faq/new")
    visit.choose("Kategori", CATEGORIES["stotte"])
    visit.type_answer("Et svar uten spørsmål.", shown="Et svar uten spørsmål.")
    visit.publish()
    assert visit.field_errors() == ["Spørsmål er påkrevd."]
    time.sleep(1)  # a save would have written by now
    assert sorted((repo / "docs" / "faq").iterdir()) == before
    assert not audit(visit.page, "redigering: feil i skjemaet")


def test_an_unknown_category_written_by_hand_is_refused_by_the_form_and_the_build(visit, repo):
    path = repo / "docs" / "faq" / "kategori-skrevet-for-hand.md"
    path.write_text('---\nquestion: "Et spørsmål skrevet for hånd?"\ncategory: ukjent-kategori\n'
                    "date: 2026-11-27\n---\nEt svar.\n", "utf-8")
    written = path.read_bytes()
    try:
        visit.open("#/collections/faq/entries/kategori-skrevet-for-hand")
        visit.type_answer("Endret i skjemaet.", shown="Endret i skjemaet.", at_end=True)
        visit.publish()
        (error,) = visit.field_errors()
        assert error.startswith("Kategori:") and "faq.yml" in error
        time.sleep(1)
        assert path.read_bytes() == written

        result = build(repo)
        assert result.returncode != 0
        log = result.stdout + result.stderr
        assert "Traceback" not in log
        named = [line for line in log.splitlines() if "docs/faq/kategori-skrevet-for-hand.md" in line]
        assert any("«category»" in line and "ukjent-kategori" in line for line in named), log
    finally:
        path.unlink()


# --- the call rounds --------------------------------------------------------------------------

ROUND = "2030-test"
# A round unlike 2023 (later dates, other amounts, share and number of companies, no de minimis
# aid), typed as an editor types it: figure -> (the value's label, the value).
FIGURES = {
    "Utlysningen åpnet": ("Dato", "2030-03-01"),
    "Søknadsfrist": ("Dato", "2030-10-01"),
    "Minste støttebeløp": ("Beløp i kroner", "500000"),
    "Største støttebeløp": ("Beløp i kroner", "2000000"),
    "Største støtteandel": ("Andel", "0.4"),
    "Minste antall bedrifter": ("Antall bedrifter", "0"),  # a slip, corrected below
}
ITEMS = {  # figure -> (key, bokmål, English): one each
    "Målsetninger": ("circular_value_chain", "Nye sirkulære verdikjeder for råstoff, materialer eller gjenstander",
                     "New circular value chains for raw materials, materials or objects"),
    "Krav til alle prosjekter": ("continuation_plan", "Har en plan for å videreføre eller ta i bruk resultatene",
                                 "Has a plan to carry the results forward or put them to use"),
    "Arbeidsområder": ("knowledge_gathering", "Kunnskaps- og erfaringsinnhenting", "Gathering knowledge and experience"),
}
AID_BASES = ("gber_25", "gber_29")


def aid_basis_option(basis: str) -> str:
    label = vocabulary.label("aid_basis", basis, "nb")
    return label[0].upper() + label[1:]


def check_application(rounds: Path, submitted: str) -> dict[str, dict]:
    """`python -m checker check` of an application for ROUND, with the copy's rounds (CHECKER_ROUNDS):
    the findings by rule id. Three companies and an institute, as in a case of tests/cases/."""
    application = json.loads((ROOT / "tests" / "cases" / "deadline-on-the-day.json").read_text("utf-8"))["application"]
    application.update(round=ROUND, submission_date=submitted)
    application["project"].update(
        start_date="2031-01-01", end_date="2032-06-30", aid_basis="gber_29",
        objectives=[ITEMS["Målsetninger"][0]], requirements={ITEMS["Krav til alle prosjekter"][0]: True},
        activities=[ITEMS["Arbeidsområder"][0]])
    done = subprocess.run([sys.executable, "-m", "checker", "check", "-", "--format", "json"], input=json.dumps(application),
                          capture_output=True, text=True, env={**os.environ, ENV: str(rounds)})
    assert done.returncode in (0, 1, 3), done.stderr
    return {f["rule"]: f for f in json.loads(done.stdout)["findings"]}


def test_correcting_a_figure_of_a_round_changes_only_that_figure(visit, repo):
    path = repo / "checker" / "rounds" / "2023.json"
    before = path.read_text("utf-8")
    try:
        visit.open("#/collections/rounds/entries/2023")
        visit.group("Største støttebeløp").get_by_label("Beløp i kroner", exact=True).fill("2600000")
        visit.publish()
        after = saved(path, lambda text: text != before)
        # One line changed; every other byte (the rates' decimals, from/to, the final newline) kept.
        old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
        assert len(old_lines) == len(new_lines) and after.endswith("}\n")
        assert [(a, b) for a, b in zip(old_lines, new_lines) if a != b] == [
            ('      "value": 2500000,\n', '      "value": 2600000,\n')]
        assert parse_round(after, "checker/rounds/2023.json").parameters.amount_max_nok.value == 2_600_000
    finally:
        path.write_text(before, "utf-8")


def test_an_editor_adds_a_round_the_build_checks_it_and_the_checker_offers_it(visit, repo):
    rounds = repo / "checker" / "rounds"
    path, page_md = rounds / f"{ROUND}.json", repo / "docs" / f"utlysning-{ROUND}.md"
    page = visit.page
    try:
        visit.open("#/collections/rounds/new")
        page.get_by_label("Runde", exact=True).fill("2030 Test")  # a slip: the id becomes the file name
        page.get_by_label("Tittel", exact=True).fill("Samarbeidsprosjekter for sirkulære verdikjeder 2030")
        page.get_by_label("Utlysningen hos Innovasjon Norge", exact=True).fill(
            "https://nic.innovasjonnorge.no/artikkel/samarbeidsprosjekter-for-sirkulaere-verdikjeder-2030")
        page.get_by_label("Utlysningssiden på nettstedet", exact=True).fill(f"utlysning-{ROUND}/")
        page.get_by_label("Kontrollert", exact=True).fill("2030-03-02")
        for figure, (label, value) in FIGURES.items():
            group = visit.group(figure)
            group.get_by_label(label, exact=True).fill(value)
            group.get_by_label("Kilde", exact=True).fill(f"Utlysningen: «{figure}: {value}»")
        bases = visit.group("Støttegrunnlag")
        for basis in AID_BASES:
            visit.choose("Grunnlagene", aid_basis_option(basis), within=bases)
        bases.get_by_label("Kilde", exact=True).fill("Utlysningen, «Krav til støtte»: artikkel 25 og 29")
        text = visit.group("Gruppeunntakets tekst")
        visit.choose("Tekst", f"2023: {law.law().gber_texts['2023'].name}", within=text)
        text.get_by_label("Kilde", exact=True).fill("Forordning (EU) 2023/1315")
        for figure, (key, nb, en) in ITEMS.items():
            group = visit.group(figure)
            group.get_by_role("button", name="Legg til punkt").click()
            group.get_by_label("Nøkkel", exact=True).fill(key)
            group.get_by_label("Tekst på bokmål", exact=True).fill(nb)
            group.get_by_label("Tekst på engelsk", exact=True).fill(en)
            group.get_by_label("Kilde", exact=True).fill(f"Utlysningen: «{figure}»")

        # The form refuses the slips before anything is written: Decap the id at its field, then
        # the check before saving the number of companies (admin/rounds.mjs says why it is needed).
        visit.publish()
        assert visit.field_errors() == [f"Runde: {cms.ROUND_PATTERNS['round']}"]
        page.get_by_label("Runde", exact=True).clear()
        page.get_by_label("Runde", exact=True).fill(ROUND)
        visit.publish()
        refusal = page.get_by_role("alert").filter(has_text="Kunne ikke lagre")
        assert "«Tallene i runden › Minste antall bedrifter › Antall bedrifter» må minst være 1." in refusal.inner_text()
        assert not path.exists()
        visit.group("Minste antall bedrifter").get_by_label("Antall bedrifter", exact=True).fill("4")
        visit.publish()

        text = saved(path)
        p = parse_round(text, f"checker/rounds/{path.name}").parameters
        assert (p.opened.value.isoformat(), p.deadline.value.isoformat()) == ("2030-03-01", "2030-10-01")
        assert (p.amount_min_nok.value, p.amount_max_nok.value, p.max_share.value, p.min_companies.value) == (500_000, 2_000_000, 0.4, 4)
        assert p.aid_bases.value == list(AID_BASES) and p.gber_text.value == "2023" and p.de_minimis_regulation is None
        assert [(i.key, i.nb, i.en) for i in p.objectives.value] == [ITEMS["Målsetninger"]]

        # A new round needs its call text page; with it, the strict build takes the round, the
        # checker page offers it, and the checker judges by its figures (2023: three companies,
        # 1 September 2023, 50 %).
        page_md.write_text(call_page_markdown(round_pages.call_anchors()), "utf-8")
        result = build(repo, rounds=rounds)
        assert result.returncode == 0, result.stdout + result.stderr
        assert offered_rounds(repo / "site") == ["2023", ROUND]
        findings = check_application(rounds, submitted="2030-10-01")
        assert findings["call.deadline"]["status"] == "pass" and "1. oktober 2030" in findings["call.deadline"]["message"]
        assert findings["consortium.companies"]["status"] == "fail" and "minst 4" in findings["consortium.companies"]["message"]
        assert findings["funding.share"]["status"] == "fail" and "40" in findings["funding.share"]["message"]
        assert findings["call.deadline"]["source"] == f"utlysning-{ROUND}/#frist"
        assert check_application(rounds, submitted="2030-10-02")["call.deadline"]["status"] == "fail"

        # A figure the form cannot judge alone (the lower amount above the upper) is saved, and
        # the build refuses it, naming the file and the field.
        visit.open(f"#/collections/rounds/entries/{ROUND}")
        visit.group("Minste støttebeløp").get_by_label("Beløp i kroner", exact=True).fill("3000000")
        visit.publish()
        saved(path, lambda text: '"value": 3000000' in text)
        result = build(repo, rounds=rounds)
        log = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in log
        assert f"{path}: parameters: amount_min_nok er større enn amount_max_nok" in log, log
    finally:
        path.unlink(missing_ok=True)
        page_md.unlink(missing_ok=True)


def test_make_edit_listens_on_127_0_0_1_only(editor_server):
    """decap-server writes files for anyone who reaches it, so it must not be reachable from
    elsewhere: bound to 127.0.0.1, it refuses even another loopback address."""
    for url in editor_server:
        port = urlsplit(url).port
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", port), timeout=2).close()


def test_the_editor_passes_axe(visit):
    visit.open("#/collections/faq")
    assert not audit(visit.page, "redigering: listen")
    visit.open("#/collections/faq/entries/hvem-kan-soke")
    visit.preview().locator("h1").wait_for()
    assert not audit(visit.page, "redigering: skjema og forhåndsvisning")
    visit.open("#/collections/rounds/entries/2023")
    assert not audit(visit.page, "redigering: en utlysningsrunde")


def test_the_editor_loads_nothing_from_another_origin_and_keeps_its_policy(visit, repo):
    """Over every visit of this module (it opens the editor itself when run alone)."""
    visit.open("#/collections/faq/entries/hvem-kan-soke")
    visit.preview().locator("h1").wait_for()
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in visit.requests if not u.startswith(("data:", "blob:", "about:"))}
    # decap-server stands in for the git host's API, which production reaches instead.
    assert origins == {visit.url.rstrip("/"), visit.backend}
    assert csp_violations(visit.page, visit.csp) == []

    # The page's policy is the shipped one: only what a <meta> cannot carry is left out, and
    # `make edit` adds only decap-server to connect-src.
    meta = csp_directives(visit.page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content"))
    expected = {k: v for k, v in ADMIN_POLICY.items() if k != "frame-ancestors"}
    expected["connect-src"] = expected["connect-src"] + [visit.backend]
    assert meta == expected
