"""Maximum aid intensities under the GBER articles the call allows, and the EU SME size test.

Contract §3.1. All functions are pure and cheap (the site draws a chart from
`article_intensity`). Intensities are computed in whole percentage points, so 25 + 20 + 15 is
exactly 60 % and never 0.6000000000000001.

Sources (GBER = Commission Regulation (EU) No 651/2014 as amended by 2023/1315):
- art. 25(5)-(6): R&D projects; industrial research 50 %, experimental development 25 %,
  feasibility studies 50 % (art. 25(7)); +10 points for medium-sized and +20 for small
  enterprises; +15 points for effective collaboration (industrial research and experimental
  development only); never above 80 %.
- art. 27: innovation clusters; aid goes to the cluster organisation, up to 50 %.
- art. 29(4): process and organisational innovation; 50 % for SMEs, 15 % for large
  enterprises only if they collaborate with SMEs that bear at least 30 % of the costs.
- art. 49: environmental studies; 60 % after the 2023 amendment, +10 medium, +20 small.
- Commission Recommendation 2003/361/EC, Annex art. 2: the size ceilings (annual work units,
  turnover or balance-sheet total, in EUR), applied as if the enterprise were autonomous.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import cache

SIZES = ("micro", "small", "medium", "large")
SMES = frozenset({"micro", "small", "medium"})
KINDS = (
    "company", "cluster_organisation", "research_institute", "university",
    "catapult_centre", "public_body", "other",
)
UNDERTAKINGS = frozenset({"company", "cluster_organisation"})
RESEARCH_ORGANISATIONS = frozenset({"research_institute", "university"})
RD_CATEGORIES = ("industrial_research", "experimental_development", "feasibility_study")
GBER_BASES = ("gber_25", "gber_27", "gber_29", "gber_49")

# Recommendation 2003/361/EC Annex art. 2: (size, staff below, turnover at most, balance at most).
_CEILINGS = (
    ("micro", 10, 2_000_000, 2_000_000),
    ("small", 50, 10_000_000, 10_000_000),
    ("medium", 250, 50_000_000, 43_000_000),
)
# One value inside each band an unknown figure may fall in: enough to list every size that an
# incomplete answer still allows.
_STAFF_BANDS = (0, 10, 50, 250)
_TURNOVER_BANDS = (0, 2_000_001, 10_000_001, 50_000_001)
_BALANCE_BANDS = (0, 2_000_001, 10_000_001, 43_000_001)


def _size_from_figures(employees: float, turnover_eur: float, balance_sheet_eur: float) -> str:
    for size, staff_below, turnover_max, balance_max in _CEILINGS:
        if employees < staff_below and (
            turnover_eur <= turnover_max or balance_sheet_eur <= balance_max
        ):
            return size
    return "large"


def possible_sizes(
    employees: float | None, turnover_eur: float | None, balance_sheet_eur: float | None
) -> frozenset[str]:
    """Every size the figures allow; an unknown figure (None) may take any value."""
    staff = _STAFF_BANDS if employees is None else (employees,)
    turnovers = _TURNOVER_BANDS if turnover_eur is None else (turnover_eur,)
    balances = _BALANCE_BANDS if balance_sheet_eur is None else (balance_sheet_eur,)
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


def _size_bonus(size: str | None) -> int:
    if size is None:
        raise ValueError("this aid basis needs the enterprise's size")
    return {"micro": 20, "small": 20, "medium": 10, "large": 0}[size]


def article_percent(
    basis: str,
    size: str | None,
    *,
    rd_category: str | None = None,
    collaboration: bool = False,
    sme_share_ok: bool = True,
    kind: str = "company",
) -> int:
    """The article's maximum intensity in whole percentage points, before the round's cap."""
    if basis not in GBER_BASES:
        raise ValueError(f"not a GBER basis: {basis!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind: {kind!r}")
    if kind not in UNDERTAKINGS:
        return 100  # the article sets no limit of its own; the round's max share applies
    if basis == "gber_25":
        base = {"industrial_research": 50, "experimental_development": 25, "feasibility_study": 50}
        if rd_category not in base:
            raise ValueError("gber_25 needs rd_category")
        bonus = 15 if collaboration and rd_category != "feasibility_study" else 0
        return min(base[rd_category] + _size_bonus(size) + bonus, 80)
    if basis == "gber_27":
        return 50 if kind == "cluster_organisation" else 0
    if basis == "gber_29":
        if _size_bonus(size) > 0:  # an SME
            return 50
        return 15 if sme_share_ok else 0
    return 60 + _size_bonus(size)  # gber_49


def article_intensity(
    basis: str,
    size: str | None,
    *,
    rd_category: str | None = None,
    collaboration: bool = False,
    sme_share_ok: bool = True,
    kind: str = "company",
) -> float:
    """The article's maximum aid intensity (0.0-1.0) for one participant, uncapped.

    gber_25 (art. 25(5)-(6)): by rd_category, +0.10 medium, +0.20 small/micro, +0.15 with
    effective collaboration for industrial research and experimental development, at most 0.80.
    gber_27 (art. 27): 0.50 for a cluster_organisation, 0 for other undertakings.
    gber_29 (art. 29(4)): 0.50 for SMEs; 0.15 for a large enterprise if SMEs bear at least 30 %
    of the costs (`sme_share_ok`), else 0.
    gber_49 (art. 49 as amended in 2023): 0.60, +0.10 medium, +0.20 small/micro.
    Participants that are not undertakings get 1.0: only the round's max share limits them.
    """
    return article_percent(
        basis, size, rd_category=rd_category, collaboration=collaboration,
        sme_share_ok=sme_share_ok, kind=kind,
    ) / 100


def max_intensity(
    basis: str,
    size: str | None,
    *,
    max_share: float,
    rd_category: str | None = None,
    collaboration: bool = False,
    sme_share_ok: bool = True,
    kind: str = "company",
) -> float:
    """`article_intensity` capped by the round's max share (contract §3.1)."""
    return float(
        capped_share(basis, size, Fraction(str(max_share)), rd_category, collaboration,
                     sme_share_ok, kind)
    )


@cache
def capped_share(
    basis: str,
    size: str | None,
    max_share: Fraction,
    rd_category: str | None,
    collaboration: bool,
    sme_share_ok: bool,
    kind: str,
) -> Fraction:
    """Exact form of `max_intensity`, for comparing amounts without rounding."""
    article = Fraction(
        article_percent(basis, size, rd_category=rd_category, collaboration=collaboration,
                        sme_share_ok=sme_share_ok, kind=kind),
        100,
    )
    return min(article, max_share)


def share_of(share: Fraction, amount: int) -> int:
    """The most a share allows of an amount, in whole NOK: floor(share × amount). Whole NOK
    within it: an amount of aid is within the share exactly when it is at most this."""
    return share.numerator * amount // share.denominator  # integers only: exact and fast


def sme_share_ok(shares: Iterable[tuple[bool | None, int | None]]) -> bool | None:
    """Do SMEs bear at least 30 % of the participants' summed eligible costs? (GBER art. 29(4))

    `shares` holds (is the participant an SME, its eligible costs) for every participant; None
    means unknown. Returns True or False when every possible answer agrees, else None.
    """
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
        return total > 0 and 10 * sme_costs >= 3 * total

    if not other_unbounded and holds(sure_sme, other_max):
        return True
    if sme_unbounded or holds(possible_sme, other_min):
        return None
    return False


def effective_collaboration(
    participants: Iterable[tuple[str | None, bool | None, int | None]],
) -> bool | None:
    """Does the project qualify for the +15 point collaboration bonus? (GBER art. 25(6)(b)(i))

    `participants` holds (kind, is an SME, eligible costs) for every participant. It qualifies if
    (i) at least two undertakings take part, at least one of them an SME, and no single
    undertaking bears more than 70 % of the summed eligible costs; or (ii) a research institute
    or university bears at least 10 % of those costs (read per organisation, as contract §3.1
    words it). None while an unknown kind or cost could change the answer; an unknown size only
    matters if no undertaking is known to be an SME.
    """
    rows = list(participants)
    if any(kind is None or costs is None for kind, _, costs in rows):
        return None
    total = sum(costs for _, _, costs in rows)
    if total <= 0:
        return False
    if any(kind in RESEARCH_ORGANISATIONS and 10 * costs >= total for kind, _, costs in rows):
        return True
    undertakings = [(sme, costs) for kind, sme, costs in rows if kind in UNDERTAKINGS]
    if len(undertakings) < 2 or any(10 * costs > 7 * total for _, costs in undertakings):
        return False
    smes = {sme for sme, _ in undertakings}
    if True in smes:
        return True
    return None if None in smes else False
