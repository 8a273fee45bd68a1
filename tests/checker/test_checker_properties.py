"""Property-based tests (hypothesis): random valid applications never raise, the verdict
follows from the findings, evaluation is deterministic and leaves its input alone, org-number
validation agrees with the modulus-11 definition, and junk raises only InputError."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

import checker
from checker.report import STATUSES, rule_statuses
from checker.rules import org_number_valid
from strategies import FAST, RULE_IDS, applications, digits9

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
