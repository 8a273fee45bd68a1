"""Maximum aid intensities under the GBER articles the call allows, the consortium tests they
depend on, and the EU SME size test (contract §3.1).

Every figure comes from checker/law.json, for the GBER text the round applies, so a new text is
new data, not new code. A participant's maximum is derived as a chain of steps, each step the
intensity after one term of §3.1 with the message that explains it and the guide paragraph that
states it: `chain(...)[-1].percent` is the maximum, and the same steps are the «why» of the basis
comparison (contract §2.2). No second computation exists for the text.

Intensities are whole percentage points, so 25 + 20 + 15 is exactly 60 and never
0.6000000000000001. All functions are pure; the expensive ones are cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from . import law
from .messages import Message, msg
from .vocabulary import Term, values

SIZES = values("size")
KINDS = values("kind")
RD_CATEGORIES = values("rd_category")
GBER_BASES = tuple(b for b in values("aid_basis") if b.startswith("gber_"))
SMES = frozenset({"micro", "small", "medium"})
# Contract §2: the participants the GBER articles speak of as undertakings.
UNDERTAKINGS = frozenset({"company", "cluster_organisation"})
RESEARCH_ORGANISATIONS = frozenset({"research_institute", "university"})

# The guide's paragraph for each article's intensities.
_INTENSITY_PAGE = {
    "gber_25": "statsstotte/artikkel-25/#stotteintensitet",
    "gber_27": "statsstotte/artikkel-27/#stotteintensitet",
    "gber_29": "statsstotte/artikkel-29/#stotteintensitet",
    "gber_49": "statsstotte/artikkel-49/#stotteintensitet",
}
COLLABORATION_PAGE = "statsstotte/artikkel-25/#samarbeid"
NOT_UNDERTAKING_PAGE = "statsstotte/#stotteintensitet"


# --- the SME definition ------------------------------------------------------------------------

@cache
def _ceilings() -> tuple[tuple[str, float, float, float], ...]:
    """(size, staff below, turnover at most, balance at most), smallest first."""
    return tuple((size, law.sme(f"{size}.staff_below"), law.sme(f"{size}.turnover_max_eur"),
                  law.sme(f"{size}.balance_max_eur")) for size in ("micro", "small", "medium"))


def _size_from_figures(employees: float, turnover_eur: float, balance_sheet_eur: float) -> str:
    for size, staff_below, turnover_max, balance_max in _ceilings():
        if employees < staff_below and (
            turnover_eur <= turnover_max or balance_sheet_eur <= balance_max
        ):
            return size
    return "large"


@cache
def _bands() -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """One value inside each band an unknown figure may fall in: enough to list every size that
    an incomplete answer still allows."""
    ceilings = _ceilings()
    return ((0, *(staff for _, staff, _, _ in ceilings)),
            (0, *(turnover + 1 for _, _, turnover, _ in ceilings)),
            (0, *(balance + 1 for _, _, _, balance in ceilings)))


def possible_sizes(
    employees: float | None, turnover_eur: float | None, balance_sheet_eur: float | None
) -> frozenset[str]:
    """Every size the figures allow; an unknown figure (None) may take any value."""
    staff_bands, turnover_bands, balance_bands = _bands()
    staff = staff_bands if employees is None else (employees,)
    turnovers = turnover_bands if turnover_eur is None else (turnover_eur,)
    balances = balance_bands if balance_sheet_eur is None else (balance_sheet_eur,)
    return frozenset(
        _size_from_figures(e, t, b) for e in staff for t in turnovers for b in balances
    )


def derive_size(
    employees: float | None, turnover_eur: float | None, balance_sheet_eur: float | None
) -> str | None:
    """The SME category (micro/small/medium/large), or None while unknown figures could change it.

    Recommendation 2003/361/EC Annex art. 2: micro if fewer than 10 annual work units and
    turnover or balance-sheet total at most EUR 2 M; small below 50 and EUR 10 M / 10 M; medium
    below 250 and EUR 50 M / 43 M; else large. 250 or more work units is large whatever the
    money; a turnover within a ceiling settles the money test even if the balance is unknown.
    """
    sizes = possible_sizes(employees, turnover_eur, balance_sheet_eur)
    return next(iter(sizes)) if len(sizes) == 1 else None


# --- a participant's maximum, step by step ------------------------------------------------------

@cache
def share(percent: int) -> Fraction:
    """Whole percentage points as an exact share (15 -> 3/20), made once per value."""
    return Fraction(percent, 100)


@dataclass(frozen=True)
class Step:
    """One term of contract §3.1 applied to a participant: the maximum after it, in whole
    percentage points, what kind of term it is, its message and the paragraph that states it."""

    kind: str  # article | size | collaboration | sme_share | ceiling | cap
    percent: int
    message: Message
    source: str | None
    points: int | None = None  # what an additive step (a bonus) adds


def _size_bonus(basis: str, size: str | None, text: str) -> int:
    if size is None:
        raise ValueError("this aid basis needs the enterprise's size")
    if size == "large":
        return 0
    return law.gber(text, f"{basis}.bonus.{'medium' if size == 'medium' else 'small'}")


@cache
def chain(basis: str, kind: str, size: str | None, rd_category: str | None, collaboration: bool,
          sme_share_ok: bool, text: str, cap: int | None) -> tuple[Step, ...]:
    """The steps of one participant's maximum intensity under `basis` (contract §3.1), for one
    answer to each open question: its kind and size, the R&D category, and the consortium's
    collaboration (art. 25(6)(b)) and SME-share (art. 29) tests. `text` is the GBER text the
    round applies; `cap` the round's max share in percent, or None for the article alone.
    """
    if basis not in GBER_BASES:
        raise ValueError(f"not a GBER basis: {basis!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind: {kind!r}")
    steps = _article_steps(basis, kind, size, rd_category, collaboration, sme_share_ok, text)
    last = steps[-1].percent
    if cap is not None and last > cap:
        steps.append(Step("cap", cap, msg("why.cap", cap=share(cap), before=share(last)),
                          "{call}#stottebelop"))
    return tuple(steps)


def _article_steps(basis, kind, size, rd, collaboration, sme_share_ok, text) -> list[Step]:
    page = _INTENSITY_PAGE[basis]
    if kind not in UNDERTAKINGS:
        # The article sets no limit of its own for them; the round's max share applies.
        return [Step("article", 100, msg("why.not_undertaking", kind=Term("kind", kind)),
                     NOT_UNDERTAKING_PAGE)]
    if basis == "gber_27":
        if kind != "cluster_organisation":
            return [Step("article", 0, msg("why.gber_27.not_cluster", kind=Term("kind", kind)), page)]
        percent = law.gber(text, "gber_27.intensity.cluster_organisation")
        return [Step("article", percent, msg("why.gber_27.cluster", percent=share(percent)), page)]
    if basis == "gber_29":
        if size is None:
            raise ValueError("this aid basis needs the enterprise's size")
        if size in SMES:
            percent = law.gber(text, "gber_29.intensity.sme")
            return [Step("article", percent, msg("why.gber_29.sme", size=Term("size", size),
                                                 percent=share(percent)), page)]
        percent = law.gber(text, "gber_29.intensity.large")
        need = law.gber(text, "gber_29.min_sme_share")
        return [Step("article", percent, msg("why.gber_29.large", percent=share(percent),
                                             share=share(need)), page),
                Step("sme_share", percent if sme_share_ok else 0,
                     msg("why.gber_29.share_met" if sme_share_ok else "why.gber_29.share_not_met",
                         percent=share(percent)), page)]
    if basis == "gber_25":
        if rd not in RD_CATEGORIES:
            raise ValueError("gber_25 needs rd_category")
        percent = law.gber(text, f"gber_25.intensity.{rd}")
        steps = [Step("article", percent, msg("why.gber_25.article", rd=Term("rd_category", rd),
                                              percent=share(percent)), page)]
    else:  # gber_49
        percent = law.gber(text, "gber_49.intensity.base")
        steps = [Step("article", percent, msg("why.gber_49.article", percent=share(percent)),
                      page)]
    bonus = _size_bonus(basis, size, text)
    percent += bonus
    steps.append(Step("size", percent, msg("why.size_bonus", size=Term("size", size), points=bonus),
                      page, bonus))
    if basis == "gber_25" and rd != "feasibility_study":
        points = law.gber(text, "gber_25.bonus.collaboration") if collaboration else 0
        percent += points
        steps.append(Step("collaboration", percent,
                          msg("why.collaboration.bonus" if collaboration else "why.collaboration.none",
                              points=points), COLLABORATION_PAGE, points))
    if basis == "gber_25":
        ceiling = law.gber(text, "gber_25.ceiling")
        if percent > ceiling:
            steps.append(Step("ceiling", ceiling, msg("why.gber_25.ceiling", ceiling=share(ceiling),
                                                      before=share(percent)), page))
    return steps


def article_percent(basis: str, size: str | None, *, text: str, rd_category: str | None = None,
                    collaboration: bool = False, sme_share_ok: bool = True,
                    kind: str = "company") -> int:
    """The article's maximum intensity in whole percentage points, before the round's cap;
    100 for participants that are not undertakings (only the round's max share limits them)."""
    return chain(basis, kind, size, rd_category, collaboration, sme_share_ok, text, None)[-1].percent


def article_intensity(basis: str, size: str | None, *, text: str, rd_category: str | None = None,
                      collaboration: bool = False, sme_share_ok: bool = True,
                      kind: str = "company") -> float:
    """The article's maximum aid intensity (0.0-1.0) for one participant, uncapped."""
    return article_percent(basis, size, text=text, rd_category=rd_category,
                           collaboration=collaboration, sme_share_ok=sme_share_ok, kind=kind) / 100


def max_intensity(basis: str, size: str | None, *, text: str, max_share: float,
                  rd_category: str | None = None, collaboration: bool = False,
                  sme_share_ok: bool = True, kind: str = "company") -> float:
    """`article_intensity` capped by the round's max share (contract §3.1)."""
    cap = cap_percent(max_share)
    return chain(basis, kind, size, rd_category, collaboration, sme_share_ok, text,
                 cap)[-1].percent / 100


@cache
def cap_percent(max_share: float | Fraction) -> int:
    """The round's max share in whole percent (the round model accepts only such shares)."""
    percent = Fraction(str(max_share)) * 100
    if percent.denominator != 1:
        raise ValueError(f"the max share must be a whole percent, not {max_share}")
    return int(percent)


def share_of(share: Fraction, amount: int) -> int:
    """The most a share allows of an amount, in whole NOK: floor(share × amount). Whole NOK
    within it: an amount of aid is within the share exactly when it is at most this."""
    return share.numerator * amount // share.denominator  # integers only: exact and fast


# --- the consortium's tests ----------------------------------------------------------------------

@dataclass(frozen=True)
class Test:
    """A consortium test's answer (None while open answers could change it) and the message
    that says why, with the cost shares behind it."""

    holds: bool | None
    message: Message


def _share(part: int, total: int) -> Fraction:
    return Fraction(part, total) if total else Fraction(0)


def sme_share_ok(shares: Iterable[tuple[bool | None, int | None]], *, text: str) -> Test:
    """Do SMEs bear at least 30 % of the participants' summed eligible costs? (GBER art. 29)

    `shares` holds (is the participant an SME, its eligible costs) for every participant; None
    means unknown. `holds` is True or False when every possible answer agrees, else None.
    """
    need = law.gber(text, "gber_29.min_sme_share")
    sure_sme = other_max = possible_sme = other_min = 0
    other_unbounded = sme_unbounded = False
    for sme, costs in shares:
        if sme is True:
            if costs is None:
                sme_unbounded = True
            else:
                sure_sme += costs
                possible_sme += costs
        elif sme is False:
            if costs is None:
                other_unbounded = True
            else:
                other_max += costs
                other_min += costs
        else:  # unknown size: an SME in the best case, not one in the worst
            if costs is None:
                other_unbounded = sme_unbounded = True
            else:
                possible_sme += costs
                other_max += costs

    def holds(sme_costs: int, other_costs: int) -> bool:
        total = sme_costs + other_costs
        return total > 0 and 100 * sme_costs >= need * total

    need_share = share(need)
    if not other_unbounded and holds(sure_sme, other_max):
        total = sure_sme + other_max
        return Test(True, msg("why.sme_share.holds", share=_share(sure_sme, total), smes=sure_sme,
                              total=total, need=need_share))
    if sme_unbounded or holds(possible_sme, other_min):
        return Test(None, msg("why.sme_share.open", need=need_share))
    total = sure_sme + other_max
    return Test(False, msg("why.sme_share.fails", share=_share(sure_sme, total), smes=sure_sme,
                           total=total, need=need_share))


def effective_collaboration(
    participants: Iterable[tuple[str | None, bool | None, int | None, str]], *, text: str,
) -> Test:
    """Does the project qualify for the collaboration bonus? (GBER art. 25(6)(b)(i))

    `participants` holds (kind, is an SME, eligible costs, name) for every participant. It
    qualifies if (i) at least two undertakings take part, at least one of them an SME, and no
    single undertaking bears more than 70 % of the summed eligible costs; or (ii) a research
    institute or university bears at least 10 % of those costs (read per organisation, as
    contract §3.1 words it). Open (None) while an unknown kind or cost could change the answer;
    an unknown size only matters if no undertaking is known to be an SME.
    """
    rows = list(participants)
    most = law.gber(text, "gber_25.collaboration.max_undertaking_share")
    least = law.gber(text, "gber_25.collaboration.min_research_share")
    unknown = [name for kind, _, costs, name in rows if kind is None or costs is None]
    if unknown:
        return Test(None, msg("why.collaboration.open_answers", names=unknown))
    total = sum(costs for _, _, costs, _ in rows)
    if total <= 0:
        return Test(False, msg("why.collaboration.no_costs"))
    for kind, _, costs, name in rows:
        if kind in RESEARCH_ORGANISATIONS and 100 * costs >= least * total:
            return Test(True, msg("why.collaboration.research", name=name, share=_share(costs, total),
                                  least=share(least)))
    undertakings = [(sme, costs, name) for kind, sme, costs, name in rows if kind in UNDERTAKINGS]
    if len(undertakings) < 2:
        return Test(False, msg("why.collaboration.too_few", undertakings=len(undertakings)))
    largest_sme, largest, largest_name = max(undertakings, key=lambda u: u[1])
    if 100 * largest > most * total:
        return Test(False, msg("why.collaboration.one_bears_too_much", name=largest_name,
                               share=_share(largest, total), most=share(most)))
    smes = {sme for sme, _, _ in undertakings}
    bounded = msg("why.collaboration.bounded", name=largest_name, share=_share(largest, total),
                  most=share(most))
    if True in smes:
        return Test(True, msg("why.collaboration.holds", bounded=bounded))
    if None in smes:
        return Test(None, msg("why.collaboration.sme_unknown", bounded=bounded))
    return Test(False, msg("why.collaboration.no_sme", bounded=bounded))
