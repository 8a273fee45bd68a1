"""The checker's memory snapshot in Chromium (made at build time by scripts/pyodide_snapshot.py,
restored by docs/assets/checker/worker.js), against the built site.

- Restored, it gives exactly CPython's outcome for every case in tests/cases/, in bokmål and
  English, and for invalid applications (tests/browser/snapshot_parity.mjs runs the worker's own
  functions in a worker of its own).
- The first visit to the checker starts the normal way and fetches the snapshot after `ready`;
  the second starts from it and judges the cases right.
- A snapshot that does not fit this browser (another function table) or is corrupted is not
  answered from: the page still reaches `ready`, started the normal way in the same worker, with
  the right verdicts; the failure is remembered, and the next visit does not try it again. Nor
  does a visit after a start from the snapshot that never ended (a hang, or a closed tab).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from http_support import serve_directory
from nginx_support import pyodide_folder
from parity_support import check_cases, cpython_outcome, parity_inputs
from trust_support import CHECKER, wait_ready

HARNESS = Path(__file__).with_name("snapshot_parity.mjs")
META = "checker-snapshot.json"
PART = re.compile(r"checker-snapshot-\d+\.bin$")  # the snapshot's parts, which META lists
KNOWN = "checker-snapshot"  # the worker's Cache Storage: what it knows of each folder's snapshot
KNOWN_S = 60

INPUTS, INVALID = parity_inputs()

RUN_HARNESS = """({ harness, base, inputs }) => new Promise((resolve) => {
  const worker = new Worker(harness, { type: "module" });
  worker.onmessage = ({ data }) => resolve(data);
  worker.onerror = (event) => resolve({ error: event.message });
  worker.postMessage({ base, inputs });
})"""

KNOWN_STATE = """async ([name, base]) => {
  const hit = await caches.match(base, { cacheName: name });
  return hit ? hit.text() : null;
}"""


@pytest.fixture(scope="module")
def restored_outcomes(browser, site_dir, tmp_path_factory) -> dict:
    served = tmp_path_factory.mktemp("snapshot-parity")
    for entry in site_dir.iterdir():
        (served / entry.name).symlink_to(entry)
    (served / HARNESS.name).symlink_to(HARNESS)
    url, stop = serve_directory(served)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + HARNESS.name)  # any document of the site's origin
        inputs = [{"id": i["id"], "text": json.dumps(i["data"]), "lang": i["lang"], "today": i["today"]}
                  for i in INPUTS]
        answer = page.evaluate(RUN_HARNESS, {"harness": HARNESS.name, "base": url + pyodide_folder(site_dir),
                                             "inputs": inputs})
    finally:
        context.close()
        stop()
    assert "error" not in answer, f"the snapshot did not restore: {answer.get('error')}"
    return {r["id"]: r["outcome"] for r in answer["results"]}


@pytest.mark.parametrize("item", INPUTS, ids=[i["id"] for i in INPUTS])
def test_the_restored_snapshot_gives_the_same_outcome_as_cpython(restored_outcomes, item):
    expected = cpython_outcome(item)
    if item["id"] in INVALID:
        assert "errors" in expected, f"CPython accepted {item['id']}: the test input is not invalid"
    assert restored_outcomes[item["id"]] == expected


def open_checker(context, url: str):
    """A new tab on the checker, until it has answered; (page, the worker's start-up steps)."""
    page = context.new_page()
    page.goto(url + CHECKER)
    wait_ready(page)
    return page, json.loads(page.get_attribute("[data-checker-state]", "data-load-steps"))


def known(page, url: str, site_dir: Path) -> str | None:
    return page.evaluate(KNOWN_STATE, [KNOWN, url + pyodide_folder(site_dir)])


def wait_known(page, url: str, site_dir: Path) -> str:
    """Until the worker has the snapshot in the HTTP cache and says so (a while after ready)."""
    deadline = time.monotonic() + KNOWN_S
    while (state := known(page, url, site_dir)) is None:
        assert time.monotonic() < deadline, f"the worker noted nothing of the snapshot in {KNOWN_S} s"
        page.wait_for_timeout(250)
    return state


def test_the_second_visit_starts_from_the_snapshot_and_judges_right(browser, site_url, site_dir):
    context = browser.new_context(locale="nb-NO")
    try:
        first, steps = open_checker(context, site_url)
        assert steps["snapshot"] is False
        assert wait_known(first, site_url, site_dir) == "fetched"

        second, steps = open_checker(context, site_url)
        assert steps["snapshot"] is True
        check_cases(second)
    finally:
        context.close()


def damaged_copy(site_dir: Path, target: Path, damage: str) -> Path:
    shutil.copytree(site_dir, target, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    folder = target / pyodide_folder(target)
    meta = json.loads((folder / META).read_text())
    if damage == "mismatched":  # as in a browser whose function table starts one entry longer
        meta["layout"]["before"]["table"] += 1
        (folder / META).write_text(json.dumps(meta))
    else:  # corrupted: the second half of its pages zeroed, Python's heap among them
        parts = [folder / name for name in meta["parts"]]
        data = bytearray(b"".join(part.read_bytes() for part in parts))
        data[len(data) // 2:] = bytes(len(data) - len(data) // 2)
        at = 0
        for part in parts:
            size = part.stat().st_size
            part.write_bytes(data[at:at + size])
            at += size
    return target


@pytest.mark.parametrize("damage", ["mismatched", "corrupted"])
def test_a_snapshot_that_does_not_restore_falls_back_and_is_not_tried_again(browser, site_dir, tmp_path, damage):
    site = damaged_copy(site_dir, tmp_path / "site", damage)
    url, stop = serve_directory(site)
    context = browser.new_context(locale="nb-NO")
    try:
        first, _ = open_checker(context, url)
        assert wait_known(first, url, site) == "fetched"

        warnings: list[str] = []
        context.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
        second, steps = open_checker(context, url)
        assert steps["snapshot"] is False
        check_cases(second)
        assert [w for w in warnings if "minnebildet kunne ikke brukes" in w]
        assert known(second, url, site).startswith("failed: ")

        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        _, steps = open_checker(context, url)
        assert steps["snapshot"] is False
        assert not [u for u in requested if (u.endswith(META) or PART.search(u))]
    finally:
        context.close()
        stop()


def test_a_start_from_the_snapshot_that_never_ended_is_not_tried_again(browser, site_url, site_dir):
    context = browser.new_context(locale="nb-NO")
    try:
        first, _ = open_checker(context, site_url)
        assert wait_known(first, site_url, site_dir) == "fetched"
        # What a visit whose restore hung (or whose tab was closed during it) leaves behind.
        first.evaluate("([name, base]) => caches.open(name).then((c) => c.put(base, new Response('restoring')))",
                       [KNOWN, site_url + pyodide_folder(site_dir)])

        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        second, steps = open_checker(context, site_url)
        assert steps["snapshot"] is False
        assert not [u for u in requested if (u.endswith(META) or PART.search(u))]
        assert known(second, site_url, site_dir).startswith("failed: ")
        check_cases(second)
    finally:
        context.close()
