"""Property-based tests (hypothesis): random valid applications never raise, the verdict
follows from the findings, evaluation is deterministic and leaves its input alone, org-number
validation agrees with the modulus-11 definition, and junk raises only InputError."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.intensity import KINDS, RD_CATEGORIES, SIZES
from checker.report import STATUSES, rule_statuses
from checker.rules import org_number_valid

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RULE_IDS = [r["id"] for r in checker.rule_catalogue()]


def maybe(strategy):
    return st.none() | strategy


amounts = st.integers(0, 5_000_000) | st.integers(0, 10**15)
figures = st.integers(0, 100_000_000) | st.floats(0, 1e9, allow_nan=False)
flags = maybe(st.booleans())
digits9 = st.text("0123456789", min_size=9, max_size=9)
org_numbers = maybe(digits9 | st.text(max_size=12))
names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


@st.composite
def dates_in_order(draw):
    start = draw(maybe(st.dates(date(2023, 1, 1), date(2025, 12, 31))))
    end = draw(maybe(st.integers(0, 1000)))
    return start, None if start is None or end is None else start + timedelta(days=end)


participants = st.fixed_dictionaries(
    {"name": names},
    optional={
        "org_number": org_numbers,
        "kind": maybe(st.sampled_from(KINDS)),
        "business_register": flags,
        "nic_cluster": maybe(st.sampled_from(["current", "former", "none"])),
        "business_network": flags,
        "size": maybe(st.sampled_from(SIZES)),
        "employees": maybe(figures),
        "turnover_eur": maybe(figures),
        "balance_sheet_eur": maybe(figures),
        "project_owner": flags,
        "eligible_costs_nok": maybe(amounts),
        "aid_nok": maybe(amounts),
        "de_minimis_received_nok": maybe(amounts),
        "in_difficulty": flags,
        "recovery_order": flags,
        "motivation_attached": flags,
        "de_minimis_declaration": flags,
    },
)
requirements = st.fixed_dictionaries({}, optional={
    key: flags for key in (
        "scalable_results", "national_innovation_high_risk",
        "new_business_models_or_digitalisation", "competence_for_green_value_chains",
        "value_creation_and_competitiveness", "continuation_plan")
})


@st.composite
def applications(draw, max_participants: int = 8):
    start, end = draw(dates_in_order())
    project = draw(st.fixed_dictionaries({}, optional={
        "title": maybe(st.text(max_size=60)),
        "objectives": maybe(st.lists(st.sampled_from(
            ["industrial_symbiosis", "circular_value_chain",
             "reduced_virgin_resources_or_emissions"]), max_size=3)),
        "requirements": maybe(requirements),
        "activities": maybe(st.lists(st.sampled_from(
            ["facilitation_coordination", "innovation_collaboration",
             "concept_business_model", "knowledge_gathering"]), max_size=4)),
        "total_cost_nok": maybe(amounts),
        "requested_nok": maybe(amounts),
        "aid_basis": maybe(st.sampled_from(
            ["de_minimis", "gber_25", "gber_27", "gber_29", "gber_49"])),
        "rd_category": maybe(st.sampled_from(RD_CATEGORIES)),
    }))
    if start is not None:
        project["start_date"] = start.isoformat()
    if end is not None:
        project["end_date"] = end.isoformat()
    app = {"round": "2023", "project": project,
           "participants": draw(st.lists(participants, max_size=max_participants))}
    sent = draw(maybe(st.dates(date(2023, 5, 1), date(2023, 10, 1))))
    if sent is not None:
        app["submission_date"] = sent.isoformat()
    if draw(st.booleans()):
        app["version"] = 1
    return app


@FAST
@given(applications(), st.sampled_from(["nb", "en"]))
def test_valid_applications_never_raise_and_the_verdict_follows(app, lang):
    report = checker.evaluate(app, lang=lang)
    statuses = [f["status"] for f in report["findings"]]
    assert set(statuses) <= set(STATUSES)
    assert list(rule_statuses(report)) == RULE_IDS  # every rule, in catalogue order
    expected = ("not_eligible" if "fail" in statuses
                else "incomplete" if "missing" in statuses else "eligible")
    assert report["verdict"] == expected
    for finding in report["findings"]:
        assert finding["message"].strip()
        assert finding["participant"] is None or 0 <= finding["participant"] < len(
            app["participants"])
    json.dumps(report)  # the report is plain JSON


@settings(FAST, max_examples=100)
@given(applications())
def test_evaluation_is_deterministic_and_leaves_the_input_alone(app):
    before = copy.deepcopy(app)
    first = checker.evaluate(app)
    assert app == before
    assert checker.evaluate(copy.deepcopy(app)) == first
    english = checker.evaluate(app, lang="en")
    assert [(f["rule"], f["status"]) for f in english["findings"]] == \
           [(f["rule"], f["status"]) for f in first["findings"]]
    assert english["verdict"] == first["verdict"]


def mod11_reference(number: str) -> bool:
    """Independent statement of the check: 11 - (sum of digit × weight mod 11) is the last
    digit, where 11 means 0 and 10 means the number cannot exist."""
    if len(number) != 9 or any(c not in "0123456789" for c in number):
        return False
    total = sum(int(c) * w for c, w in zip(number, [3, 2, 7, 6, 5, 4, 3, 2]))
    control = 11 - total % 11
    if control == 11:
        control = 0
    return control != 10 and control == int(number[-1])


@settings(max_examples=500, deadline=None)
@given(digits9 | st.text(max_size=11))
def test_org_number_validation_agrees_with_modulus_11(number):
    assert org_number_valid(number) == mod11_reference(number)


@FAST
@given(digits9)
def test_org_number_rule_fails_exactly_for_invalid_numbers(number):
    app = {"round": "2023", "project": {}, "participants": [
        {"name": "Testbedrift AS", "kind": "company", "org_number": number}]}
    statuses = rule_statuses(checker.evaluate(app))
    assert statuses["participant.org_number"] == ("pass" if mod11_reference(number) else "fail")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=20,
)


def evaluate_or_input_error(data) -> None:
    try:
        report = checker.evaluate(data)
    except checker.InputError as error:
        assert error.errors
        for e in error.errors:
            assert set(e) == {"path", "message"} and e["message"]
    else:
        assert report["verdict"] in ("eligible", "not_eligible", "incomplete")


@FAST
@given(json_values)
def test_json_junk_raises_only_input_error(data):
    evaluate_or_input_error(data)


@st.composite
def mutated_applications(draw):
    """A valid application with one value somewhere replaced, removed or added."""
    app = draw(applications(max_participants=3))
    containers = [app]
    stack = [app]
    while stack:
        node = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                containers.append(child)
                stack.append(child)
    target = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if isinstance(target, dict):
        if action == "add" or not target:
            target[draw(st.text(max_size=20))] = draw(json_values)
        else:
            key = draw(st.sampled_from(sorted(target)))
            if action == "remove":
                del target[key]
            else:
                target[key] = draw(json_values)
    elif target and action != "add":
        index = draw(st.integers(0, len(target) - 1))
        if action == "remove":
            del target[index]
        else:
            target[index] = draw(json_values)
    else:
        target.append(draw(json_values))
    return app


@FAST
@given(mutated_applications())
def test_mutated_applications_raise_only_input_error(app):
    evaluate_or_input_error(app)
