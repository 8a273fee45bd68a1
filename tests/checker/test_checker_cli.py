"""The command line of contract §4: subcommands, exit codes, stdin, formats, usage errors."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.cli import main

CASES = Path(__file__).resolve().parents[1] / "cases"


def application(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))["application"]


def run_cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name, code", [
    ("eligible-de-minimis", 0),
    ("research-institute-as-owner", 1),
    ("incomplete-draft", 3),
])
def test_exit_code_follows_the_verdict_reading_stdin(name, code):
    run = run_cli("check", "-", stdin=json.dumps(application(name)))
    assert run.returncode == code
    assert run.stderr == ""


def test_invalid_input_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"round": "2023", "project": {}, "participants": [{"name": ""}]}')
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert err == "participants[0].name: Kan ikke være tomt.\n"
    assert out == ""  # only --format json adds the errors on stdout


@pytest.mark.parametrize("args", [
    [], ["check"], ["check", "a.json", "--format", "xml"], ["check", "a.json", "--lang", "de"],
    ["rules", "--format", "yaml"], ["bogus"], ["check", "a.json", "b.json"],
])
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_error_end_to_end():
    run = run_cli("check", "--format", "xml", "-")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr


def test_text_report_in_bokmal(tmp_path, capsys):
    path = tmp_path / "app.json"
    path.write_text(json.dumps(application("gber-29-large-company-over-15-percent")))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Oppfyller ikke alle kravene.\n")
    assert "Ikke oppfylt:\n  [aid.intensity] Norsk Polymer AS:" in out
    assert ("Utlysningens grense: 2\u00a0200\u00a0000\u00a0kr "
            "(høyst 50\u00a0% av totale kostnader).") in out
    assert out.index("Ikke oppfylt:") < out.index("Til orientering:") < out.index("Oppfylt:")
    # Every option after the findings, the recommended one marked, the chosen one's amount.
    table = out[out.index("Hvilket støttegrunnlag gir mest?"):].splitlines()
    assert out.index("Oppfylt:") < out.index("Hvilket støttegrunnlag gir mest?")
    report = checker.evaluate(application("gber-29-large-company-over-15-percent"))
    rows = table[2:2 + len(report["options"])]
    assert len(rows) == 7
    assert [row.lstrip().startswith("*") for row in rows] == [
        o["aid_basis"] == report["recommended"]["aid_basis"]
        and o["rd_category"] == report["recommended"]["rd_category"] for o in report["options"]]
    [art29] = [row for row in rows if "artikkel 29" in row]
    assert "Oppfyller ikke" in art29 and art29.endswith("1\u00a0710\u00a0000\u00a0kr")
    assert "Med valgt støttegrunnlag: 1\u00a0710\u00a0000\u00a0kr." in out
    assert "ikke forventet tilskudd" in out and "Innovasjon Norge avgjør" in out
    # The best figure is what it is, not advice (contract §2.1.4): one line per article.
    assert "anbefal" not in out.lower() and "*: Gir mest av grunnlagene som ikke er avvist." in out
    assert "  Artikkel 29: Prosess- og organisasjonsinnovasjon, det vil si en ny" in out
    # §2.2.5: the terms of the option that gives the most and of the chosen one, each with its
    # paragraph; the contract's example for Norsk Polymer AS under article 29.
    chosen = out[out.index("(valgt i søknaden):"):]
    assert out.index("(gir mest):") < out.index("(valgt i søknaden):")
    polymer = chosen[chosen.index("  Norsk Polymer AS: høyst 210\u00a0000\u00a0kr"):].splitlines()
    assert polymer[1:4] == [
        "    - Artikkel 29: store bedrifter høyst 15\u00a0% når de samarbeider effektivt med SMB-er "
        "som bærer minst 30\u00a0% av kostnadene. [statsstotte/artikkel-29/#stotteintensitet]",
        "    - SMB-ene bærer 50\u00a0% av kostnadene (2\u00a0200\u00a0000 av 4\u00a0400\u00a0000\u00a0kr), så "
        "vilkåret er oppfylt. [statsstotte/artikkel-29/#stotteintensitet]",
        "    - 15\u00a0% av kostnadene 1\u00a0400\u00a0000\u00a0kr er 210\u00a0000\u00a0kr.",
    ]


def test_text_report_in_english(tmp_path, capsys):
    path = tmp_path / "app.json"
    path.write_text(json.dumps(application("incomplete-draft")))
    assert main(["check", str(path), "--lang", "en"]) == 3
    out = capsys.readouterr().out
    assert out.startswith("Answers missing.\n")
    assert "Answers missing:\n" in out
    assert "The call's limit: NOK 2,200,000" in out
    assert "Which aid basis gives the most?" in out
    assert "Share applied for: 45.5%." in out


def test_json_report_in_english(tmp_path, capsys):
    path = tmp_path / "app.json"
    path.write_text(json.dumps(application("eligible-de-minimis")))
    assert main(["check", str(path), "--format", "json", "--lang", "en"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"][0]["message"].startswith("The application is sent on 30 August")


def test_rules_json_is_the_catalogue(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert len(rules) == 22
    assert rules[0] == {"id": "call.deadline", "title": "Søknadsfrist",
                        "source": "utlysning/#frist"}


def test_rules_text(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 22
    assert lines[0].startswith("call.deadline") and "utlysning/#frist" in lines[0]


def test_schema_end_to_end():
    run = run_cli("schema")
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["title"] == "Application"
    assert "participants" in schema["properties"]


def test_check_does_not_modify_the_input_file(tmp_path):
    path = tmp_path / "app.json"
    text = json.dumps(copy.deepcopy(application("eligible-de-minimis")))
    path.write_text(text)
    assert main(["check", str(path), "--format", "json"]) == 0
    assert path.read_text() == text


def test_a_case_file_is_checked_by_its_application(capsys):
    path = CASES / "research-institute-as-owner.json"
    assert main(["check", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "not_eligible"


def test_a_case_wrapper_with_other_keys_is_not_unwrapped(tmp_path, capsys):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"application": application("eligible-de-minimis"), "x": 1}))
    assert main(["check", str(path)]) == 2
    assert "application: Ukjent felt" in capsys.readouterr().err
