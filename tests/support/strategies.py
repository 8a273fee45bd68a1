"""Hypothesis strategies for applications of the format (contract §1): the property tests and the
basis comparison's properties draw from the same ones."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import checker
from checker.intensity import KINDS, RD_CATEGORIES, SIZES

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
