"""What the site stores in the reader's browser is exactly what the privacy page says, and
"Start på nytt" removes every copy of the answers.

A whole visit (search, the checker, an import) runs in a fresh browser profile; then every place a
site can keep data is read: cookies, localStorage, sessionStorage, IndexedDB and Cache Storage.
"""

from __future__ import annotations

import json
import re

from trust_support import (
    CHECKER,
    SET_ASIDE_KEY,
    STORAGE_KEY,
    base_application,
    import_application,
    wait_ready,
    wait_verdict,
)

SECRET = "Hemmelig Konsortium AS"

STORAGE = """async () => {
  const local = {};
  for (const key of Object.keys(localStorage)) local[key] = localStorage.getItem(key);
  return {
    local,
    session: Object.keys(sessionStorage),
    idb: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  };
}"""


def privacy_text(page, site_url) -> str:
    page.goto(site_url + "personvern/")
    return page.locator("article").inner_text()


def test_a_visit_stores_only_what_the_privacy_page_names(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type("støtte")
    page.wait_for_selector(".md-search-result__item")
    page.goto(site_url + CHECKER)
    wait_ready(page)
    draft = base_application()
    draft["participants"][0]["name"] = SECRET
    import_application(page, draft)
    wait_verdict(page, "eligible")
    page.wait_for_function(f"() => (localStorage.getItem({json.dumps(STORAGE_KEY)}) || '').includes({json.dumps(SECRET)})")
    stored = page.evaluate(STORAGE)

    assert page.context.cookies() == []
    assert stored["session"] == [] and stored["idb"] == []
    assert set(stored["local"]) == {STORAGE_KEY}
    text = privacy_text(page, site_url)
    for key in stored["local"]:
        assert key in text, f"the privacy page does not name the localStorage key {key}"
    if stored["caches"]:
        assert re.search(r"Cache Storage|hurtigbuffer", text), "the privacy page does not mention the offline copy"


def test_start_again_removes_every_copy_of_the_answers(page, site_url):
    # A saved draft the page cannot read is set aside, not deleted: it must go with "Start på nytt".
    page.goto(site_url + "404.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, f'{{"navn": "{SECRET}"'])
    page.goto(site_url + CHECKER)
    wait_ready(page)
    draft = base_application()
    draft["project"]["title"] = SECRET
    import_application(page, draft)
    wait_verdict(page, "eligible")
    stored = page.evaluate(STORAGE)["local"]
    assert SECRET in stored[SET_ASIDE_KEY] and SECRET in stored[STORAGE_KEY]
    assert SET_ASIDE_KEY in privacy_text(page, site_url), "the privacy page does not name the set-aside copy"

    page.goto(site_url + CHECKER)
    wait_ready(page)
    page.get_by_role("button", name="Start på nytt").click()
    page.get_by_role("button", name="Slett svarene").click()
    page.wait_for_function("secret => Object.values(localStorage).every((v) => !v.includes(secret))", arg=SECRET)
    left = page.evaluate(STORAGE)["local"]
    assert not [key for key, value in left.items() if SECRET in value], left
