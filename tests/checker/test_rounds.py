"""A round is data (issue 18): every round file is validated by the model, a broken one is
refused naming the file and the field, and a round that differs from 2023 in every figure
(tests/rounds/2030-test.json, test data only) is checked by its own figures with no code change,
through the Python entry point and the command line."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.rounds import ENV, RoundDataError, load_all, parse_round
from checker.report import rule_statuses

TESTS = Path(__file__).resolve().parents[1]
ROUND_FILE = Path(checker.__file__).parent / "rounds" / "2023.json"
TEST_ROUNDS = TESTS / "rounds"
EXAMPLE = json.loads((TESTS / "cases" / "eligible-de-minimis.json").read_text("utf-8"))["application"]


def test_every_round_file_of_the_checker_is_valid():
    assert [r.round for r in load_all()] == sorted(p.stem for p in ROUND_FILE.parent.glob("*.json"))


def _broken(change) -> str:
    data = json.loads(ROUND_FILE.read_text("utf-8"))
    change(data)
    with pytest.raises(RoundDataError) as error:
        parse_round(json.dumps(data), "checker/rounds/2023.json")
    return str(error.value)


@pytest.mark.parametrize("change, field", [
    (lambda d: d["parameters"]["max_share"].update(value=1.5), "parameters.max_share.value"),
    (lambda d: d["parameters"]["max_share"].update(value=0.455), "max_share må være en hel prosent"),
    (lambda d: d["parameters"]["deadline"].update(value="2023-05-01"), "opened er etter deadline"),
    (lambda d: d["parameters"]["deadline"].update(value="1. september"), "parameters.deadline.value"),
    (lambda d: d["parameters"]["aid_bases"].update(value=["gber_26"]), "parameters.aid_bases.value.0"),
    (lambda d: d["parameters"]["min_companies"].pop("source"), "parameters.min_companies.source"),
    (lambda d: d["parameters"]["de_minimis_ceiling_eur"].update(value=300000),
     "taket etter forordning 1407/2013 er 200000 euro"),
    (lambda d: d["parameters"]["eur_nok_low"].update(date="2024-01-02"), "utenfor de_minimis_grant_period"),
    (lambda d: d["parameters"]["objectives"]["value"].append(
        dict(d["parameters"]["objectives"]["value"][0])), "hver verdi kan stå bare én gang"),
    (lambda d: d["parameters"]["gber_text"].update(value="2019"), "gber_text må være en av 2014, 2023"),
    (lambda d: d.update(round="2024"), "round: er «2024», men fila heter 2023.json"),
    (lambda d: d.update(extra=1), "extra"),
])
def test_a_broken_round_is_refused_naming_the_file_and_the_field(change, field):
    message = _broken(change)
    assert message.startswith("checker/rounds/2023.json: ") and field in message


# --- a round as data only ------------------------------------------------------------------------

@pytest.fixture
def test_round(monkeypatch):
    """The test round, read from tests/rounds/ the way a draft round is (CHECKER_ROUNDS)."""
    from checker import rounds

    monkeypatch.setenv(ENV, str(TEST_ROUNDS))
    for cached in (rounds._files, rounds.load_round):
        cached.cache_clear()
    yield rounds.load_round("2030-test")
    monkeypatch.delenv(ENV)
    for cached in (rounds._files, rounds.load_round):
        cached.cache_clear()


def application_2030(**project) -> dict:
    """The example application moved to the test round: its call's own objectives, requirements
    and work area, sent on the round's deadline."""
    app = copy.deepcopy(EXAMPLE)
    app["round"] = "2030-test"
    app["submission_date"] = "2030-10-15"
    app["project"].update(start_date="2030-12-01", end_date="2031-12-31",
                          objectives=["material_reuse"],
                          requirements={"measurable_effect": True, "open_results": True},
                          activities=["pilot"], **project)
    return app


def test_the_test_round_differs_from_2023_in_every_figure(test_round):
    r2023 = checker.rounds.load_round("2023")
    for name in ("deadline", "amount_min_nok", "amount_max_nok", "max_share", "min_companies",
                 "aid_bases", "de_minimis_regulation", "de_minimis_ceiling_eur", "gber_text",
                 "objectives", "requirements", "activities"):
        assert getattr(test_round, name) != getattr(r2023, name), name
    assert set(test_round.aid_bases) < set(r2023.aid_bases)


def test_the_test_round_is_checked_by_its_own_figures(test_round):
    report = checker.evaluate(application_2030())
    statuses = rule_statuses(report)
    messages = {f["rule"]: f["message"] for f in report["findings"]}
    assert statuses["call.deadline"] == "pass" and "15. oktober 2030" in messages["call.deadline"]
    # Three companies, and this round asks for four.
    assert statuses["consortium.companies"] == "fail" and "minst 4" in messages["consortium.companies"]
    # 2 000 000 of 4 400 000 is 45 %: above this round's 40 % and its 1.5 M upper amount.
    assert statuses["funding.share"] == "fail" and "40\u00a0%" in messages["funding.share"]
    assert statuses["funding.range"] == "warn" and "1\u00a0500\u00a0000\u00a0kr" in messages["funding.range"]
    assert statuses["project.requirements"] == "pass" and "Alle 2 kravene" in messages["project.requirements"]
    assert report["estimate"]["max_grant_nok"] == 1_500_000  # min(1.5 M, 40 % of 4.4 M)
    # Only this round's aid bases are compared; article 49 is not among them.
    assert [(o["aid_basis"], o["rd_category"]) for o in report["options"]] == [
        ("de_minimis", None), ("gber_25", "industrial_research"),
        ("gber_25", "experimental_development"), ("gber_25", "feasibility_study"), ("gber_29", None)]
    gber_49 = rule_statuses(checker.evaluate(application_2030(aid_basis="gber_49")))
    assert gber_49["aid.basis"] == "fail"


def test_the_de_minimis_ceiling_is_the_rounds_regulation_and_rate_band(test_round):
    # EUR 300 000 at 11.5 and 12.25: 3 450 000 to 3 675 000 kr.
    assert (test_round.de_minimis_ceiling_low_nok, test_round.de_minimis_ceiling_high_nok) == \
        (3_450_000, 3_675_000)
    app = application_2030()
    app["participants"][1].update(de_minimis_received_nok=3_000_000, aid_nok=500_000)
    [finding] = [f for f in checker.evaluate(app)["findings"]
                 if f["rule"] == "aid.de_minimis" and f["participant"] == 1]
    assert finding["status"] == "warn"
    assert "3\u00a0450\u00a0000\u00a0kr til 3\u00a0675\u00a0000\u00a0kr" in finding["message"]


def test_the_calls_own_lists_are_the_rounds(test_round):
    app = application_2030()
    app["project"]["objectives"] = ["industrial_symbiosis"]  # a 2023 objective
    with pytest.raises(checker.InputError) as error:
        checker.evaluate(app)
    assert error.value.errors == [{
        "path": "project.objectives[0]",
        "message": "Ugyldig verdi. Tillatte verdier: «material_reuse», «shared_logistics»."}]
    titles = {r["id"]: r["title"] for r in checker.rule_catalogue(round_id="2030-test")}
    assert titles["consortium.companies"] == "Minst 4 bedrifter i Foretaksregisteret"


def test_the_command_line_reads_a_round_from_the_folder_it_is_given(tmp_path):
    path = tmp_path / "soknad.json"
    path.write_text(json.dumps(application_2030()), "utf-8")
    env = {**os.environ, ENV: str(TEST_ROUNDS)}
    run = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1, run.stderr
    assert rule_statuses(json.loads(run.stdout))["consortium.companies"] == "fail"
    # Without the folder the round is unknown, and the message lists the known ones.
    env.pop(ENV)
    run = subprocess.run([sys.executable, "-m", "checker", "check", str(path)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2 and "round: Ukjent runde «2030-test». Kjente runder: 2023." in run.stderr


def test_a_broken_draft_round_is_named_not_a_traceback(tmp_path):
    """A draft round that breaks the model stops the command line with the file and the field,
    in the editors' words."""
    folder = tmp_path / "runder"
    folder.mkdir()
    data = json.loads((TEST_ROUNDS / "2030-test.json").read_text("utf-8"))
    data["parameters"]["max_share"]["value"] = 3
    (folder / "2030-test.json").write_text(json.dumps(data), "utf-8")
    path = tmp_path / "soknad.json"
    path.write_text(json.dumps(application_2030()), "utf-8")
    run = subprocess.run([sys.executable, "-m", "checker", "check", str(path)], capture_output=True,
                         text=True, env={**os.environ, ENV: str(folder)}, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip() == f"{folder / '2030-test.json'}: parameters.max_share.value: Må være høyst 1.0."
