"""A new applicant fills a small application with the keyboard alone and reaches the verdict.

Only the keys a keyboard user has are pressed: Tab, Shift+Tab, Space, Enter and typed
characters; no mouse, no .fill() or .click(). At every focus stop the focused element must show
a visible focus indicator (an outline or a box shadow, read from its computed style).
"""

from __future__ import annotations

from trust_support import CHECKER, wait_ready

# What the focused element is, and whether its focus can be seen.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {id: "", text: "(ingen fokus)", visible: false};
  const style = getComputedStyle(el);
  const transparent = (color) => color === "transparent" || /rgba\\(.*,\\s*0\\)$/.test(color);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && !transparent(style.outlineColor);
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  const rect = el.getBoundingClientRect();
  const label = el.labels?.[0]?.textContent || el.getAttribute("aria-label") || el.textContent || el.value || "";
  return {
    id: el.id,
    text: `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}> ${label.trim().slice(0, 50)}`,
    visible: (outline || shadow) && rect.width > 0 && rect.height > 0,
  };
}"""


class Keyboard:
    """The applicant's hands: presses keys and checks the focus after each Tab stop."""

    def __init__(self, page):
        self.page = page
        self.stops: list[dict] = []
        self.unresolved = None  # (stop, clip, screenshot) of a stop awaiting the pixel check

    def focus(self) -> dict:
        return self.page.evaluate(FOCUS)

    def tab(self, backwards: bool = False) -> dict:
        self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if self.unresolved:
            # The last stop showed no outline or shadow: did its pixels change as focus left?
            stop, clip, focused = self.unresolved
            stop["visible"] = focused != self.page.screenshot(clip=clip, full_page=True)
            self.unresolved = None
        stop = self.focus()
        if not stop["visible"] and stop["id"]:
            # For what computed style cannot show, e.g. a native date field's calendar button:
            # a Tab stop of its own, drawn focused by the browser inside the field.
            clip = self.page.evaluate(
                "() => { const r = document.activeElement.getBoundingClientRect();"
                " return {x: Math.max(0, r.x + scrollX - 6), y: Math.max(0, r.y + scrollY - 6),"
                " width: r.width + 12, height: r.height + 12}; }"
            )
            self.unresolved = (stop, clip, self.page.screenshot(clip=clip, full_page=True))
        self.stops.append(stop)
        return stop

    def tab_to(self, target: str, backwards: bool = False, limit: int = 80) -> None:
        """Tab (or Shift+Tab) until the focus is on `target`: an element id, or a button's text."""
        for _ in range(limit):
            stop = self.tab(backwards)
            if stop["id"] == target or stop["text"].endswith(f"> {target}"):
                return
        raise AssertionError(f"{target} not reached in {limit} stops: {[s['text'] for s in self.stops[-8:]]}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        assert key in {"Enter", "Space"}
        self.page.keyboard.press(key)

    def invisible_stops(self) -> list[str]:
        return [s["text"] for s in self.stops if not s["visible"]]


def date_keys(page, iso: str) -> str:
    """The digits a person types into a date field for `iso`, in the order the field shows.

    The order follows the browser's own language, which no page API reports, so it is found
    once on a scratch page: the order whose digits give back the date it stands for.
    """
    year, month, day = iso.split("-")
    parts = {"d": day, "m": month, "y": year}
    probe = page.context.new_page()
    try:
        for order in ("dmy", "mdy", "ymd"):
            probe.set_content('<input type="date" id="d">')
            probe.focus("#d")
            probe.keyboard.type("".join(parts[p] for p in order))
            if probe.input_value("#d") == iso:
                return "".join(parts[p] for p in order)
    finally:
        probe.close()
    raise AssertionError("no day/month/year order types a date into this browser's date field")


def test_new_applicant_reaches_the_verdict_with_the_keyboard_only(page, site_url):
    page.goto(site_url + CHECKER)
    wait_ready(page)
    submission_date = date_keys(page, "2023-08-30")
    keys = Keyboard(page)

    # The skip link first, as a keyboard user meets it, then into the form.
    first = keys.tab()
    assert "Hopp" in first["text"] or "innhold" in first["text"].lower(), first
    keys.press("Enter")

    keys.tab_to("f-submission_date")
    keys.type(submission_date)

    keys.tab_to("Legg til deltaker")
    keys.press("Enter")
    # The new participant's name field has the focus; a typo first, corrected below.
    assert keys.focus()["id"] == "f-participants-0-name"
    keys.type("Fjordtekstl AS")

    keys.tab_to("f-participants-0-org_number")
    keys.type("123456785")
    # Back to the name with Shift+Tab: the field's text is selected, so typing replaces it.
    keys.tab_to("f-participants-0-name", backwards=True)
    keys.type("Fjordtekstil AS")

    # "Denne deltakeren er prosjekteier": a checkbox, ticked with Space. (A radio group's choice
    # is moved with the arrow keys, outside the keys this test allows.)
    keys.tab_to("f-participants-0-project_owner")
    keys.press("Space")

    # The report follows the last answer (the owner box) once the page's short pause has passed.
    page.wait_for_selector("[data-rule='owner.count'][data-status=pass]", state="attached", timeout=20_000)
    verdict = page.locator(".checker-verdict")
    assert verdict.get_attribute("data-verdict") == "not_eligible"  # one company of the three needed
    assert page.locator("[data-rule='call.deadline'][data-status=pass]").count() == 1
    assert page.locator("#f-participants-0-navn").inner_text() == "Deltaker 1: Fjordtekstil AS"
    assert page.locator("#f-participants-0-project_owner").is_checked()
    assert page.locator("[data-rule='participant.org_number'][data-status=pass]").count() == 1

    assert len(keys.stops) >= 10
    assert not keys.invisible_stops(), f"focus not visible at: {keys.invisible_stops()}"
