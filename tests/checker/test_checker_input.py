"""Invalid input (contract §1 limits): one `path: message` per problem, in bokmål, never a
traceback; through `checker.evaluate` (InputError) and the command line (exit 2)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.cli import main

BASE = json.loads((Path(__file__).resolve().parents[1] / "cases" / "eligible-de-minimis.json")
                  .read_text(encoding="utf-8"))["application"]
ENGLISH_PYDANTIC = ("Input should", "Field required", "Extra inputs", "valid integer",
                    "String should", "List should", "Value error")


def changed(change) -> dict:
    app = copy.deepcopy(BASE)
    change(app)
    return app


def errors_of(data) -> list[dict]:
    with pytest.raises(checker.InputError) as caught:
        checker.evaluate(data)
    return caught.value.errors


def set_in(path: list, value):
    def change(app):
        target = app
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def delete(path: list):
    def change(app):
        target = app
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


LIMITS = {
    # name: (change, path, words the message must contain)
    "unknown round": (set_in(["round"], "2019"), "round", ["2019", "2023"]),
    "round missing": (delete(["round"]), "round", ["Mangler"]),
    "project missing": (delete(["project"]), "project", ["Mangler"]),
    "participants missing": (delete(["participants"]), "participants", ["Mangler"]),
    "unknown top-level key": (set_in(["rund"], "2023"), "rund", ["Ukjent felt", "round"]),
    "unknown project key": (set_in(["project", "total_costs"], 1), "project.total_costs",
                            ["Ukjent felt", "total_cost_nok"]),
    "unknown participant key": (set_in(["participants", 2, "aid"], 1), "participants[2].aid",
                                ["Ukjent felt", "aid_nok"]),
    "unknown requirement": (set_in(["project", "requirements", "fun"], True),
                            "project.requirements.fun", ["Ukjent felt"]),
    "wrong kind": (set_in(["participants", 1, "kind"], "firma"), "participants[1].kind",
                   ["company", "cluster_organisation", "public_body", "other"]),
    "wrong aid basis": (set_in(["project", "aid_basis"], "gber_30"), "project.aid_basis",
                        ["de_minimis", "gber_25", "gber_49"]),
    "wrong rd category": (set_in(["project", "rd_category"], "basic"), "project.rd_category",
                          ["industrial_research"]),
    "wrong objective": (set_in(["project", "objectives"], ["growth"]), "project.objectives[0]",
                        ["industrial_symbiosis"]),
    "wrong activity": (set_in(["project", "activities"], ["x"]), "project.activities[0]",
                       ["knowledge_gathering"]),
    "wrong size": (set_in(["participants", 0, "size"], "tiny"), "participants[0].size",
                   ["micro", "large"]),
    "wrong nic value": (set_in(["participants", 0, "nic_cluster"], "yes"),
                        "participants[0].nic_cluster", ["current", "former", "none"]),
    "amount as text": (set_in(["project", "requested_nok"], "2000000"), "project.requested_nok",
                       ["helt tall"]),
    "amount with decimals": (set_in(["participants", 0, "aid_nok"], 600000.5),
                             "participants[0].aid_nok", ["helt tall"]),
    "negative amount": (set_in(["project", "total_cost_nok"], -1), "project.total_cost_nok",
                        ["negativ"]),
    "negative participant amount": (set_in(["participants", 3, "eligible_costs_nok"], -5),
                                    "participants[3].eligible_costs_nok", ["negativ"]),
    "negative employees": (set_in(["participants", 0, "employees"], -2),
                           "participants[0].employees", ["negativ"]),
    "boolean as number": (set_in(["participants", 0, "business_register"], 1),
                          "participants[0].business_register", ["true", "false"]),
    "boolean as text": (set_in(["participants", 0, "project_owner"], "true"),
                        "participants[0].project_owner", ["true", "false"]),
    "empty name": (set_in(["participants", 2, "name"], ""), "participants[2].name", ["tomt"]),
    "blank name": (set_in(["participants", 2, "name"], "   "), "participants[2].name", ["tomt"]),
    "name too long": (set_in(["participants", 2, "name"], "A" * 201), "participants[2].name",
                      ["200"]),
    "name missing": (delete(["participants", 2, "name"]), "participants[2].name", ["Mangler"]),
    "org number as a number": (set_in(["participants", 2, "org_number"], 833442279),
                               "participants[2].org_number", ["tekst"]),
    "end before start": (set_in(["project", "end_date"], "2023-11-30"), "project.end_date",
                         ["2023-11-30", "2023-12-01"]),
    "not a date": (set_in(["submission_date"], "30.08.2023"), "submission_date",
                   ["ÅÅÅÅ-MM-DD"]),
    "impossible date": (set_in(["project", "start_date"], "2023-02-30"), "project.start_date",
                        ["2023-02-30"]),
    "date as number": (set_in(["submission_date"], 20230830), "submission_date", ["dato"]),
    "participants not a list": (set_in(["participants"], {}), "participants", ["liste"]),
    "participant not an object": (set_in(["participants", 1], "Kystnett"), "participants[1]",
                                  ["objekt"]),
    "project not an object": (set_in(["project"], []), "project", ["objekt"]),
    "version other than 1": (set_in(["version"], 2), "version", ["1"]),
    "too many participants": (
        lambda app: app.update(participants=[dict(BASE["participants"][0], project_owner=False)
                                             for _ in range(201)]),
        "participants", ["200"]),
}


@pytest.mark.parametrize("name", LIMITS)
def test_limit_is_an_input_error_naming_the_path(name):
    change, path, words = LIMITS[name]
    errors = errors_of(changed(change))
    assert [e["path"] for e in errors] == [path]
    message = errors[0]["message"]
    for word in words:
        assert word in message
    assert not any(english in message for english in ENGLISH_PYDANTIC)


@pytest.mark.parametrize("name", LIMITS)
def test_limit_through_the_command_line(name, tmp_path, capsys):
    change, path, _ = LIMITS[name]
    app = tmp_path / "application.json"
    app.write_text(json.dumps(changed(change)), encoding="utf-8")
    assert main(["check", str(app), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"{path}: ")
    assert [e["path"] for e in json.loads(out)["errors"]] == [path]


def test_exactly_200_participants_is_allowed():
    app = changed(lambda a: a.update(
        participants=[dict(BASE["participants"][0], project_owner=False) for _ in range(200)]))
    assert checker.evaluate(app)["verdict"] == "not_eligible"


def test_every_problem_is_reported_at_once():
    app = changed(lambda a: (a.update(round="1999"), a["participants"][0].update(kind="x"),
                             a["participants"][3].update(aid_nok=-1)))
    paths = [e["path"] for e in errors_of(app)]
    assert paths == ["round", "participants[0].kind", "participants[3].aid_nok"]


@pytest.mark.parametrize("data", [None, [], "søknad", 42, True, [BASE]],
                         ids=["null", "list", "string", "number", "bool", "wrapped"])
def test_a_document_that_is_not_an_object(data):
    assert errors_of(data) == [{"path": "(dokument)",
                                "message": "Søknaden må være et JSON-objekt ({ ... })."}]


def test_blank_org_number_means_not_answered():
    app = changed(set_in(["participants", 2, "org_number"], "   "))
    statuses = {f["rule"]: f["status"] for f in checker.evaluate(app)["findings"]
                if f["participant"] == 2}
    assert statuses["participant.org_number"] == "missing"


def test_project_owner_null_reads_as_false():
    app = changed(set_in(["participants", 0, "project_owner"], None))
    findings = checker.evaluate(app)["findings"]
    assert [f["status"] for f in findings if f["rule"] == "owner.count"] == ["fail"]


def test_unknown_round_message_lists_known_rounds():
    [error] = errors_of(changed(set_in(["round"], "2024")))
    assert error == {"path": "round", "message": "Ukjent runde «2024». Kjente runder: 2023."}


def run_cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_invalid_input_end_to_end_has_no_traceback():
    app = changed(lambda a: (a.update(round="2024"), a["participants"][2].update(name="")))
    run = run_cli("check", "-", "--format", "json", stdin=json.dumps(app))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        "round: Ukjent runde «2024». Kjente runder: 2023.",
        "participants[2].name: Kan ikke være tomt.",
    ]
    assert json.loads(run.stdout)["errors"][1]["path"] == "participants[2].name"


def test_invalid_json_end_to_end():
    run = run_cli("check", "-", stdin='{"round": "2023",')
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("(dokument): Ikke gyldig JSON (linje 1")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("text", ["", "[1, 2", "\x00", "NaN-ish", "{'round': '2023'}"])
def test_text_that_is_not_json(text, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(text))
    assert main(["check", "-", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("(dokument): Ikke gyldig JSON")
    assert json.loads(out)["errors"][0]["path"] == "(dokument)"


def test_unreadable_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "finnes-ikke.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("(dokument): Kan ikke lese «")
    assert "finnes-ikke.json" in err


def test_file_that_is_not_utf8(tmp_path, capsys):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"round": "2023", "x": "bl\xe5"}'.encode("latin-1"))
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err.startswith("(dokument): Kan ikke lese")
