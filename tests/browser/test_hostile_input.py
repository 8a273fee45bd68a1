"""Hostile and broken input on the checker page, in Chromium: nothing runs, nothing is lost.

- Markup and script in names and titles is shown as text and never executed.
- A file that is not an application gives a clear message and leaves the draft exactly as it was.
- A saved draft that cannot be read is set aside with a message, not a blank page.
- Extreme numbers, dates and sizes get an answer (a report or a message beside the field)
  within a time limit; the page never hangs.

One page (one Pyodide start) serves a whole group of cases; before each case the page is put
back to a known, complete draft. Every input tried is counted for the test summary.
"""

from __future__ import annotations

import copy
import json
import time

import pytest

from trust_support import (
    ANSWER_TIMEOUT_MS,
    CHECKER,
    FIGURES,
    SET_ASIDE_KEY,
    STORAGE_KEY,
    base_application,
    checker_state,
    eval_count,
    exported_draft,
    import_application,
    import_file,
    open_checker,
    saved_draft,
    wait_answer,
    wait_ready,
    wait_saved,
)



def tried(group: str, n: int = 1) -> None:
    FIGURES["hostile"][group] = FIGURES["hostile"].get(group, 0) + n


def timed(kind: str, case: str, seconds: float) -> None:
    """Keep the slowest answer of a kind, with its case, for the summary."""
    key = f"tregeste svar, {kind}"
    if seconds >= FIGURES["slowest"].get(key, (0, ""))[0]:
        FIGURES["slowest"][key] = (round(seconds, 2), case)


@pytest.fixture(scope="module")
def checker(browser, site_url):
    """One checker page for a module's cases (Pyodide starts once)."""
    context = browser.new_context(locale="nb-NO", accept_downloads=True)
    page = context.new_page()
    page.add_init_script("window.__pwned = []")
    open_checker(page, site_url)
    yield page
    context.close()


def load(page, application: dict) -> dict:
    """Import an application and return the answer the page gives to it."""
    before = eval_count(page)
    import_application(page, application)
    return wait_answer(page, before)


def reset(page) -> None:
    assert load(page, base_application()) == {"verdict": "eligible"}


# --- markup and script in what the applicant types ------------------------------------------

# Each payload, if it ever ran, would record its number in window.__pwned.
PAYLOADS = [
    '<img src=x onerror="__pwned.push(1)">',
    "<script>__pwned.push(2)</script>",
    '"><svg onload="__pwned.push(3)">',
    "</legend><iframe srcdoc=\"<script>parent.__pwned.push(4)</script>\"></iframe>",
    "<a href=\"javascript:__pwned.push(5)\">Fjordtekstil AS</a>",
    "' onfocus='__pwned.push(6)' autofocus='",
]


def test_markup_in_names_and_title_is_shown_as_text_and_never_runs(checker):
    page = checker
    reset(page)
    draft = base_application()
    draft["project"]["title"] = PAYLOADS[0]
    names = PAYLOADS[1:]
    while len(draft["participants"]) < len(names):
        draft["participants"].append({**draft["participants"][-1], "org_number": None})
    for participant, name in zip(draft["participants"], names):
        participant["name"] = name
    answer = load(page, draft)
    assert "verdict" in answer, answer
    tried("markup i navn og tittel", len(PAYLOADS))

    # The report and the summary name the participants: open "Dine svar" so it is all on show.
    page.locator("details.checker-answers > summary").click()
    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    assert page.evaluate("window.__pwned") == []
    assert page.locator("img[src=x], iframe, svg[onload], a[href^=javascript]").count() == 0
    text = page.locator("[data-checker-state]").inner_text()
    for payload in names:
        assert payload in text, f"not shown literally: {payload}"
    # The title is a form value, and it must come back unchanged in the export.
    assert exported_draft(page)["project"]["title"] == PAYLOADS[0]


def test_markup_typed_into_a_name_field_is_text(checker):
    page = checker
    reset(page)
    field = page.locator("[data-path='[\"participants\",0,\"name\"]']")
    before = eval_count(page)
    field.fill(PAYLOADS[2])
    field.press("Tab")
    wait_answer(page, before)
    tried("markup i navn og tittel")
    assert page.evaluate("window.__pwned") == []
    assert page.locator("#f-participants-0-navn").inner_text() == f"Deltaker 1: {PAYLOADS[2]}"


# --- files that are not an application --------------------------------------------------------

def _ten_megabytes() -> bytes:
    draft = base_application()
    draft["project"]["title"] = "x" * (10 * 1024 * 1024)
    return json.dumps(draft).encode()


def _nested() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def _with(path: str, value):
    def change(draft):
        node = draft
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return change


def _with_number(path: str, token: str) -> bytes:
    """The base application as a file with the number at `path` written as `token` (json.dumps
    cannot write 1e400)."""
    draft = base_application()
    _with(path, "__TALL__")(draft)
    return json.dumps(draft).replace('"__TALL__"', token).encode()


def _prototype_pollution() -> bytes:
    draft = base_application()
    text = json.dumps(draft)
    return ('{"__proto__": {"polluted": true}, ' + text[1:]).encode()


BROKEN_FILES = {
    # name: (file content, a word the message must contain)
    "ikke JSON": (b"Dette er ikke JSON, bare tekst.", "JSON"),
    "tom fil": (b"", "JSON"),
    "binærfil": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "JSON"),
    "JSON-liste": (b"[1, 2, 3]", "objekt"),
    "JSON-tekst": ('"en søknad"'.encode(), "objekt"),
    "JSON-tall": (b"42", "objekt"),
    "null": (b"null", "objekt"),
    "mangler round": (json.dumps({"project": {}, "participants": []}).encode(), "round"),
    "ukjent versjon": (json.dumps({**base_application(), "version": 2}).encode(), "versjon"),
    "ukjent runde": (json.dumps({**base_application(), "round": "1999"}).encode(), "1999"),
    "markup som runde": (json.dumps({**base_application(), "round": "<img src=x onerror=__pwned.push(7)>"}).encode(), "round"),
    "ukjent felt": (json.dumps({**base_application(), "hacked": True}).encode(), "hacked"),
    "__proto__-felt": (_prototype_pollution(), "__proto__"),
    # Numbers JavaScript cannot hold as written: named by path, as the command line names them.
    "beløp 1e30": (_with_number("project.requested_nok", "1e30"), "project.requested_nok"),
    "kostnad 1e400": (_with_number("project.total_cost_nok", "1e400"), "project.total_cost_nok"),
    "beløp 99999999999999999999": (_with_number("project.requested_nok", "99999999999999999999"), "project.requested_nok"),
    "ansatte 1e30": (_with_number("participants.0.employees", "1e30"), "participants[0].employees"),
    "heltall over 2^53": (_with_number("participants.1.eligible_costs_nok", "9007199254740993"),
                          "participants[1].eligible_costs_nok"),
    "participants er tekst": (json.dumps({**base_application(), "participants": "alle"}).encode(), "participants"),
    "201 deltakere": (json.dumps({**base_application(), "participants": [{"name": f"B{i}"} for i in range(201)]}).encode(), "200"),
    "dypt nøstet JSON": (_nested(), "JSON"),
    "10 MB": (_ten_megabytes(), "MB"),
}


@pytest.mark.parametrize("case", list(BROKEN_FILES))
def test_broken_file_gives_a_message_and_keeps_the_draft(case, checker):
    page = checker
    reset(page)
    wait_saved(page, base_application())
    saved_before = saved_draft(page)
    exported_before = exported_draft(page)
    content, word = BROKEN_FILES[case]
    started = time.monotonic()
    import_file(page, content, name="ødelagt.json")
    notice = page.locator(".checker-notice")
    notice.get_by_text("ble ikke lastet inn").wait_for(timeout=ANSWER_TIMEOUT_MS)
    tried("ødelagte filer")
    timed("ødelagt fil (medregnet opplasting)", case, time.monotonic() - started)
    message = notice.inner_text()
    assert word in message, message
    assert "uendret" in message
    assert notice.get_attribute("role") == "status" or notice.get_attribute("aria-live")
    page.wait_for_timeout(400)  # not a wait for anything: past the save delay, nothing was saved
    assert saved_draft(page) == saved_before
    assert exported_draft(page) == exported_before
    assert page.evaluate("window.__pwned") == []
    assert page.evaluate("({}).polluted") is None
    assert checker_state(page) == "ready"


# --- a saved draft that cannot be read ---------------------------------------------------------

CORRUPT_SAVES = {
    "ikke JSON": "{not json",
    "JSON-liste": "[]",
    "ukjent runde": json.dumps({"round": "1999", "project": {}, "participants": []}),
    "markup": '<script>__pwned.push(8)</script>',
}


@pytest.mark.parametrize("case", list(CORRUPT_SAVES))
def test_corrupt_saved_draft_is_set_aside_with_a_message(case, browser, site_url):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.add_init_script("window.__pwned = []")
    page.goto(site_url + "404.html")  # same origin, so the page's storage can be prepared
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, CORRUPT_SAVES[case]])
    page.goto(site_url + CHECKER)
    wait_ready(page)
    tried("ødelagt lagret utkast")
    notice = page.locator(".checker-notice")
    assert "kunne ikke leses" in notice.inner_text()
    assert notice.is_visible()
    # Set aside, not thrown away; the form is there and empty.
    assert page.evaluate("key => localStorage.getItem(key)", SET_ASIDE_KEY) == CORRUPT_SAVES[case]
    assert page.locator("form.checker-form").is_visible()
    assert page.locator("#f-round").is_visible()
    assert page.evaluate("window.__pwned") == []
    context.close()


# --- extreme values: an answer, never a hang ---------------------------------------------------

def _org_number(seed: int) -> str:
    """A valid Norwegian organisation number (modulus 11), distinct per seed."""
    while True:
        digits = [int(d) for d in f"{80000000 + seed:08d}"]
        remainder = sum(w * d for w, d in zip([3, 2, 7, 6, 5, 4, 3, 2], digits)) % 11
        if remainder != 1:
            return "".join(map(str, digits)) + str(0 if remainder == 0 else 11 - remainder)
        seed += 100_000


def _two_hundred_participants(draft):
    template = draft["participants"][1]
    draft["participants"] = [draft["participants"][0]] + [
        {**copy.deepcopy(template), "name": f"Bedrift nr. {i}", "org_number": _org_number(i),
         "aid_nok": 0, "eligible_costs_nok": 0}
        for i in range(1, 200)
    ]


EXTREMES = {
    # Larger numbers cannot be imported at all (BROKEN_FILES); these the checker itself refuses.
    "beløp over 10^15": _with("project.requested_nok", 10**15 + 1),
    "kostnad over 10^15": _with("project.total_cost_nok", 10**15 + 1),
    "ansatte 10^15": _with("participants.0.employees", 10**15),
    "negativt beløp": _with("project.requested_nok", -1),
    "negativ kostnad": _with("participants.1.eligible_costs_nok", -1_000_000),
    "negative ansatte": _with("participants.0.employees", -3),
    "negativ omsetning": _with("participants.0.turnover_eur", -1),
    "desimalbeløp": _with("project.requested_nok", 1234.5),
    "beløp som tekst": _with("project.requested_nok", "to millioner"),
    "dato 0001-01-01": _with("submission_date", "0001-01-01"),
    "dato 9999-12-31": _with("submission_date", "9999-12-31"),
    "start 9999, slutt 0001": lambda d: (_with("project.start_date", "9999-12-31")(d),
                                         _with("project.end_date", "0001-01-01")(d)),
    "dato 2023-02-30": _with("submission_date", "2023-02-30"),
    "dato som tekst": _with("project.start_date", "i morgen"),
    "org.nr. med bokstaver": _with("participants.0.org_number", "ABC DEF GHI"),
    "navn på 10 000 tegn": _with("participants.0.name", "Å" * 10_000),
    "200 deltakere": _two_hundred_participants,
}


@pytest.mark.parametrize("case", list(EXTREMES))
def test_extreme_value_gets_an_answer_in_time(case, checker):
    page = checker
    reset(page)
    draft = base_application()
    EXTREMES[case](draft)
    # An unconfirmed attachment: the right answer is never "eligible", so the answer cannot be
    # mistaken for the report of the complete draft before it.
    draft["participants"][0]["motivation_attached"] = None
    started = time.monotonic()
    answer = load(page, draft)
    tried("ekstreme verdier")
    timed("ekstrem verdi", case, time.monotonic() - started)
    assert checker_state(page) == "ready"
    assert answer.get("verdict") in {"incomplete", "not_eligible"} or answer.get("errors"), answer


TYPED = ["1e30", "99999999999999999999", "-500", "12,5", "1 000 000 000 000 000 000 000", "0x10", "∞", "NaN"]


@pytest.mark.parametrize("typed", TYPED)
def test_a_strange_amount_typed_into_the_form_gets_an_answer_and_is_kept(typed, checker):
    page = checker
    reset(page)
    field = page.locator("#f-project-requested_nok")
    before = eval_count(page)
    field.fill(typed)
    field.press("Tab")
    started = time.monotonic()
    answer = wait_answer(page, before)
    tried("rare beløp skrevet i skjemaet")
    timed("rart beløp skrevet inn", typed, time.monotonic() - started)
    assert checker_state(page) == "ready"
    assert answer.get("verdict") or answer.get("errors"), answer
    # Nothing typed is lost: the field still shows it (as typed, or as the number it was read as).
    shown = field.input_value().replace(" ", "")
    assert shown == typed.replace(" ", "") or shown.lstrip("-").isdigit(), shown
