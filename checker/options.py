"""Every aid basis side by side (contract §2.1): what each basis the round allows would give the
consortium as described, which of them gives the most, and why each figure is what it is (§2.2).

An option is the case judged under another aid basis (and R&D category). Only the rules that
depend on the basis (`Rule.per_basis`) are judged again; the others keep the status they have
in the report. The amounts reuse aid.intensity's reading of the open answers
(`rules.state_aid.bounds`) and the round's de minimis band, so the comparison and the rules can
never disagree about a limit; the derivation (checker.why) reads the same steps.

Reading of §2.1 taken here: the de minimis room applies to every participant with costs,
whatever its kind: the contract makes no exception, and the de minimis declaration is the
applicant's to give.
"""

from __future__ import annotations

from . import why
from .intensity import GBER_BASES, RD_CATEGORIES, share_of
from .report import verdict, worst
from .rules import RULES, Case, Finding, Member, Rule
from .rules.state_aid import bounds, open_answers

PER_BASIS = tuple(r for r in RULES if r.per_basis)


def choices(case: Case) -> list[tuple[str, str | None]]:
    """(aid basis, R&D category) for every option, in the round data's order; article 25 once
    per R&D category while none is chosen (§2.1 point 1)."""
    out = []
    for basis in case.round.aid_bases:
        if basis == "gber_25":
            categories = RD_CATEGORIES if case.rd_category is None else (case.rd_category,)
            out += [(basis, rd) for rd in categories]
        else:
            out.append((basis, None))
    return out


def _de_minimis_limits(case: Case, m: Member) -> tuple[int, int]:
    """The room under the ceiling band, and never more than the round's share of the costs
    (§2.1 point 2, de minimis). Unknown aid received: nothing for certain, and at most the whole
    ceiling at the highest rate."""
    by_share = share_of(case.max_share, m.p.eligible_costs_nok)
    received = m.p.de_minimis_received_nok
    high = case.round.de_minimis_ceiling_high_nok
    if received is None:
        return 0, min(by_share, high)
    low = case.round.de_minimis_ceiling_low_nok
    return max(0, min(by_share, low - received)), max(0, min(by_share, high - received))


def participant_limits(case: Case) -> list[tuple[dict, list[why.WhyTerm]]]:
    """Each participant's own limit under the case's basis, for those whose costs are given:
    under the GBER floor(m_low × costs) and floor(m_high × costs) (§2.1 point 2), with the
    percents and the terms they come from (§2.2)."""
    answers = open_answers(case) if case.basis in GBER_BASES else None
    rows = []
    for m in case.members:
        costs = m.p.eligible_costs_nok
        if costs is None:
            continue
        if answers is None:
            low, high = _de_minimis_limits(case, m)
            percents, terms = (None, None), why.de_minimis_terms(case, m, low, high)
        else:
            found = bounds(case, answers, m)
            low, high = share_of(found.low_share, costs), share_of(found.high_share, costs)
            percents = (found.low[-1].percent, found.high[-1].percent)
            terms = why.gber_terms(case, answers, m, found, low, high)
        rows.append(({"participant": m.index, "max_aid_nok": low, "max_aid_upper_nok": high,
                      "percent_low": percents[0], "percent_high": percents[1]}, terms))
    return rows


def grant_limits(case: Case, participants: list[dict]) -> tuple[int | None, int]:
    """(max_grant_nok, max_grant_upper_nok) of §2.1 point 3. Without any participant's costs
    nothing is certain, but the call's own limits still bound what open answers could give."""
    caps = [case.round.amount_max_nok]
    if case.project.total_cost_nok is not None:
        caps.append(share_of(case.max_share, case.project.total_cost_nok))
    certain = min(caps + [sum(p["max_aid_nok"] for p in participants)]) if participants else None
    # A participant without costs could still bear any share of the total.
    if participants and len(participants) == len(case.members):
        caps.append(sum(p["max_aid_upper_nok"] for p in participants))
    return certain, min(caps)


def _statuses(results: list[tuple[Rule, list[Finding]]]) -> dict[str, str]:
    return {rule.id: worst(f.status for f in findings) for rule, findings in results}


def option(case: Case, fixed: dict[str, str], basis: str, rd_category: str | None,
           lang: str) -> dict:
    """The application judged with `basis` and `rd_category`; `fixed` holds the statuses of the
    rules that do not depend on the basis."""
    judged = case.with_basis(basis, rd_category)
    statuses = {**fixed, **_statuses([(r, r.evaluate(judged)) for r in PER_BASIS])}
    rules = {r.id: statuses[r.id] for r in RULES}
    limits = participant_limits(judged)
    participants = [row for row, _ in limits]
    certain, upper = grant_limits(judged, participants)
    for row, terms in limits:
        row["why"] = why.render(terms, lang, judged)
    return {
        "aid_basis": basis,
        "rd_category": rd_category,
        "verdict": verdict(rules.values()),
        "rules": rules,
        "max_grant_nok": certain,
        "max_grant_upper_nok": upper,
        "participants": participants,
        "why": why.render(why.grant_terms(judged, participants, certain, upper), lang, judged),
    }


def compare(case: Case, results: list[tuple[Rule, list[Finding]]], lang: str) -> list[dict]:
    """Every option of §2.1 point 1, in `lang`. `results` is the report's own evaluation, whose
    basis-independent statuses every option shares."""
    fixed = _statuses([(rule, findings) for rule, findings in results if not rule.per_basis])
    return [option(case, fixed, basis, rd, lang) for basis, rd in choices(case)]


def recommended(options: list[dict]) -> dict | None:
    """The option that is not not_eligible with the highest max_grant_nok (null counts as 0);
    a tie goes to eligible before incomplete, then to the earlier option (§2.1 point 4). It is
    the figure that gives the most, not advice (§2.1.4)."""
    candidates = [(o, i) for i, o in enumerate(options) if o["verdict"] != "not_eligible"]
    if not candidates:
        return None
    best, _ = max(candidates, key=lambda c: (c[0]["max_grant_nok"] or 0,
                                             c[0]["verdict"] == "eligible", -c[1]))
    return {"aid_basis": best["aid_basis"], "rd_category": best["rd_category"]}
