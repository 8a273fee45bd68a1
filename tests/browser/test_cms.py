"""The FAQ editor at /admin/ (Decap CMS), used the way an editor uses it: Debian's Chromium
against the real local backend (decap-server), in a copy of the repository.

The copy is started exactly as `make edit` starts the working tree (scripts/edit.py:
decap-server on 127.0.0.1 and `mkdocs serve`, here without live reload so that no rebuild
reloads the page in the middle of a test). The page runs under its own policy, the one in
deploy/security-headers-admin.conf, from its <meta> element. Expected values come from faq.yml,
the checker's rule catalogue and the build's own FAQ check (hooks/faq.py), never from the CMS.
"""

from __future__ import annotations

import os
import re
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
from site_support import ROOT, SITE_HOOKS, build, hook_module, site_copy
from trust_support import audit, csp_directives, csp_violations, parse_security_headers, watch_csp

sys.path.insert(0, str(ROOT / "scripts"))
import new_faq  # noqa: E402  (the slug the terminal gives a question)

faq = hook_module("faq")
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

    def open(self, route: str) -> None:
        """Load a view of the editor afresh (#/collections/faq/new, ...), logging in the first time."""
        if not self.logged_in:
            self.page.goto(self.admin)
            self.page.get_by_role("button", name="Logg inn").click()
            self.page.get_by_role("heading", name="Vanlige spørsmål").wait_for()
            self.logged_in = True
        self.page.goto("about:blank")  # a new document, never the form of the view before
        self.page.goto(self.admin + route)
        if "/new" in route or "/entries/" in route:
            self.page.get_by_label("Spørsmål").wait_for()
        else:  # the list, once its entries have loaded
            self.page.locator('a[href*="/collections/faq/entries/"]').first.wait_for()

    def choose(self, label: str, option: str) -> None:
        self.page.get_by_label(label).click()
        self.page.get_by_text(option, exact=True).click()

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
    wait_for(path.exists, f"{path.name} to be written")
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
    after = wait_for(lambda: (s := snapshot(repo))[key] != before[key] and s, f"{name} to be saved")
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
