"""Why each figure (contract §2.2): for every case, every option and every participant carries
its terms; the percents reproduce the limits; the figures in the texts are the report's; and
where the lowest and highest figure differ, a term names the open answer."""

from __future__ import annotations

import json
import math
from datetime import date
import re
from pathlib import Path

import pytest

import checker
from checker.model import parse_application
from checker.options import choices
from checker.rounds import load_round
from checker.rules import make_case
from checker.rules.state_aid import bounds, open_answers
from checker.text import nok, number
from checker.why import gber_terms

CASES = Path(__file__).resolve().parents[1] / "cases"
CASE_FILES = sorted(CASES.glob("*.json"))
SOURCE = re.compile(r"^[a-z0-9][a-z0-9\-/]*/(#[a-z0-9\-]+)?$")
# The terms that name an open answer (checker/locale: why.*).
OPEN_TERMS = {"why.size_open", "why.collaboration_open", "why.sme_share_open", "why.article_open",
              "why.paths", "why.paths_same"}


def application(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))["application"]


def reports(path: Path):
    app = application(path)
    for lang in ("nb", "en"):
        yield lang, app, checker.evaluate(app, lang=lang)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_the_percents_reproduce_the_limits_and_the_texts_name_the_figures(path):
    for lang, app, report in reports(path):
        for option in report["options"]:
            assert option["why"] and all(t["text"] and (t["source"] is None or SOURCE.match(t["source"]))
                                         for t in option["why"])
            if option["max_grant_nok"] is not None:
                assert nok(option["max_grant_nok"], lang) in option["why"][0]["text"]
            if option["max_grant_upper_nok"] != option["max_grant_nok"]:
                assert nok(option["max_grant_upper_nok"], lang) in option["why"][-1]["text"]
            for row in option["participants"]:
                costs = app["participants"][row["participant"]]["eligible_costs_nok"]
                assert row["why"] and all(t["text"] for t in row["why"])
                assert all(t["source"] is None or SOURCE.match(t["source"]) for t in row["why"])
                last = row["why"][-1]["text"]
                if option["aid_basis"] == "de_minimis":
                    assert row["percent_low"] is row["percent_high"] is None
                    said = " ".join(t["text"] for t in row["why"])
                    # An amount, or the end of a range («458 099–599 999 kr»).
                    assert number(row["max_aid_nok"], lang) in said
                    assert number(row["max_aid_upper_nok"], lang) in said
                    continue
                low, high = row["percent_low"], row["percent_high"]
                assert isinstance(low, int) and isinstance(high, int) and 0 <= low <= high <= 100
                assert row["max_aid_nok"] == math.floor(low * costs / 100)
                assert row["max_aid_upper_nok"] == math.floor(high * costs / 100)
                # The arithmetic comes last and names the figures it gives.
                assert nok(costs, lang) in last and nok(row["max_aid_nok"], lang) in last
                assert nok(row["max_aid_upper_nok"], lang) in last


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_a_range_names_the_open_answer_that_makes_it(path):
    app = parse_application(application(path))
    base = make_case(app, load_round(app.round), date(2023, 9, 1))
    for basis, rd in choices(base):
        if basis == "de_minimis":
            continue
        case = base.with_basis(basis, rd)
        answers = open_answers(case)
        report = checker.evaluate(application(path))
        option = next(o for o in report["options"] if (o["aid_basis"], o["rd_category"]) == (basis, rd))
        for row in option["participants"]:
            m = case.members[row["participant"]]
            keys = {message.key for message, _ in gber_terms(
                case, answers, m, bounds(case, answers, m), row["max_aid_nok"],
                row["max_aid_upper_nok"])}
            if row["percent_low"] != row["percent_high"]:
                assert keys & OPEN_TERMS, (basis, rd, m.p.name)


def test_the_contracts_example_norsk_polymer_under_article_29():
    """contract §2.2: 15 % because it is a large company whose SME partners bear half of the
    costs; the SME next to it gets the article's 50 %."""
    report = checker.evaluate(application(CASES / "gber-29-large-company-over-15-percent.json"))
    art29 = next(o for o in report["options"] if o["aid_basis"] == "gber_29")
    polymer = next(r for r in art29["participants"] if r["participant"] == 2)
    assert (polymer["max_aid_nok"], polymer["percent_low"], polymer["percent_high"]) == (210_000, 15, 15)
    assert [t["text"] for t in polymer["why"]] == [
        "Artikkel 29: store bedrifter høyst 15\u00a0% når de samarbeider effektivt med SMB-er som "
        "bærer minst 30\u00a0% av kostnadene.",
        "SMB-ene bærer 50\u00a0% av kostnadene (2\u00a0200\u00a0000 av 4\u00a0400\u00a0000\u00a0kr), så "
        "vilkåret er oppfylt.",
        "15\u00a0% av kostnadene 1\u00a0400\u00a0000\u00a0kr er 210\u00a0000\u00a0kr.",
    ]
    assert polymer["why"][0]["source"] == "statsstotte/artikkel-29/#stotteintensitet"
    # The option's amount: the sum of the participants' limits binds (§2.2.3).
    assert art29["max_grant_nok"] == 1_710_000
    assert "1\u00a0710\u00a0000\u00a0kr" in art29["why"][0]["text"] and "Summen" in art29["why"][0]["text"]


def test_a_participant_without_costs_opens_the_upper_figure_and_says_why():
    app = application(CASES / "options-participant-without-costs.json")
    report = checker.evaluate(app)
    without = [p["name"] for p in app["participants"] if p.get("eligible_costs_nok") is None]
    assert without
    for option in report["options"]:
        if option["max_grant_upper_nok"] != option["max_grant_nok"]:
            assert any(name in option["why"][-1]["text"] for name in without), option["aid_basis"]
