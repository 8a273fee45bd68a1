"""The checker's cases as inputs for Pyodide, and what CPython answers to each: the parity tests
compare the two (Pyodide under Node: tests/node/test_pyodide_parity.py; a restored memory
snapshot in Chromium: tests/browser/test_snapshot.py)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import checker
from trust_support import import_application, wait_verdict

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
TODAY = date(2023, 9, 1)  # fixed, so reports that depend on the date are reproducible
LANGS = ("nb", "en")


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.json"))


def break_application(application: dict) -> dict[str, dict]:
    """Invalid variants of a valid application, each wrong in one field the contract types."""
    variants = {}
    for name, path, value in [
        ("participants-not-a-list", ("participants",), "tre bedrifter"),
        ("amount-not-a-number", ("project", "requested_nok"), "mye"),
        ("aid-not-a-number", ("participants", 1, "aid_nok"), "litt"),
        ("unknown-participant-kind", ("participants", 0, "kind"), "romvesen"),
    ]:
        broken = copy.deepcopy(application)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        variants[name] = broken
    return variants


def parity_inputs() -> tuple[list[dict], list[str]]:
    """(inputs {"id", "data", "lang", "today"}: every case in both languages and the invalid
    variants of the first, ids of the inputs that must be rejected)."""
    files = case_files()
    inputs, invalid = [], []
    for path in files:
        case = json.loads(path.read_text())
        today = case.get("today", TODAY.isoformat())
        for lang in LANGS:
            inputs.append(
                {"id": f"{path.stem}[{lang}]", "data": case["application"], "lang": lang, "today": today}
            )
    for name, data in break_application(json.loads(files[0].read_text())["application"]).items():
        invalid.append(f"invalid-{name}")
        inputs.append({"id": invalid[-1], "data": data, "lang": "nb", "today": TODAY.isoformat()})
    return inputs, invalid


def cpython_outcome(item: dict) -> dict:
    try:
        report = checker.evaluate(
            copy.deepcopy(item["data"]), today=date.fromisoformat(item["today"]), lang=item["lang"]
        )
    except checker.InputError as error:
        return {"errors": json.loads(json.dumps(error.errors))}
    return {"report": json.loads(json.dumps(report))}  # what crosses to the page is JSON


# --- the checker page ---------------------------------------------------------------------------

def verdict_cases() -> list[dict]:
    """One case per verdict (eligible, not_eligible, incomplete), for tests that judge through
    the page: enough to show that the checker answers, and answers right."""
    found: dict[str, dict] = {}
    for path in case_files():
        case = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(case["expected"]["verdict"], case)
    return list(found.values())


def check_cases(page) -> None:
    """Import each of verdict_cases() on the checker page; the page must show its verdict and
    rule statuses."""
    for case in verdict_cases():
        import_application(page, case["application"])
        wait_verdict(page, case["expected"]["verdict"])
        for rule, status in case["expected"].get("rules", {}).items():
            shown = page.get_attribute(f"[data-rule='{rule}']", "data-status")
            assert shown == status, f"{case.get('description')}: {rule}"
