"""Rules on the money: the amount applied for, the 50 % share, and how grant and costs add up."""

from __future__ import annotations

from fractions import Fraction


from ..intensity import share_of
from ..text import Msg, nok, pct
from .base import Case, Finding, both, rule


@rule("funding.range", "utlysning/#stottebelop",
      Msg("Søkt beløp", "Amount applied for"),
      Msg("Søkt beløp er i størrelsesordenen utlysningen nevner.",
          "The amount applied for is in the range the call mentions."))
def funding_range(case: Case) -> list[Finding]:
    """Utlysningen: «Innovasjon Norge kan samlet bevilge i størrelsesorden 1-2,5 millioner
    kroner per prosjekt». "I størrelsesorden" is a guide, so outside it is a warning."""
    low, high = case.round.amount_min_nok, case.round.amount_max_nok
    asked = case.project.requested_nok
    if asked is None:
        return [Finding("missing", Msg("Søkt beløp er ikke oppgitt.",
                                       "The amount applied for is not given."))]
    if low <= asked <= high:
        return [Finding("pass", both(lambda l: (
            f"Søkt beløp {nok(asked, l)} er innenfor {nok(low, l)}–{nok(high, l)}." if l == "nb"
            else f"The amount applied for, {nok(asked, l)}, is within {nok(low, l)}–"
            f"{nok(high, l)}."
        )))]
    return [Finding("warn", both(lambda l: (
        f"Søkt beløp {nok(asked, l)} er utenfor størrelsesordenen {nok(low, l)}–{nok(high, l)} "
        "som utlysningen nevner." if l == "nb" else
        f"The amount applied for, {nok(asked, l)}, is outside the range {nok(low, l)}–"
        f"{nok(high, l)} the call mentions."
    )))]


@rule("funding.share", "utlysning/#stottebelop",
      Msg("Støtteandel", "Aid share"),
      Msg("Søkt beløp er høyst 50 % av prosjektets totale kostnader.",
          "The amount applied for is at most 50 % of the project's total cost."))
def funding_share(case: Case) -> list[Finding]:
    """Utlysningen: «Støtte vil uansett ikke overstige 50 prosent.»"""
    asked, total = case.project.requested_nok, case.project.total_cost_nok
    limit = case.max_share
    if asked is None or total is None:
        return [Finding("missing", Msg(
            "Søkt beløp og totale kostnader må begge være oppgitt.",
            "Both the amount applied for and the total cost must be given.",
        ))]
    if total == 0:
        return [Finding("fail", Msg("Totale kostnader er 0 kr; støtten kan ikke ha en andel av det.",
                                    "The total cost is NOK 0; there is nothing to share."))]
    share = Fraction(asked, total)
    ceiling = share_of(limit, total)
    if share > limit:
        return [Finding("fail", both(lambda l: (
            f"Søkt beløp {nok(asked, l)} er {pct(share, l)} av totale kostnader "
            f"{nok(total, l)}; høyst {pct(limit, l)} ({nok(ceiling, l)}) er tillatt." if l == "nb"
            else f"The amount applied for, {nok(asked, l)}, is {pct(share, l)} of the total cost "
            f"{nok(total, l)}; at most {pct(limit, l)} ({nok(ceiling, l)}) is allowed."
        )))]
    return [Finding("pass", both(lambda l: (
        f"Søkt beløp er {pct(share, l)} av totale kostnader (høyst {pct(limit, l)})."
        if l == "nb" else
        f"The amount applied for is {pct(share, l)} of the total cost (at most {pct(limit, l)})."
    )))]


def _sum_check(given: list[int], target: int | None, what: Msg, target_name: Msg,
               none_given: Msg) -> list[Finding]:
    if not given:
        return [Finding("missing", none_given)]
    if target is None:
        return [Finding("missing", both(lambda l: (
            f"{target_name.nb[0].upper()}{target_name.nb[1:]} er ikke oppgitt." if l == "nb"
            else f"{target_name.en[0].upper()}{target_name.en[1:]} is not given."
        )))]
    total = sum(given)
    if total == target:
        return [Finding("pass", both(lambda l: (
            f"{what.nb} summerer til {nok(total, l)}, lik {target_name.nb}." if l == "nb"
            else f"{what.en} add up to {nok(total, l)}, equal to {target_name.en}."
        )))]
    return [Finding("warn", both(lambda l: (
        f"{what.nb} summerer til {nok(total, l)}, men {target_name.nb} er {nok(target, l)}."
        if l == "nb" else
        f"{what.en} add up to {nok(total, l)}, but {target_name.en} is {nok(target, l)}."
    )))]


@rule("funding.allocation", "utlysning/#krav-til-stotte",
      Msg("Fordeling av støtten", "Allocation of the grant"),
      Msg("Deltakernes andeler av støtten summerer til søkt beløp.",
          "The participants' shares of the grant add up to the amount applied for."))
def funding_allocation(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til støtte»: «støttebeløpet fordeles på deltagende virksomheter»;
    each share must be known to test its limits, and they should add up."""
    return _sum_check(
        [m.p.aid_nok for m in case.members if m.p.aid_nok is not None],
        case.project.requested_nok,
        Msg("Deltakernes støtte", "The participants' aid amounts"),
        Msg("søkt beløp", "the amount applied for"),
        Msg("Ingen deltaker har fått tildelt en andel av støtten ennå.",
            "No participant has been given a share of the grant yet."),
    )


@rule("funding.costs", "utlysning/#stottebelop",
      Msg("Fordeling av kostnadene", "Allocation of the costs"),
      Msg("Deltakernes støtteberettigede kostnader summerer til prosjektets totale kostnader.",
          "The participants' eligible costs add up to the project's total cost."))
def funding_costs(case: Case) -> list[Finding]:
    """Utlysningen: the share («Støtteandel») is counted against the project's eligible costs,
    which are the participants' costs together."""
    return _sum_check(
        [m.p.eligible_costs_nok for m in case.members if m.p.eligible_costs_nok is not None],
        case.project.total_cost_nok,
        Msg("Deltakernes kostnader", "The participants' costs"),
        Msg("totale kostnader", "the total cost"),
        Msg("Ingen deltaker har oppgitt støtteberettigede kostnader ennå.",
            "No participant has given eligible costs yet."),
    )
