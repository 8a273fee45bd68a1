"""Numbers an imported file holds that JavaScript cannot (docs/assets/checker/draft.js,
parseApplication under Node): refused, each named by the path the command line names, and
nothing else refused. The page's side (the message, the draft kept) is in
tests/browser/test_hostile_input.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "docs" / "assets" / "checker" / "draft.js"
BASE = json.loads((ROOT / "tests" / "cases" / "eligible-de-minimis.json").read_text(encoding="utf-8"))

VOCABULARY = ROOT / "docs" / "assets" / "checker" / "vocabulary.js"
# The page reads the checker's vocabulary and rounds from its own HTML; here they come from the
# command line that writes them (python -m checker vocabulary).
SCRIPT = """
import { readFileSync } from "node:fs";
import { useCheckerData } from %s;
import { parseApplication } from %s;
const { data, texts } = JSON.parse(readFileSync(0, "utf8"));
useCheckerData(data);
process.stdout.write(JSON.stringify(texts.map((text) => parseApplication(text, ["2023"]))));
"""


def written(numbers: dict[tuple, str], case: bool = False) -> str:
    """The base application as JSON text with the numbers at the given paths written as given."""
    application = json.loads(json.dumps(BASE["application"]))
    for i, path in enumerate(numbers):
        node = application
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = f"__tall{i}__"
    text = json.dumps({**BASE, "application": application} if case else application)
    for i, token in enumerate(numbers.values()):
        text = text.replace(f'"__tall{i}__"', token)
    return text


def parsed(texts: list[str]) -> list[dict]:
    if shutil.which("node") is None:
        pytest.fail("node is not on the PATH (make setup needs Node 20)")
    data = json.loads(subprocess.run([sys.executable, "-m", "checker", "vocabulary"], check=True,
                                     capture_output=True, text=True, cwd=ROOT).stdout)
    script = SCRIPT % (json.dumps(VOCABULARY.as_uri()), json.dumps(DRAFT.as_uri()))
    done = subprocess.run(["node", "--input-type=module", "-e", script],
                          input=json.dumps({"data": data, "texts": texts}), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli_error_paths(text: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "checker", "check", "-", "--format", "json"],
                          input=text, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2, done.stdout
    return sorted(error["path"] for error in json.loads(done.stdout)["errors"])


UNHOLDABLE = {
    "not finite": {("project", "total_cost_nok"): "1e400"},
    "not finite, negative": {("project", "requested_nok"): "-1e400"},
    "the first integer past the safe ones": {("participants", 1, "eligible_costs_nok"): "9007199254740992"},
    "an integer JSON.parse would round": {("participants", 0, "aid_nok"): "9007199254740993"},
    "a huge decimal": {("participants", 2, "employees"): "12345678901234567890.5"},
    "two at once": {("project", "total_cost_nok"): "1e400", ("participants", 0, "de_minimis_received_nok"): "1E+999"},
}


@pytest.mark.parametrize("name", list(UNHOLDABLE))
def test_a_number_the_page_cannot_hold_is_refused_naming_the_field_as_the_command_line_does(name):
    numbers = UNHOLDABLE[name]
    text = written(numbers)
    [result] = parsed([text])
    assert "draft" not in result
    named = sorted(problem.split(":")[0] for problem in result["problems"])
    assert named == cli_error_paths(text)
    assert all(f"«{token}»" in " ".join(result["problems"]) for token in numbers.values())


def test_a_case_file_names_the_path_within_its_application_and_ignores_its_expectations():
    text = written({("project", "total_cost_nok"): "1e400"}, case=True)
    text = text.replace('"expected": {', '"expected": {"max_grant_nok": 1e999, ', 1)
    [result] = parsed([text])
    assert [p.split(":")[0] for p in result["problems"]] == ["project.total_cost_nok"]


def test_numbers_the_page_can_hold_and_numbers_in_strings_are_not_refused():
    safe = written({("project", "total_cost_nok"): "9007199254740991", ("participants", 2, "employees"): "12.5e1",
                    ("participants", 0, "aid_nok"): "-0"})
    as_text = written({("project", "title"): '"1e400 kroner"', ("participants", 0, "org_number"): '"9007199254740993"'})
    results = parsed([safe, as_text])
    assert [("draft" in r, r.get("problems")) for r in results] == [(True, None), (True, None)]
    assert results[0]["draft"]["project"]["total_cost_nok"] == 9007199254740991
    assert results[1]["draft"]["project"]["title"] == "1e400 kroner"
