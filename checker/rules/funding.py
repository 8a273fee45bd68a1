"""Rules on the money: the amount applied for, the round's max share, and how grant and costs
add up."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..intensity import share_of
from ..messages import msg
from .base import CALL, Case, Finding, rule


@rule("funding.range", f"{CALL}#stottebelop")
def funding_range(case: Case) -> list[Finding]:
    """Utlysningen: «Innovasjon Norge kan samlet bevilge i størrelsesorden 1-2,5 millioner
    kroner per prosjekt». "I størrelsesorden" is a guide, so outside it is a warning."""
    low, high = case.round.amount_min_nok, case.round.amount_max_nok
    asked = case.project.requested_nok
    if asked is None:
        return [Finding("missing", msg("funding.range.missing"))]
    if low <= asked <= high:
        return [Finding("pass", msg("funding.range.pass", asked=asked, low=low, high=high))]
    return [Finding("warn", msg("funding.range.warn", asked=asked, low=low, high=high))]


@rule("funding.share", f"{CALL}#stottebelop")
def funding_share(case: Case) -> list[Finding]:
    """Utlysningen: «Støtte vil uansett ikke overstige 50 prosent.» (the round's max share)"""
    asked, total = case.project.requested_nok, case.project.total_cost_nok
    limit = case.max_share
    if asked is None or total is None:
        return [Finding("missing", msg("funding.share.missing"))]
    if total == 0:
        return [Finding("fail", msg("funding.share.zero_total"))]
    share = Fraction(asked, total)
    if share > limit:
        return [Finding("fail", msg("funding.share.fail", asked=asked, share=share, total=total,
                                    limit=limit, ceiling=share_of(limit, total)))]
    return [Finding("pass", msg("funding.share.pass", share=share, limit=limit))]


class _SumMessages(NamedTuple):
    none_given: str
    no_target: str
    equal: str
    differs: str


def _sum_check(given: list[int], target: int | None, says: _SumMessages) -> list[Finding]:
    if not given:
        return [Finding("missing", msg(says.none_given))]
    if target is None:
        return [Finding("missing", msg(says.no_target))]
    total = sum(given)
    if total == target:
        return [Finding("pass", msg(says.equal, total=total))]
    return [Finding("warn", msg(says.differs, total=total, target=target))]


@rule("funding.allocation", f"{CALL}#krav-til-stotte")
def funding_allocation(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til støtte»: «støttebeløpet fordeles på deltagende virksomheter»;
    each share must be known to test its limits, and they should add up."""
    return _sum_check([m.p.aid_nok for m in case.members if m.p.aid_nok is not None],
                      case.project.requested_nok,
                      _SumMessages("funding.allocation.none_given", "funding.allocation.no_target",
                                   "funding.allocation.pass", "funding.allocation.warn"))


@rule("funding.costs", f"{CALL}#stottebelop")
def funding_costs(case: Case) -> list[Finding]:
    """Utlysningen: the share («Støtteandel») is counted against the project's eligible costs,
    which are the participants' costs together."""
    return _sum_check([m.p.eligible_costs_nok for m in case.members
                       if m.p.eligible_costs_nok is not None],
                      case.project.total_cost_nok,
                      _SumMessages("funding.costs.none_given", "funding.costs.no_target",
                                   "funding.costs.pass", "funding.costs.warn"))
