"""Why each figure of the basis comparison is what it is (contract §2.2): the terms behind a
participant's limit and behind an option's amount, in the order they are applied, each with the
paragraph that states it.

The terms are the steps the intensity code computed the figures with (checker.intensity.chain,
read through rules.state_aid.bounds) and the same sums checker.options adds up; nothing here
computes a figure a second time. A term is a (Message, source) pair, rendered when the report is.
"""

from __future__ import annotations

from .intensity import Step, share, share_of
from .messages import Listing, Message, NokRange, msg
from .rules.base import Case, Member, resolve
from .rules.state_aid import Bounds, OpenAnswers, unknown_answers
from .vocabulary import Term

WhyTerm = tuple[Message, str | None]

# The order of §2.2.1: the article, the size bonus, the collaboration or SME-share test, the
# 80 % ceiling, the round's max share.
_ORDER = ("article", "size", "collaboration", "sme_share", "ceiling", "cap")
GRANT_PAGE = "sjekkeren-vurderer/#grensene"


def render(terms: list[WhyTerm], lang: str, case: Case) -> list[dict]:
    return [{"text": message.render(lang), "source": source and resolve(source, case.round)}
            for message, source in terms]


# --- a participant under a GBER basis -------------------------------------------------------------

def gber_terms(case: Case, answers: OpenAnswers, m: Member, found: Bounds, low: int,
               high: int) -> list[WhyTerm]:
    """The terms of one participant's limits `low` and `high` (whole NOK), reached through the
    steps of `found` under the case's GBER basis; the last is the arithmetic on its costs."""
    # The steps are the same for every participant and every evaluation with the same open
    # answers (`found` is cached, so its id is stable); only the consortium's test is the case's.
    key = (id(found), m.sizes, m.p.kind is None, answers.test is not None)
    steps = _DERIVED.get(key)
    if steps is None:
        steps = _DERIVED[key] = _derive(case, answers, m, found)
    return [(answers.test.message, term[1]) if term[0] is _TEST else term for term in steps] + [
        _arithmetic(m.p.eligible_costs_nok, found.low[-1].percent, found.high[-1].percent, low, high)]


_DERIVED: dict[tuple, list] = {}
_TEST = object()  # where the consortium's test goes among the steps


def _derive(case: Case, answers: OpenAnswers, m: Member, found) -> list[WhyTerm]:
    by_kind: dict[str, list[Step]] = {}
    for chain in found.chains:
        for step in chain:
            steps = by_kind.setdefault(step.kind, [])
            if step not in steps:
                steps.append(step)
    articles = {step.message.key for step in by_kind["article"]}
    shapes = {tuple(step.kind for step in chain if step.kind not in ("ceiling", "cap"))
              for chain in found.chains}
    if len(articles) > 1 or len(shapes) > 1:
        terms = _different_paths(case, answers, m, found)
    else:
        terms = []
        for kind in _ORDER:
            steps = by_kind.get(kind)
            if steps:
                terms += _step_terms(kind, steps, answers, m)
    return terms


def _step_terms(kind: str, steps: list[Step], answers: OpenAnswers, m: Member) -> list[WhyTerm]:
    """One term for a step every open answer agrees on, or one that names the open answer; the
    consortium's test follows the step it decides, with the cost shares behind it."""
    first = steps[0]
    if kind == "sme_share" and len(steps) == 1 and answers.test is not None:
        # The test's own message says whether the condition is met, with the shares behind it.
        return [(_TEST, first.source)]
    if len(steps) == 1 or kind in ("ceiling", "cap"):
        # A ceiling or cap binds only where the figure reaches it: the highest such step says so.
        step = max(steps, key=lambda s: s.percent) if kind in ("ceiling", "cap") else first
        terms = [(step.message, step.source)]
    elif kind == "size":
        sizes = Listing(Term("size", size) for size in sorted(m.sizes, key=_SIZE_ORDER.index))
        points = sorted(step.points for step in steps)
        terms = [(msg("why.size_open", sizes=sizes, low=points[0], high=points[-1]), first.source)]
    else:
        percents = sorted({step.percent for step in steps})
        terms = [(msg(_OPEN[kind], low=share(percents[0]),
                      high=share(percents[-1])), first.source)]
    if kind in ("collaboration", "sme_share") and answers.test is not None:
        terms.append((_TEST, first.source))
    return terms


_SIZE_ORDER = ["micro", "small", "medium", "large"]
# A step the open answers leave undecided, by its kind (the size has a message of its own).
_OPEN = {"article": "why.article_open", "collaboration": "why.collaboration_open",
         "sme_share": "why.sme_share_open"}


def _different_paths(case: Case, answers: OpenAnswers, m: Member, found) -> list[WhyTerm]:
    """Where the open answers lead down different paths of §3.1 (an unknown kind; under article
    29 a size that may or may not be an SME): which answers decide, then the path to the lowest
    and the path to the highest figure."""
    unknown = Listing(unknown_answers(case, answers, m))
    low, high = found.low[-1].percent, found.high[-1].percent
    if low == high:
        terms = [(msg("why.paths_same", percent=share(low), unknown=unknown), None)]
        terms += [(step.message, step.source) for step in found.high]
    else:
        terms = [(msg("why.paths", low=share(low), high=share(high),
                      unknown=unknown), None)]
        for key, chain in (("why.path_low", found.low), ("why.path_high", found.high)):
            terms += [(msg(key, term=step.message), step.source) for step in chain]
    if answers.test is not None:
        terms.append((_TEST, found.high[0].source))
    return terms


def _arithmetic(costs: int, low_percent: int, high_percent: int, low: int, high: int) -> WhyTerm:
    if low_percent == high_percent:
        return msg("why.arithmetic", percent=share(low_percent), costs=costs, amount=low), None
    return msg("why.arithmetic_range", low_percent=share(low_percent), costs=costs,
               low=low, high_percent=share(high_percent), high=high), None


# --- a participant under de minimis ---------------------------------------------------------------

DE_MINIMIS_PAGE = "statsstotte/bagatellmessig-stotte/#tak"


def de_minimis_terms(case: Case, m: Member, low: int, high: int) -> list[WhyTerm]:
    """§2.2.2: the round's share of its costs, the ceiling band less what it has received (or
    that this is unknown), and which of them binds."""
    costs = m.p.eligible_costs_nok
    by_share = share_of(case.max_share, costs)
    ceiling_low = case.round.de_minimis_ceiling_low_nok
    ceiling_high = case.round.de_minimis_ceiling_high_nok
    received = m.p.de_minimis_received_nok
    terms: list[WhyTerm] = [
        (msg("why.de_minimis.share", share=case.max_share, costs=costs, amount=by_share),
         "{call}#stottebelop"),
    ]
    if received is None:
        terms.append((msg("why.de_minimis.received_unknown", ceiling=ceiling_high), DE_MINIMIS_PAGE))
        binds = "why.de_minimis.binds_unknown"
    else:
        terms.append((msg("why.de_minimis.room", ceiling=NokRange(ceiling_low, ceiling_high),
                          received=received,
                          room=NokRange(max(0, ceiling_low - received), max(0, ceiling_high - received))),
                       DE_MINIMIS_PAGE))
        binds = ("why.de_minimis.binds_share" if low == high == by_share else
                 "why.de_minimis.binds_ceiling" if high < by_share else
                 "why.de_minimis.binds_both")
    terms.append((msg(binds, low=low, high=high, amount=by_share, limit=NokRange(low, high)), None))
    return terms


# --- an option's amount -----------------------------------------------------------------------------

def grant_terms(case: Case, rows: list[dict], certain: int | None, upper: int) -> list[WhyTerm]:
    """§2.2.3: which of the round's upper amount, the max share of the total cost and the sum of
    the participants' limits binds max_grant_nok, and max_grant_upper_nok where it differs."""
    amount = case.round.amount_max_nok
    total = case.project.total_cost_nok
    total_part = None if total is None else msg(
        "why.grant.total_part", share=case.max_share, total=total,
        value=share_of(case.max_share, total))
    if certain is None:
        terms = [(msg("why.grant.no_costs"), GRANT_PAGE)]
    else:
        terms = [(_binding(certain, amount, total, case, sum(r["max_aid_nok"] for r in rows),
                           total_part), GRANT_PAGE)]
    if upper != certain:
        without = [m.p.name for m in case.members if m.p.eligible_costs_nok is None]
        if without:
            reason = msg("why.grant.upper_without_costs", names=without, value=upper,
                         amount=amount, total_part=total_part)
        else:
            reason = msg("why.grant.upper_open", value=upper,
                         binding=_binding(upper, amount, total, case,
                                          sum(r["max_aid_upper_nok"] for r in rows), total_part))
        terms.append((reason, GRANT_PAGE))
    return terms


def _binding(value: int, amount: int, total: int | None, case: Case, limits: int,
             total_part) -> Message:
    if value == limits and limits < amount and (total is None or limits < share_of(case.max_share, total)):
        return msg("why.grant.sum", sum=limits, amount=amount, total_part=total_part)
    if value == amount:
        return msg("why.grant.amount", amount=amount, sum=limits, total_part=total_part)
    return msg("why.grant.total", share=case.max_share, total=total, value=value, amount=amount,
               sum=limits)
