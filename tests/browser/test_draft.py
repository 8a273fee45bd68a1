"""The draft is never lost (issue 13), in Chromium against the built site: two tabs typing in
turn, a field a newer release added, storage that is blocked or full, an import undone. A new
release while a tab is open: tests/deploy/test_offline_service_worker.py.

Each test reads the saved JSON (localStorage) as well as what the page shows. The answers
expected are the ones the test typed; the behaviour expected is the one the checker page and
the privacy page describe (every open tab follows the saved draft).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from trust_support import (
    CHECKER,
    ROOT,
    SET_ASIDE_KEY,
    STORAGE_KEY,
    base_application,
    eval_count,
    import_application,
    wait_answer,
    wait_ready,
    without_nulls,
)

# The page saves 250 ms after the last change; leave room for a busy machine.
SETTLE_S = 15
# Past the save delay: each tab saves while the other is in the middle of a word.
PAUSE_MS = 350
CONFLICT = "[data-draft-message=conflict]"
SAVING = "[data-draft-message=saving]"


def saved_text(page) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY)


def saved(page) -> dict | None:
    text = saved_text(page)
    return None if text is None else json.loads(text)


def saved_title(page) -> str | None:
    """The saved project title, or None while the saved draft does not hold one yet: a tab
    saves after a pause, so its first copy may not have the key (the race of issue 21)."""
    return ((saved(page) or {}).get("project") or {}).get("title")


def until(page, check, what: str):
    """Poll check() until it returns something true, and return that."""
    deadline = time.monotonic() + SETTLE_S
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(100)
    return value


def shown(page) -> dict[str, str]:
    """The text and date fields that hold an answer, by id, without spaces ("600 000")."""
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.checker-form input[type=text], .checker-form input[type=date]')]
        .filter((i) => i.value).map((i) => [i.id, i.value.replace(/\\s/g, '')]))""")


def blank(draft: dict | None) -> bool:
    """Nothing saved, or a draft without answers."""
    return draft is None or not (without_nulls(draft)["project"] or draft["participants"] or draft.get("submission_date"))


def title(page) -> str:
    return page.get_by_label("Prosjektets tittel").input_value()


def start_again(page) -> None:
    page.get_by_role("button", name="Start på nytt").click()
    page.get_by_role("dialog").get_by_role("button", name="Slett svarene").click()


def export_from(locator) -> dict:
    with locator.page.expect_download() as download:
        locator.click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def type_in_turn(a, a_text: str, b, b_text: str, pause_every: int = 0) -> None:
    """One character in each tab in turn, each into the field that has its focus."""
    for i in range(max(len(a_text), len(b_text))):
        if i < len(a_text):
            a.keyboard.type(a_text[i])
        if i < len(b_text):
            b.keyboard.type(b_text[i])
        if pause_every and i % pause_every == pause_every - 1:
            a.wait_for_timeout(PAUSE_MS)


class Tabs:
    """Two checker tabs in one browser context (they share localStorage, as tabs do)."""

    def __init__(self, browser, site_url: str):
        self.site_url = site_url
        self.context = browser.new_context(locale="nb-NO", accept_downloads=True)
        self.errors: list[str] = []
        self.a = self.open()
        self.b = self.open()

    def open(self, path: str = CHECKER):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(self.site_url + path)
        if path == CHECKER:
            page.locator("#f-round").wait_for()
        return page

    def fresh(self):
        """Both tabs on an empty draft, by "Start på nytt" in one (the other follows)."""
        start_again(self.a)
        until(self.b, lambda: not shown(self.b) and blank(saved(self.b)), "the second tab to follow «Start på nytt»")
        return self.a, self.b


@pytest.fixture(scope="module")
def tabs(browser, site_url):
    tabs = Tabs(browser, site_url)
    yield tabs
    assert tabs.errors == []
    tabs.context.close()


# ---- several tabs ------------------------------------------------------------------------------

def test_two_tabs_typing_in_turn_keep_every_answer(tabs):
    a, b = tabs.fresh()
    round_ = a.locator("#f-round").input_value()

    # A participant added in one tab appears in the other.
    a.get_by_role("button", name="Legg til deltaker").click()
    a.keyboard.type("Fjordtekstil AS")  # the new participant's name has the focus
    until(b, lambda: shown(b).get("f-participants-0-name") == "FjordtekstilAS", "the second tab to show the participant")

    # Each tab types into its own field, a character at a time; each saves while the other is
    # in the middle of a word, so each takes the other's change over while its field has focus.
    a.get_by_label("Prosjektets tittel").focus()
    b.locator("#f-participants-0").get_by_label("Organisasjonsnummer").focus()
    type_in_turn(a, "Returlogistikk for tekstiler", b, "812345664", pause_every=4)

    # One tab adds a participant while the other edits another participant.
    b.locator("#f-participants-0").get_by_label("Støtte til deltakeren i kroner").focus()
    b.keyboard.type("60")
    a.get_by_role("button", name="Legg til deltaker").click()
    type_in_turn(a, "Kystnett Logistikk AS", b, "0000", pause_every=5)

    # The case: the date changed in the second tab just after typing in the first.
    b.get_by_label("Dato søknaden sendes").fill("2023-08-28")

    expected = {
        "version": 1, "round": round_, "submission_date": "2023-08-28",
        "project": {"title": "Returlogistikk for tekstiler"},
        "participants": [
            {"name": "Fjordtekstil AS", "kind": "company", "org_number": "812345664", "aid_nok": 600000},
            {"name": "Kystnett Logistikk AS", "kind": "company"},
        ],
    }
    until(a, lambda: without_nulls(saved(a)) == expected, f"the saved draft to hold every answer: {saved(a)}")
    third = tabs.open()
    try:
        assert without_nulls(saved(third)) == expected
        form = {
            "f-submission_date": "2023-08-28",
            "f-project-title": "Returlogistikkfortekstiler",
            "f-participants-0-name": "FjordtekstilAS",
            "f-participants-0-org_number": "812345664",
            "f-participants-0-aid_nok": "600000",
            "f-participants-1-name": "KystnettLogistikkAS",
        }
        assert shown(third) == form
        until(a, lambda: shown(a) == form and shown(b) == form, "both tabs to show every answer")
    finally:
        third.close()


# Types into the title field of this tab and of the tab it opened (window.other) in one task,
# so neither tab can save, or hear of the other's answer, in between.
TITLE_IN_BOTH = """([here, there]) => [[document, here], [window.other.document, there]].forEach(([doc, text]) => {
  const field = doc.getElementById("f-project-title");
  field.value = text;
  field.dispatchEvent(new doc.defaultView.Event("input", { bubbles: true }));
})"""


def test_the_same_answer_typed_in_two_tabs_at_once_offers_the_other(tabs):
    a, _ = tabs.fresh()
    # Neither tab has seen the other's answer when its own is saved or sent, however slow the
    # machine: the second tab is one the first opened, so the first can type in both at once.
    with a.expect_popup() as popup:
        a.evaluate("url => { window.other = window.open(url); }", tabs.site_url + CHECKER)
    b = popup.value
    b.on("pageerror", lambda error: tabs.errors.append(str(error)))
    try:
        b.locator("#f-round").wait_for()
        a.evaluate(TITLE_IN_BOTH, ["Tekstil", "Logistikk"])

        until(a, lambda: saved_title(a) in ("Tekstil", "Logistikk")
              and title(a) == title(b) == saved_title(a), "both tabs to show the saved answer")
        kept = saved_title(a)
        offered = ({"Tekstil", "Logistikk"} - {kept}).pop()
        # The answer that was not saved is offered, and nothing else is lost.
        asking = until(a, lambda: [t for t in (a, b) if t.locator(CONFLICT).count()], "a tab to offer the other answer")
        message = asking[0].locator(CONFLICT).inner_text()
        assert "Prosjektets tittel" in message and f"«{offered}»" in message, message

        asking[0].locator(CONFLICT).get_by_role("button", name="Bruk det andre svaret").click()
        until(a, lambda: saved_title(a) == offered and title(a) == title(b) == offered,
              "the other answer to be saved and shown in both tabs")
        assert asking[0].locator(CONFLICT).count() == 0
    finally:
        b.close()


def test_a_field_from_a_newer_release_is_kept_by_an_older_tab(tabs):
    a, b = tabs.fresh()
    a.get_by_label("Prosjektets tittel").fill("Returlogistikk")
    until(a, lambda: saved_title(a) == "Returlogistikk", "the title to be saved")
    # What a tab of a newer release saves: this draft with fields this release does not know.
    newer = saved(a)
    newer["project"]["contact_email"] = "post@fjordtekstil.no"
    newer["participants"] = [{"name": "Fjordtekstil AS", "kind": "company", "employee_owned": True}]
    writer = tabs.open("404.html")  # same origin; a page that is not the checker
    try:
        writer.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(newer)])
    finally:
        writer.close()

    for tab in (a, b):
        until(tab, lambda: shown(tab).get("f-participants-0-name") == "FjordtekstilAS", "the tab to follow the newer draft")
        assert "nyere versjon" in tab.locator("[data-draft-message=version]").inner_text()
    wait_ready(b)
    before = eval_count(b)
    b.get_by_label("Prosjektets tittel").fill("Returlogistikk for tekstiler")
    # The older tab's checker judges the answers it knows: a verdict, not an unknown field.
    assert "verdict" in wait_answer(b, before)

    until(a, lambda: saved_title(a) == "Returlogistikk for tekstiler", "the older tab's change to be saved")
    kept = saved(a)
    assert kept["project"]["contact_email"] == "post@fjordtekstil.no"
    assert kept["participants"][0]["employee_owned"] is True
    assert a.evaluate("key => localStorage.getItem(key)", SET_ASIDE_KEY) is None


# ---- import -----------------------------------------------------------------------------------

def test_import_asks_first_and_can_be_undone_once(tabs):
    a, b = tabs.fresh()
    importer = a.locator("input[type=file]")
    # Nothing to lose yet: the file chooser opens at once.
    with a.expect_file_chooser() as chooser:
        importer.click()
    chooser.value.set_files([])

    import_application(a, base_application())
    # The import reads the file asynchronously and then redraws the form: typing before it has
    # landed would be overwritten by it (the race behind issue 21's KeyError).
    until(a, lambda: title(a) == base_application()["project"]["title"], "the import to be shown")
    a.get_by_label("Prosjektets tittel").fill("Vårt eget utkast")
    until(a, lambda: saved_title(a) == "Vårt eget utkast", "the draft to be saved")
    before = saved_text(a)

    question = a.get_by_role("dialog", name="Erstatte svarene dine?")
    importer.click()
    question.get_by_role("button", name="Avbryt").click()
    assert not question.is_visible()
    assert saved_text(a) == before

    other = json.loads((ROOT / "tests" / "cases" / "gber-29-process-innovation.json").read_text(encoding="utf-8"))["application"]
    importer.click()
    with a.expect_file_chooser() as chooser:
        question.get_by_role("button", name="Velg fil").click()
    chooser.value.set_files({"name": "annen.json", "mimeType": "application/json",
                             "buffer": json.dumps(other, ensure_ascii=False).encode()})
    until(a, lambda: saved(a) == other, "the imported application to be saved")
    until(b, lambda: title(b) == other["project"]["title"], "the other tab to follow the import")

    notice = a.locator(".checker-notice")
    notice.get_by_role("button", name="Angre import").click()
    until(a, lambda: saved_text(a) == before, "the draft from before the import to be saved again")
    assert title(a) == "Vårt eget utkast"
    assert "angret" in notice.inner_text()
    assert notice.get_by_role("button", name="Angre import").count() == 0  # once
    until(b, lambda: title(b) == "Vårt eget utkast", "the other tab to follow the undo")


# ---- no storage -------------------------------------------------------------------------------

# As a browser that blocks storage for the site: reading window.localStorage throws.
BLOCKED = """Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("Lagring er blokkert", "SecurityError"); },
});"""

# Fill the site's localStorage to its quota, down to the last character.
FILL = """() => {
  let chunk = "x".repeat(1 << 20), i = 0;
  while (chunk.length) {
    try { localStorage.setItem("fyll-" + i++, chunk); } catch { chunk = chunk.slice(0, chunk.length >> 1); }
  }
}"""
EMPTY = """() => Object.keys(localStorage).filter((k) => k.startsWith("fyll-")).forEach((k) => localStorage.removeItem(k))"""


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nb-NO", accept_downloads=True)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert errors == []


def test_blocked_storage_the_page_says_so_keeps_working_and_exports(context, site_url):
    page = context.new_page()
    page.add_init_script(BLOCKED)
    page.goto(site_url + CHECKER)
    wait_ready(page)
    message = page.locator(SAVING)
    assert "lagres ikke" in message.inner_text() and "Eksporter" in message.inner_text()

    before = eval_count(page)
    import_application(page, base_application())
    assert wait_answer(page, before) == {"verdict": "eligible"}
    page.get_by_label("Prosjektets tittel").fill("Uten lagring")
    expected = base_application()
    expected["project"]["title"] = "Uten lagring"
    assert export_from(message.get_by_role("button", name="Eksporter svarene")) == expected

    # Nothing was saved, and nothing half-saved: a tab where storage works finds no draft.
    other = context.new_page()
    other.goto(site_url + "404.html")
    assert saved_text(other) is None
    assert other.evaluate("key => localStorage.getItem(key)", SET_ASIDE_KEY) is None


def test_full_storage_keeps_the_last_saved_draft_intact_and_says_so(context, site_url):
    page = context.new_page()
    page.goto(site_url + CHECKER)
    wait_ready(page)
    import_application(page, base_application())
    until(page, lambda: saved(page) == base_application(), "the imported draft to be saved")
    before = saved_text(page)

    page.evaluate(FILL)
    changed = eval_count(page)
    longer = base_application()["project"]["title"] + ", skrevet da lagringen var full"  # needs more room
    page.get_by_label("Prosjektets tittel").fill(longer)
    message = page.locator(SAVING)
    message.wait_for()
    assert "ikke mer lagringsplass" in message.inner_text()
    assert saved_text(page) == before  # the copy saved before is whole, not broken
    assert "verdict" in wait_answer(page, changed)  # the checker still answers
    exported = export_from(message.get_by_role("button", name="Eksporter svarene"))
    assert exported["project"]["title"] == longer

    # Room again: the next change is saved, and the page says so.
    page.evaluate(EMPTY)
    page.get_by_label("Prosjektets tittel").fill("Lagret igjen")
    until(page, lambda: "lagres igjen" in message.inner_text(), "the page to say the draft is saved again")
    assert saved(page)["project"]["title"] == "Lagret igjen"

    # A saved copy the page cannot read, and no room to set it aside: it is left as it was.
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, "{ikke json"])
    page.evaluate(FILL)
    page.reload()
    page.locator("#f-round").wait_for()
    assert "kunne ikke leses" in page.locator(".checker-notice").inner_text()
    page.get_by_label("Prosjektets tittel").fill("Ikke over det gamle")
    page.locator(SAVING).get_by_text("lagrer ikke").wait_for()
    page.wait_for_timeout(PAUSE_MS)
    assert saved_text(page) == "{ikke json"
    assert "Behold denne og eksporter" in page.locator(SAVING).inner_text()
