"""checker.adapter: the JSON-text door that the worker, the benchmarks, the parity test and the
profiler use. It must give exactly what the Python entry point gives."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import checker
from checker.adapter import add_rounds, evaluate_json, rules_json

CASES = Path(__file__).resolve().parents[1] / "cases"


def _application(name: str) -> dict:
    return json.loads((CASES / name).read_text("utf-8"))["application"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_report_through_json_text_is_the_report_of_evaluate(lang):
    app = _application("eligible-de-minimis.json")
    reply = json.loads(evaluate_json(json.dumps(app), lang, "2023-09-01"))
    assert reply == {"report": checker.evaluate(app, today=date(2023, 9, 1), lang=lang)}


def test_input_errors_come_back_as_the_contracts_path_and_message_list():
    app = _application("eligible-de-minimis.json")
    app["participants"][0]["org_number"] = 123
    reply = json.loads(evaluate_json(json.dumps(app)))
    assert set(reply) == {"errors"}
    assert [e["path"] for e in reply["errors"]] == ["participants[0].org_number"]


def test_text_that_is_not_json_is_an_input_error_of_the_whole_document():
    reply = json.loads(evaluate_json('{"round": "2023",'))
    assert reply["errors"][0]["path"] == "(dokument)"
    assert "Ikke gyldig JSON" in reply["errors"][0]["message"]


def test_the_evaluation_date_changes_only_what_depends_on_it():
    app = _application("eligible-de-minimis.json")
    app["submission_date"] = None
    before = json.loads(evaluate_json(json.dumps(app), "nb", "2023-08-01"))["report"]
    after = json.loads(evaluate_json(json.dumps(app), "nb", date(2023, 9, 2)))["report"]
    deadline = {f["rule"]: f["message"] for f in before["findings"]}["call.deadline"]
    assert deadline != {f["rule"]: f["message"] for f in after["findings"]}["call.deadline"]


def test_the_rule_catalogue_through_json_text_is_the_catalogue():
    assert json.loads(rules_json("en")) == checker.rule_catalogue("en")


def test_draft_rounds_added_from_a_folder_are_checked_by_their_own_figures(tmp_path):
    """The checker page's worker writes a site's draft rounds into a folder and adds it."""
    from checker import rounds

    folder = tmp_path / "runder"
    folder.mkdir()
    source = Path(__file__).resolve().parents[1] / "rounds" / "2030-test.json"
    (folder / "2030-test.json").write_text(source.read_text("utf-8"), "utf-8")
    app = _application("eligible-de-minimis.json")
    app["round"] = "2030-test"
    assert "errors" in json.loads(evaluate_json(json.dumps(app)))  # not known yet
    try:
        assert json.loads(add_rounds(str(folder))) == ["2023", "2030-test"]
        assert rounds.is_draft("2030-test") and not rounds.is_draft("2023")
        titles = {r["id"]: r["title"] for r in checker.rule_catalogue(round_id="2030-test")}
        assert titles["consortium.companies"] == "Minst 4 bedrifter i Foretaksregisteret"
    finally:
        rounds._added.clear()
        rounds._files.cache_clear()
        rounds.load_round.cache_clear()
