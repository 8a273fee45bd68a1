"""What every rule works on: the case (the application with what the rules derive from it), the
finding a rule returns, the registry, and the wording shared by several rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction


from ..intensity import GBER_BASES, SMES, UNDERTAKINGS, possible_sizes
from ..model import Application, Participant
from ..rounds import Round
from ..text import Msg, Rendered, join

# --- what the rules work on ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    status: str  # pass | fail | warn | missing | info
    message: Msg | Rendered
    participant: int | None = None
    # Where this finding rests on another paragraph than the rule's own source (one of the
    # rule's `also`): aid.incentive_effect under de minimis cites Innovation Norway's practice.
    source: str | None = None


@dataclass(frozen=True)
class Member:
    """A participant with what the rules derive from its answers."""

    index: int
    p: Participant
    undertaking: bool | None  # None: kind not answered
    sizes: frozenset[str]  # every size its answers still allow
    sme: bool | None  # None: the answers allow both


def _member(index: int, p: Participant) -> Member:
    sizes = frozenset({p.size}) if p.size else possible_sizes(
        p.employees, p.turnover_eur, p.balance_sheet_eur
    )
    if sizes <= SMES:
        sme = True
    elif not sizes & SMES or (p.size is None and p.kind is not None
                              and p.kind not in UNDERTAKINGS):
        sme = False  # SME size only matters for enterprises; an institute's unknown size is not
    else:
        sme = None
    undertaking = None if p.kind is None else p.kind in UNDERTAKINGS
    return Member(index, p, undertaking, sizes, sme)


@dataclass(frozen=True)
class Case:
    """The application as the rules see it. The aid basis and R&D category are fields of their
    own, so that the same case can be judged under another basis (checker.options)."""

    app: Application
    round: Round
    today: date
    members: tuple[Member, ...]
    basis: str | None
    rd_category: str | None
    max_share: Fraction  # the round's max share, exact

    @property
    def project(self):
        return self.app.project

    def with_basis(self, basis: str, rd_category: str | None) -> Case:
        return replace(self, basis=basis, rd_category=rd_category)


def make_case(app: Application, round_: Round, today: date) -> Case:
    return Case(app, round_, today, tuple(_member(i, p) for i, p in enumerate(app.participants)),
                app.project.aid_basis, app.project.rd_category, Fraction(str(round_.max_share)))


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    title: Msg
    source: str
    checks: Msg  # what the rule checks, for the site's "Hva sjekkeren vurderer"
    evaluate: Callable[[Case], list[Finding]]
    # Whether the outcome can change with the aid basis or R&D category: only these rules are
    # judged again for each basis compared (checker.options).
    per_basis: bool
    # Other paragraphs some of its findings cite (Finding.source); the site checks them too.
    also: tuple[str, ...] = ()


RULES: list[Rule] = []


def rule(id: str, source: str, title: Msg, checks: Msg, *, per_basis: bool = False,
         also: tuple[str, ...] = ()):
    def register(fn: Callable[[Case], list[Finding]]):
        RULES.append(Rule(id, title, source, checks, fn, per_basis, also))
        return fn

    return register


def evaluate_rules(case: Case, rules=None) -> list[tuple[Rule, list[Finding]]]:
    return [(r, r.evaluate(case)) for r in (RULES if rules is None else rules)]


# --- wording shared by several rules ---------------------------------------------------------


def both(render: Callable[[str], str]) -> Rendered:
    """A message in both languages, from one function of the language. It is rendered late, so
    it must not read a variable that changes after it is made (a loop's variable): give each
    participant's finding a function of its own, as the rules do."""
    return Rendered(render)


def names(members, lang: str) -> str:
    return join([m.p.name for m in members], lang)


def with_aid(case: Case) -> list[Member]:
    return [m for m in case.members if m.p.aid_nok]


def label(table: dict, key: str, lang: str) -> str:
    return table[key][1 if lang == "en" else 0]


BASIS_LABELS = {
    "de_minimis": ("bagatellmessig støtte", "de minimis aid"),
    "gber_25": ("gruppeunntaket artikkel 25 (forskning og utvikling)",
                "GBER article 25 (research and development)"),
    "gber_27": ("gruppeunntaket artikkel 27 (innovasjonsklynger)",
                "GBER article 27 (innovation clusters)"),
    "gber_29": ("gruppeunntaket artikkel 29 (prosess- og organisasjonsinnovasjon)",
                "GBER article 29 (process and organisational innovation)"),
    "gber_49": ("gruppeunntaket artikkel 49 (miljøstudier)",
                "GBER article 49 (environmental studies)"),
}
RD_CATEGORY_LABELS = {
    "industrial_research": ("industriell forskning", "industrial research"),
    "experimental_development": ("eksperimentell utvikling", "experimental development"),
    "feasibility_study": ("gjennomførbarhetsstudie", "feasibility study"),
}


def basis_not_chosen() -> Finding:
    return Finding("missing", Msg(
        "Støttegrunnlag er ikke valgt ennå; det avgjør om denne regelen gjelder.",
        "No aid basis is chosen yet; it decides whether this rule applies.",
    ))


def not_for_basis(case: Case, applies_to: Msg) -> Finding:
    return Finding("info", both(lambda l: (
        f"Gjelder ikke for {label(BASIS_LABELS, case.basis, l)}; gjelder bare {applies_to.nb}."
        if l == "nb" else
        f"Does not apply to {label(BASIS_LABELS, case.basis, l)}; it applies to "
        f"{applies_to.en} only."
    )))


@dataclass(frozen=True)
class Scope:
    """The aid bases a rule applies under, and how a message names them."""
    bases: tuple[str, ...]
    name: Msg


GBER_ONLY = Scope(GBER_BASES, Msg("gruppeunntaket", "the GBER bases"))
DE_MINIMIS_ONLY = Scope(("de_minimis",), Msg("bagatellmessig støtte", "de minimis aid"))


def outside(case: Case, scope: Scope) -> list[Finding] | None:
    """The findings of a rule limited to `scope` while the case's basis is not chosen or is
    another one; None when the rule applies."""
    if case.basis is None:
        return [basis_not_chosen()]
    if case.basis not in scope.bases:
        return [not_for_basis(case, scope.name)]
    return None
