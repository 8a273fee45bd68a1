"""Every aid basis side by side (contract §2.1): properties that hold for any application, and
what the comparison costs. The worked cases are data: tests/cases/options-*.json."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given

import checker
from checker.intensity import RD_CATEGORIES
from checker.report import rule_statuses
from checker.rounds import load_round
from checker.rules import RULES
from strategies import FAST, applications

CASES = Path(__file__).resolve().parents[1] / "cases"
ROUND = load_round("2023")
PER_BASIS = {r.id for r in RULES if r.per_basis}


def application(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))["application"]


def chosen_option(report: dict, app: dict) -> dict | None:
    project = app["project"]
    key = (project.get("aid_basis"), project.get("rd_category") if project.get("aid_basis")
           == "gber_25" else None)
    return next((o for o in report["options"] if (o["aid_basis"], o["rd_category"]) == key), None)


@FAST
@given(applications())
def test_options_agree_with_the_report_and_bound_each_other(app):
    report = checker.evaluate(app)
    options = report["options"]
    rd = app["project"].get("rd_category")
    expected = [(b, None) for b in ROUND.aid_bases if b != "gber_25"]
    categories = RD_CATEGORIES if rd is None else (rd,)
    expected[1:1] = [("gber_25", c) for c in categories]
    assert [(o["aid_basis"], o["rd_category"]) for o in options] == expected

    option = chosen_option(report, app)
    if option is not None:  # a basis is chosen, and article 25 has its category
        assert option["verdict"] == report["verdict"]
        assert option["rules"] == rule_statuses(report)

    with_costs = [i for i, p in enumerate(app["participants"])
                  if p.get("eligible_costs_nok") is not None]
    for o in options:
        assert list(o["rules"]) == [r.id for r in RULES]
        assert [p["participant"] for p in o["participants"]] == with_costs
        for p in o["participants"]:
            assert 0 <= p["max_aid_nok"] <= p["max_aid_upper_nok"]
        if with_costs:
            assert 0 <= o["max_grant_nok"] <= o["max_grant_upper_nok"] <= ROUND.amount_max_nok
        else:
            # §2.1.3, clarified 2026-12-06: the upper figure is never null.
            total = app["project"].get("total_cost_nok")
            assert o["max_grant_nok"] is None
            caps = [ROUND.amount_max_nok]
            if total is not None:
                caps.append(math.floor(Fraction(str(ROUND.max_share)) * total))
            assert o["max_grant_upper_nok"] == min(caps)
        # Rules that do not depend on the basis read the same under every basis.
        assert {k: v for k, v in o["rules"].items() if k not in PER_BASIS} == \
               {k: v for k, v in rule_statuses(report).items() if k not in PER_BASIS}

    recommended = report["recommended"]
    open_ = [o for o in options if o["verdict"] != "not_eligible"]
    if not open_:
        assert recommended is None
    else:
        [best] = [o for o in options if (o["aid_basis"], o["rd_category"]) ==
                  (recommended["aid_basis"], recommended["rd_category"])]
        assert best["verdict"] != "not_eligible"
        assert (best["max_grant_nok"] or 0) == max(o["max_grant_nok"] or 0 for o in open_)


def test_rules_that_do_not_depend_on_the_basis_are_judged_once():
    calls = {rule.id: 0 for rule in RULES}
    originals = {rule.id: rule.evaluate for rule in RULES}

    def counting(rule):
        def evaluate(case):
            calls[rule.id] += 1
            return originals[rule.id](case)
        return evaluate

    try:
        for rule in RULES:
            object.__setattr__(rule, "evaluate", counting(rule))  # Rule is a frozen dataclass
        report = checker.evaluate(application("options-every-basis"))
    finally:
        for rule in RULES:
            object.__setattr__(rule, "evaluate", originals[rule.id])
    options = len(report["options"])
    assert options == 7
    for rule in RULES:
        assert calls[rule.id] == (1 + options if rule.per_basis else 1), rule.id


def test_every_per_participant_message_names_its_participant():
    """Messages are rendered late (checker.text.Rendered): each must still speak of the
    participant it belongs to, not of the last one a loop saw."""
    app = application("options-every-basis")
    app["participants"].append(dict(app["participants"][0], name="Delta Forskning",
                                    kind="research_institute", project_owner=True,
                                    org_number="123"))
    app["participants"][1].update(org_number=app["participants"][0]["org_number"],
                                  motivation_attached=None, in_difficulty=None)
    for basis in ("de_minimis", "gber_29"):
        app["project"]["aid_basis"] = basis
        app["participants"][2]["de_minimis_declaration"] = None
        for lang in ("nb", "en"):
            findings = [f for f in checker.evaluate(app, lang=lang)["findings"]
                        if f["participant"] is not None]
            assert len({f["participant"] for f in findings}) == len(app["participants"])
            for f in findings:
                assert app["participants"][f["participant"]]["name"] in f["message"], f


@pytest.mark.parametrize("name", ["options-every-basis", "options-gber-29-example",
                                  "options-unknown-size-gives-a-range"])
def test_a_participant_s_limit_never_exceeds_its_share_of_its_costs(name):
    app = application(name)
    for option in checker.evaluate(app)["options"]:
        for row in option["participants"]:
            costs = app["participants"][row["participant"]]["eligible_costs_nok"]
            assert row["max_aid_upper_nok"] <= costs * ROUND.max_share
