"""From findings to the report of contract §2: rule status, verdict and estimate, with the
options of §2.1 (checker.options) beside them.

A rule's status is the worst of its findings (fail > missing > warn > info > pass). The verdict
is not_eligible if any finding fails, else incomplete if any is missing, else eligible; warn and
info never change it.
"""

from __future__ import annotations

from .intensity import share_of
from .rules import Case, Finding, Rule
from .rules.base import resolve

STATUSES = ("fail", "missing", "warn", "info", "pass")  # worst first
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def worst(statuses) -> str:
    return min(statuses, key=_RANK.__getitem__, default="pass")


def verdict(statuses) -> str:
    present = set(statuses)
    if "fail" in present:
        return "not_eligible"
    if "missing" in present:
        return "incomplete"
    return "eligible"


def estimate(case: Case) -> dict:
    """The largest grant the round allows for this total, and the share applied for.

    max_grant_nok = min(the round's upper amount, floor(max share × total cost)); null without a
    total. requested_share = requested / total to 4 decimals; null if either is unknown or the
    total is 0.
    """
    total, asked = case.project.total_cost_nok, case.project.requested_nok
    share = case.max_share
    return {
        "max_grant_nok": None if total is None
        else min(case.round.amount_max_nok, share_of(share, total)),
        "max_share": case.round.max_share,
        "requested_share": None if total is None or asked is None or total == 0
        else round(asked / total, 4),
    }


def finding_dict(case: Case, rule: Rule, finding: Finding, lang: str) -> dict:
    return {
        "rule": rule.id,
        "status": finding.status,
        "message": finding.message.render(lang),
        "source": resolve(finding.source or rule.source, case.round),
        "participant": finding.participant,
    }


def build_report(case: Case, results: list[tuple[Rule, list[Finding]]], lang: str, *,
                 options: list[dict], recommended: dict | None) -> dict:
    findings = [finding_dict(case, rule, f, lang) for rule, fs in results for f in fs]
    return {
        "verdict": verdict(f["status"] for f in findings),
        "round": case.round.round,
        "findings": findings,
        "estimate": estimate(case),
        "options": options,
        "recommended": recommended,
    }


def rule_statuses(report: dict) -> dict[str, str]:
    """Each rule's status (the worst of its findings), in catalogue order."""
    grouped: dict[str, list[str]] = {}
    for f in report["findings"]:
        grouped.setdefault(f["rule"], []).append(f["status"])
    return {rule: worst(statuses) for rule, statuses in grouped.items()}
