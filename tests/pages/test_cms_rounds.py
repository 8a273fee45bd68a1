"""The call rounds in the editor at /admin/ (hooks/cms.py, admin/rounds.mjs): the form made from
the round model's JSON schema, the files it reads and writes, its check before saving, and the
build refusing a round that breaks the model or lacks its call page, naming the file and the
field. Expected values come from the model, the vocabulary and checker/law.json, never from the
editor's configuration. tests/browser/test_cms.py adds a round through the form in Chromium.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from checker import law, vocabulary
from checker.rounds import RoundFile, parse_round
from site_support import ROOT, article_text, build, call_page_markdown, hook_module, offered_rounds, site_copy

round_pages = hook_module("round_pages")
ROUND_FILES = sorted((ROOT / "checker" / "rounds").glob("*.json"))
SCHEMA = RoundFile.model_json_schema()
DEFS = SCHEMA["$defs"]


@pytest.fixture(scope="module")
def config(site_dir) -> dict:
    return json.loads((site_dir / "admin" / "config.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rounds(config) -> dict:
    (found,) = [c for c in config["cms"]["collections"] if c["name"] == config["site"]["rounds"]["collection"]]
    return found


def find(fields: list[dict], path: str) -> dict:
    """The field at a dotted path of names: 'parameters.deadline.value'."""
    name, _, rest = path.partition(".")
    (field,) = [f for f in fields if f["name"] == name]
    return find(field["fields"], rest) if rest else field


# --- the form is the model ------------------------------------------------------------------

def resolve(node: dict) -> tuple[dict, bool]:
    """A schema node without its $ref, and whether it may be null (`X | None`)."""
    nullable = "anyOf" in node
    if nullable:
        (node,) = [n for n in node["anyOf"] if n.get("type") != "null"]
    return DEFS.get(node.get("$ref", "").rpartition("/")[2], node), nullable


def check_fields(node: dict, fields: list[dict], inside_optional: bool, path: str = "") -> int:
    """Every property is a field of the same name, required exactly where the model requires it
    (nothing inside a figure that may be left out), with the widget, bounds, pattern and default
    its type gives. Returns the number of fields checked."""
    properties = node["properties"]
    assert sorted(f["name"] for f in fields) == sorted(properties), path
    checked = 0
    for field in fields:
        where = f"{path}.{field['name']}".lstrip(".")
        prop, nullable = resolve(properties[field["name"]])
        optional = inside_optional or nullable or field["name"] not in node.get("required", ())
        assert field.get("required", True) is not optional, where
        assert field["label"] and field["label"] != field["name"], where  # a bokmål label
        kind = prop.get("type")
        if kind == "object":
            assert field["widget"] == "object", where
            checked += check_fields(prop, field["fields"], inside_optional or nullable, where)
        elif kind == "array":
            assert field.get("min") == prop.get("minItems"), where
            items, _ = resolve(prop["items"])
            if items.get("type") == "object":
                assert field["widget"] == "list", where
                checked += check_fields(items, field["fields"], False, where)
            else:
                assert field["widget"] == "select" and field["multiple"] is True, where
                assert sorted(o["value"] for o in field["options"]) == sorted(items["enum"]), where
        elif kind == "string" and prop.get("format") == "date":
            assert (field["widget"], field["format"], field["time_format"]) == ("datetime", "YYYY-MM-DD", False), where
        elif kind == "string":
            assert field["widget"] in ("string", "select"), where
            if "pattern" in prop:
                assert field["pattern"][0] == prop["pattern"], where
        elif kind in ("integer", "number"):
            assert field["widget"] == "number", where
            assert field["value_type"] == {"integer": "int", "number": "float"}[kind], where
            assert field.get("max") == prop.get("maximum"), where
            if "minimum" in prop:
                assert field["min"] == prop["minimum"], where
            elif "exclusiveMinimum" in prop:  # Decap's bounds are inclusive
                assert field["min"] == prop["exclusiveMinimum"] + (kind == "integer"), where
        else:
            assert (kind, field["widget"]) == ("boolean", "boolean"), where
        if "default" in prop:
            assert field["default"] == prop["default"], where
        checked += 1
    return checked


def test_the_round_form_has_every_field_of_the_model_as_the_model_says(rounds):
    assert check_fields(SCHEMA, rounds["fields"], False) > 80


def test_the_form_names_what_matters_to_an_editor(rounds):
    fields = rounds["fields"]
    assert find(fields, "parameters.min_companies.value")["min"] == 1
    assert (find(fields, "parameters.max_share.value")["value_type"], find(fields, "parameters.max_share.value")["max"]) == ("float", 1)
    assert find(fields, "parameters.eur_nok_low.value")["value_type"] == "float"
    period = find(fields, "parameters.de_minimis_grant_period.value")
    assert [f["name"] for f in period["fields"]] == ["from", "to"]
    # A figure: what it is, then its source and whether that is verified.
    assert [f["name"] for f in find(fields, "parameters.eur_nok_high")["fields"]] == ["value", "date", "source", "verified"]
    verified = find(fields, "parameters.deadline.verified")
    assert (verified["widget"], verified["default"], verified["required"]) == ("boolean", True, False)
    # The de minimis figures may be left out (a round without de minimis aid): nothing in them is required.
    ceiling = find(fields, "parameters.de_minimis_ceiling_eur")
    assert ceiling["required"] is False and all(f["required"] is False for f in ceiling["fields"])
    for key, rules in law.law().de_minimis.items():
        assert f"{rules.ceiling_eur:,}".replace(",", "\u00a0") + "\u00a0euro etter " + key in ceiling["hint"]


def test_the_choices_come_from_the_vocabulary_and_the_legal_data(rounds):
    fields = rounds["fields"]
    bases = find(fields, "parameters.aid_bases.value")
    assert [o["value"] for o in bases["options"]] == list(vocabulary.values("aid_basis"))
    for option in bases["options"]:
        label = vocabulary.label("aid_basis", option["value"], "nb")
        assert option["label"] == label[0].upper() + label[1:]
    texts = find(fields, "parameters.gber_text.value")
    assert [o["value"] for o in texts["options"]] == list(law.gber_texts())
    assert all(law.law().gber_texts[o["value"]].name in o["label"] for o in texts["options"])
    regulations = find(fields, "parameters.de_minimis_regulation.value")
    assert [o["value"] for o in regulations["options"]] == list(law.law().de_minimis)
    # A value typed by hand that is not a choice is stopped by the form.
    for select in (texts, regulations):
        pattern = re.compile(select["pattern"][0])
        assert all(pattern.search(o["value"]) for o in select["options"]) and not pattern.search("2099")


def test_the_collection_is_the_round_files_named_by_their_id(config, rounds):
    assert rounds["folder"] == "checker/rounds" and rounds["extension"] == "json"
    assert (ROOT / rounds["folder"]) == ROUND_FILES[0].parent
    assert rounds["format"] == config["site"]["rounds"]["format"]
    assert (rounds["identifier_field"], rounds["slug"]) == ("round", "{{fields.round}}")
    assert rounds["create"] is True and rounds["delete"] is False
    assert rounds["filter"] == {"field": config["site"]["entryKey"], "value": True}


def test_the_editors_page_lists_every_figure_and_the_call_pages_anchors(rounds, site_dir):
    text = article_text((site_dir / "slik-oppdaterer-du-runder" / "index.html").read_text("utf-8"))
    for figure in find(rounds["fields"], "parameters")["fields"]:
        assert f"{figure['label']} parameters.{figure['name']}" in text
    anchors = round_pages.call_anchors()
    assert {"frist", "krav-til-sammensetning", "hvem-kan-soke", "stottebelop"} <= set(anchors)
    listed = text.split("som reglene lenker til")[1].split(".")[0]
    assert re.findall(r"#([a-z0-9-]+)", listed) == list(anchors)


# --- what the editor reads, writes and refuses (admin/rounds.mjs under Node) -------------------

SCRIPT = """
import { roundFormat, roundProblems } from %s;
const [fields, entryKey, files, made, checked] = JSON.parse(process.argv[1]);
const format = roundFormat({ fields, entryKey });
const read = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, format.fromFile(text)]));
process.stdout.write(JSON.stringify({
  read,
  back: Object.fromEntries(Object.entries(read).map(([name, data]) => [name, format.toFile(data)])),
  made: made.map((data) => format.toFile(data)),
  problems: checked.map((data) => roundProblems(data, fields)),
}));
"""


def run_rounds(config, rounds, files=None, made=(), checked=()) -> dict:
    script = SCRIPT % json.dumps((ROOT / "admin" / "rounds.mjs").as_uri())
    arg = json.dumps([rounds["fields"], config["site"]["entryKey"], files or {}, list(made), list(checked)])
    done = subprocess.run(["node", "--input-type=module", "-e", script, arg], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, check=True)
    return json.loads(done.stdout)


def the_2023_round() -> dict:
    return json.loads((ROOT / "checker" / "rounds" / "2023.json").read_text("utf-8"))


def test_the_editor_reads_and_writes_every_round_file_unchanged(config, rounds):
    files = {p.name: p.read_text("utf-8") for p in ROUND_FILES}
    result = run_rounds(config, rounds, {**files, "broken.json": '{"round": "2024",'})
    entry_key = config["site"]["entryKey"]
    # A file that is not JSON is left out of the editor, so that a save cannot lose what it holds.
    assert result["read"].pop("broken.json") == {entry_key: False}
    assert all(data[entry_key] is True for data in result["read"].values())
    # The model's default shows in the form (the switch is on), yet is not written back.
    opened = result["read"]["2023.json"]["parameters"]["opened"]
    assert opened["verified"] is True and "verified" not in the_2023_round()["parameters"]["opened"]
    assert {name: result["back"][name] for name in files} == files


def test_a_corrected_figure_changes_only_that_figure_and_keeps_the_round_exact(config, rounds):
    original = (ROOT / "checker" / "rounds" / "2023.json").read_text("utf-8")
    data = run_rounds(config, rounds, {"2023.json": original})["read"]["2023.json"]
    data["parameters"]["amount_max_nok"]["value"] = 2_600_000
    (text,) = run_rounds(config, rounds, made=[data])["made"]
    before = parse_round(original, "checker/rounds/2023.json")
    after = parse_round(text, "checker/rounds/2023.json")
    assert after.parameters.amount_max_nok.value == 2_600_000
    assert after.model_copy(update={"parameters": after.parameters.model_copy(
        update={"amount_max_nok": before.parameters.amount_max_nok})}) == before
    # Numbers stay numbers, dates stay ISO text, the rate keeps its published decimals.
    written = json.loads(text)["parameters"]
    assert Fraction(str(written["eur_nok_low"]["value"])) == Fraction("11.2355")
    assert written["de_minimis_grant_period"]["value"] == {"from": "2023-09-01", "to": "2023-12-31"}
    assert written["deadline"]["value"] == "2023-09-01"


DE_MINIMIS = ("de_minimis_regulation", "de_minimis_ceiling_eur", "de_minimis_grant_period", "eur_nok_low", "eur_nok_high")


def new_round_as_the_form_holds_it() -> dict:
    """A new round made from a copy of 2023, as Decap holds it when saving: every figure carries
    the model's default `verified: true` (Decap fills defaults into a new entry), the de minimis
    figures of a round without de minimis aid are emptied ("" where a field was cleared, or
    nothing but the default where it was never filled in), and so is one short text."""
    data = copy.deepcopy(the_2023_round())
    data.update(round="2030-test", title="Samarbeidsprosjekter for sirkulære verdikjeder 2030",
                call_page="utlysning-2030/", checked="2030-03-02")
    p = data["parameters"]
    p["deadline"]["value"] = "2030-10-01"
    p["opened"]["value"] = "2030-03-01"
    p["min_companies"]["value"] = 4
    p["max_share"]["value"] = 0.4
    p["aid_bases"]["value"] = ["gber_25", "gber_29"]
    p["gber_text"] = {"value": "2023", "source": "Forordning (EU) 2023/1315", "verified": False}
    p["de_minimis_regulation"] = {}
    p["de_minimis_ceiling_eur"] = {"value": "", "source": ""}
    p["de_minimis_grant_period"] = {"value": {"from": "", "to": ""}, "source": ""}
    p["eur_nok_low"] = {"value": "", "date": "", "source": "", "verified": False}
    p["eur_nok_high"] = {"verified": True}
    for figure in p.values():
        figure.setdefault("verified", True)
    p["objectives"]["value"][0]["nb_short"] = ""
    return data


def test_a_new_round_written_by_the_editor_is_the_round_the_model_reads(config, rounds):
    form = new_round_as_the_form_holds_it()
    (text,) = run_rounds(config, rounds, made=[form])["made"]
    assert text.endswith("}\n") and text.startswith('{\n  "round": "2030-test",\n  "title"')
    made = parse_round(text, "checker/rounds/2030-test.json")
    p = made.parameters
    assert (p.deadline.value.isoformat(), p.min_companies.value, p.max_share.value) == ("2030-10-01", 4, 0.4)
    assert p.de_minimis_regulation is None and p.eur_nok_low is None
    assert p.gber_text.verified is False and p.deadline.verified is True
    written = json.loads(text)["parameters"]
    assert "verified" not in written["deadline"] and "de_minimis_grant_period" not in written
    assert "nb_short" not in written["objectives"]["value"][0]


def test_the_form_refuses_what_breaks_its_rules_before_saving_naming_each_field(config, rounds):
    good = new_round_as_the_form_holds_it()
    bad = copy.deepcopy(good)
    bad["round"] = "2030 Test"
    bad["call_url"] = "nic.innovasjonnorge.no/2030"
    p = bad["parameters"]
    p["min_companies"]["value"] = 0
    p["max_share"]["value"] = 50
    p["deadline"]["source"] = ""
    p["aid_bases"]["value"] = ["gber_99"]
    p["activities"]["value"] = []
    p["requirements"]["value"][1]["key"] = "Bad Key"
    read = run_rounds(config, rounds, {"2023.json": json.dumps(the_2023_round())})["read"]["2023.json"]
    ok_2023, ok_new, problems = run_rounds(config, rounds, checked=[read, good, bad])["problems"]
    assert ok_2023 == [] and ok_new == []
    expected = [
        "«Runde» kan bare ha små bokstaver",
        "«Utlysningen hos Innovasjon Norge» må være en hel adresse",
        "«Tallene i runden › Søknadsfrist › Kilde» må fylles ut.",
        "«Tallene i runden › Største støtteandel › Andel» må være 1 eller mindre.",
        "«Tallene i runden › Minste antall bedrifter › Antall bedrifter» må minst være 1.",
        "«Tallene i runden › Støttegrunnlag › Grunnlagene»: gber_99 er ikke et av valgene.",
        "«Tallene i runden › Krav til alle prosjekter › Kravene › 2 › Nøkkel» kan bare ha små bokstaver",
        "«Tallene i runden › Arbeidsområder › Arbeidsområdene» må fylles ut.",
    ]
    assert len(problems) == len(expected)
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)


# --- the build refuses a bad round, naming the file and the field ------------------------------

def write_round(folder: Path, data: dict) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{data['round']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


def round_file_data() -> dict:
    """The new round as its file holds it, for the build: without the emptied de minimis figures."""
    data = new_round_as_the_form_holds_it()
    for name in DE_MINIMIS:
        del data["parameters"][name]
    return data


def failed_log(root: Path, folder: Path) -> str:
    result = build(root, rounds=folder)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log
    return log


def test_a_round_that_breaks_the_model_stops_the_build_naming_file_and_fields(tmp_path):
    root = site_copy(tmp_path / "site")
    data = round_file_data()
    data["parameters"]["max_share"]["value"] = 40  # percent, where the model wants 0.4
    del data["parameters"]["deadline"]["source"]
    path = write_round(tmp_path / "rounds", data)
    log = failed_log(root, tmp_path / "rounds")
    named = [line for line in log.splitlines() if line.startswith(f"{path}: ")]
    assert any("parameters.max_share.value:" in line for line in named), log
    assert any("parameters.deadline.source:" in line for line in named), log

    # What the model checks across fields is named too (an extra zero on the lower amount).
    data["parameters"]["max_share"]["value"] = 0.4
    data["parameters"]["deadline"]["source"] = "Utlysningen: «Frist: 1. oktober 2030»"
    data["parameters"]["amount_min_nok"]["value"] = 10_000_000
    write_round(tmp_path / "rounds", data)
    log = failed_log(root, tmp_path / "rounds")
    assert f"{path}: parameters: amount_min_nok er større enn amount_max_nok" in log, log


def test_a_round_needs_its_call_page_with_every_anchor_the_rules_cite(tmp_path):
    root = site_copy(tmp_path / "site")
    data = round_file_data()
    path = write_round(tmp_path / "rounds", data)
    incomplete = write_round(tmp_path / "rounds", {**data, "round": "2031-test", "call_page": "utlysning-2031/"})
    anchors = round_pages.call_anchors()
    (root / "docs" / "utlysning-2031.md").write_text(call_page_markdown(anchors[1:]), "utf-8")
    log = failed_log(root, tmp_path / "rounds")
    assert f"{path}: call_page: siden «utlysning-2030/» finnes ikke" in log, log
    assert f"{incomplete}: call_page: docs/utlysning-2031.md mangler ankrene #{anchors[0]}, som" in log, log

    # With its page, the round builds, and the checker page offers it.
    (root / "docs" / "utlysning-2030.md").write_text(call_page_markdown(anchors), "utf-8")
    (root / "docs" / "utlysning-2031.md").write_text(call_page_markdown(anchors), "utf-8")
    result = build(root, rounds=tmp_path / "rounds")
    assert result.returncode == 0, result.stderr[-2000:]
    assert offered_rounds(root / "site") == ["2023", "2030-test", "2031-test"]
