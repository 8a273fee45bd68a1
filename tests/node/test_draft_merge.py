"""The draft's three-way merge (docs/assets/checker/merge.js) under Node: each rule its header
states, one case each. The tabs that use it are driven in Chromium in tests/browser/test_draft.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from trust_support import without_nulls

ROOT = Path(__file__).resolve().parents[2]
MERGE = ROOT / "docs" / "assets" / "checker" / "merge.js"


def person(name: str, **answers) -> dict:
    return {"name": name, "kind": "company", **answers}


def draft(project: dict | None = None, participants: list | None = None, **top) -> dict:
    return {"version": 1, "round": "2023", "project": project or {}, "participants": participants or [], **top}


BASE = draft(participants=[person("Fjordtekstil AS"), person("Kystnett Logistikk AS")])

# name: (base, ours, theirs, expected value, expected conflicts as [path, ours, theirs])
CASES = {
    "different fields both kept": (
        BASE, {**BASE, "project": {"title": "Returlogistikk"}}, {**BASE, "submission_date": "2023-08-28"},
        {**BASE, "project": {"title": "Returlogistikk"}, "submission_date": "2023-08-28"}, [],
    ),
    "participant added there, another edited here": (
        BASE,
        {**BASE, "participants": [person("Fjordtekstil AS", org_number="812345664"), person("Kystnett Logistikk AS")]},
        {**BASE, "participants": [*BASE["participants"], person("Havforskningssenteret")]},
        {**BASE, "participants": [person("Fjordtekstil AS", org_number="812345664"), person("Kystnett Logistikk AS"),
                                  person("Havforskningssenteret")]},
        [],
    ),
    "participant added in both: both kept, theirs first": (
        BASE,
        {**BASE, "participants": [*BASE["participants"], person("Her AS")]},
        {**BASE, "participants": [*BASE["participants"], person("Der AS")]},
        {**BASE, "participants": [*BASE["participants"], person("Der AS"), person("Her AS")]},
        [],
    ),
    "participant removed there but edited here: kept with the edit": (
        BASE,
        {**BASE, "participants": [person("Fjordtekstil AS", aid_nok=600000), person("Kystnett Logistikk AS")]},
        {**BASE, "participants": [person("Kystnett Logistikk AS")]},
        {**BASE, "participants": [person("Fjordtekstil AS", aid_nok=600000), person("Kystnett Logistikk AS")]},
        [],
    ),
    "participant removed there, another edited here": (
        BASE,
        {**BASE, "participants": [person("Fjordtekstil AS"), person("Kystnett Logistikk AS", aid_nok=1)]},
        {**BASE, "participants": [person("Kystnett Logistikk AS")]},
        {**BASE, "participants": [person("Kystnett Logistikk AS", aid_nok=1)]},
        [],
    ),
    "same answer changed in both: ours kept, reported": (
        BASE, {**BASE, "project": {"title": "Tekstil"}}, {**BASE, "project": {"title": "Logistikk"}},
        {**BASE, "project": {"title": "Tekstil"}}, [[["project", "title"], "Tekstil", "Logistikk"]],
    ),
    "a newer release's field passes through": (
        BASE, {**BASE, "project": {"title": "Tekstil"}}, {**BASE, "project": {"contact_email": "post@fjordtekstil.no"}},
        {**BASE, "project": {"contact_email": "post@fjordtekstil.no", "title": "Tekstil"}}, [],
    ),
    "a list of plain values is one answer": (
        draft({"objectives": None}), draft({"objectives": ["industrial_symbiosis"]}),
        draft({"objectives": ["circular_value_chain"]}), draft({"objectives": ["industrial_symbiosis"]}),
        [[["project", "objectives"], ["industrial_symbiosis"], ["circular_value_chain"]]],
    ),
    "null and a missing key are the same unanswered": (
        draft({"title": "Tekstil"}), draft({"title": "Tekstil", "end_date": None}), draft({"title": "Tekstil"}),
        draft({"title": "Tekstil", "end_date": None}), [],
    ),
}

SCRIPT = """
import { readFileSync } from "node:fs";
import { mergeDrafts } from %s;
const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map(([base, ours, theirs]) => {
  const { value, conflicts } = mergeDrafts(base, ours, theirs);
  return { value, conflicts: conflicts.map((c) => [c.path, c.ours, c.theirs]) };
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def merged() -> dict[str, dict]:
    if shutil.which("node") is None:
        pytest.fail("node is not on the PATH (make setup needs Node 20)")
    done = subprocess.run(
        ["node", "--input-type=module", "-e", SCRIPT % json.dumps(MERGE.as_uri())],
        input=json.dumps([case[:3] for case in CASES.values()]), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return dict(zip(CASES, json.loads(done.stdout)))


@pytest.mark.parametrize("name", list(CASES))
def test_merge_rule(name, merged):
    *_, value, conflicts = CASES[name]
    assert without_nulls(merged[name]["value"]) == without_nulls(value)  # null and absent: both unanswered
    assert merged[name]["conflicts"] == conflicts
