"""Every case in tests/cases/ (the shared examples and our own), report for report.

Each case file holds `description` (a full sentence), `application` (contract §1) and
`expected`: the verdict, the status of each listed rule (the worst of its findings) and
`max_grant_nok`; the `options-*` cases also hold every option of contract §2.1 (basis and
category in order, verdict, both amounts, each participant's limit and the listed rules'
statuses) and the recommended one. The cases run through `checker.evaluate` and through the
command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.cli import main
from checker.report import rule_statuses

CASES = Path(__file__).resolve().parents[1] / "cases"
CASE_FILES = sorted(CASES.glob("*.json"))
EXIT = {"eligible": 0, "not_eligible": 1, "incomplete": 3}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


OPTION_KEYS = ("aid_basis", "rd_category", "verdict", "max_grant_nok", "max_grant_upper_nok")


def _rows(got: list[dict], want: list[dict]) -> list[dict]:
    """A participant's figures as the case states them: its limits, and where a case gives them,
    its percents (contract §2.2); the terms are tested against the figures in test_why.py."""
    return [{k: row[k] for k in wanted} for row, wanted in zip(got, want)]


def assert_matches(report: dict, expected: dict) -> None:
    statuses = rule_statuses(report)
    wanted = {rule: statuses.get(rule) for rule in expected["rules"]}
    assert wanted == expected["rules"]
    assert report["verdict"] == expected["verdict"]
    assert report["estimate"]["max_grant_nok"] == expected["max_grant_nok"]
    if "options" in expected:
        assert [{k: o[k] for k in OPTION_KEYS} for o in report["options"]] == \
               [{k: o[k] for k in OPTION_KEYS} for o in expected["options"]]
        for got, want in zip(report["options"], expected["options"]):
            assert len(got["participants"]) == len(want["participants"])
            assert _rows(got["participants"], want["participants"]) == want["participants"]
            assert {rule: got["rules"][rule] for rule in want["rules"]} == want["rules"], \
                (got["aid_basis"], got["rd_category"])
        assert report["recommended"] == expected["recommended"]


def test_cases_exist_and_describe_themselves():
    assert len(CASE_FILES) >= 80
    assert sum(1 for p in CASE_FILES if p.name.startswith("options-")) >= 10
    for path in CASE_FILES:
        case = load(path)
        assert case["description"].strip(), path.name
        keys = {"verdict", "rules", "max_grant_nok"}
        if path.name.startswith("options-"):
            keys |= {"options", "recommended"}
        assert set(case["expected"]) == keys, path.name


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_through_evaluate(path):
    case = load(path)
    assert_matches(checker.evaluate(case["application"]), case["expected"])


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_through_command_line(path, tmp_path, capsys):
    case = load(path)
    app = tmp_path / "application.json"
    app.write_text(json.dumps(case["application"]), encoding="utf-8")
    code = main(["check", str(app), "--format", "json"])
    assert_matches(json.loads(capsys.readouterr().out), case["expected"])
    assert code == EXIT[case["expected"]["verdict"]]


# The team's examples (copied from ../shared/examples/ into tests/cases/) also run as a real
# process, as a reader would run them.
EXAMPLE_NAMES = [
    "eligible-de-minimis.json", "gber-29-large-company-over-15-percent.json",
    "gber-29-process-innovation.json", "incomplete-draft.json",
    "research-institute-as-owner.json",
]


@pytest.mark.parametrize("name", EXAMPLE_NAMES, ids=lambda n: n.removesuffix(".json"))
def test_example_through_python_m_checker(name, tmp_path):
    case = load(CASES / name)
    app = tmp_path / name
    app.write_text(json.dumps(case["application"]), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(app), "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert run.stderr == ""
    assert_matches(json.loads(run.stdout), case["expected"])
    assert run.returncode == EXIT[case["expected"]["verdict"]]
