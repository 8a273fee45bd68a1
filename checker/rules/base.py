"""What every rule works on: the case (the application with what the rules derive from it), the
finding a rule returns, the registry, and the findings several rules share.

A rule's title and its one sentence on what it checks are catalogue entries «<id>.title» and
«<id>.checks», written over the round's figures ("Minst {min_companies} bedrifter …"). A rule's
source may name the round's call page as {call}: "{call}#frist" is "utlysning/#frist" for 2023.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from ..intensity import GBER_BASES, SMES, UNDERTAKINGS, possible_sizes
from ..messages import Message, msg
from ..model import Application, Participant
from ..rounds import Round
from ..vocabulary import Term

# --- what the rules work on ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    status: str  # pass | fail | warn | missing | info
    message: Message
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
    members = tuple(_member(i, p) for i, p in enumerate(app.participants))
    return Case(app, round_, today, members, app.project.aid_basis, app.project.rd_category,
                Fraction(str(round_.max_share)))


# --- the registry ----------------------------------------------------------------------------

CALL = "{call}"  # a rule source's stand-in for the round's call page


def resolve(source: str, round_: Round) -> str:
    return source.replace(CALL, round_.call_page) if source.startswith(CALL) else source


@dataclass(frozen=True)
class Rule:
    id: str
    source: str  # may start with CALL
    evaluate: Callable[[Case], list[Finding]]
    # Whether the outcome can change with the aid basis or R&D category: only these rules are
    # judged again for each basis compared (checker.options).
    per_basis: bool
    # Other paragraphs some of its findings cite (Finding.source); the site checks them too.
    also: tuple[str, ...] = ()

    def title(self, round_: Round) -> Message:
        return msg(f"{self.id}.title", **round_.params())

    def checks(self, round_: Round) -> Message:
        """One sentence on what the rule checks, for the site's «Hva sjekkeren vurderer»."""
        return msg(f"{self.id}.checks", **round_.params())


RULES: list[Rule] = []


def rule(id: str, source: str, *, per_basis: bool = False, also: tuple[str, ...] = ()):
    def register(fn: Callable[[Case], list[Finding]]):
        RULES.append(Rule(id, source, fn, per_basis, also))
        return fn

    return register


def evaluate_rules(case: Case, rules=None) -> list[tuple[Rule, list[Finding]]]:
    return [(r, r.evaluate(case)) for r in (RULES if rules is None else rules)]


# --- what several rules share ------------------------------------------------------------------

def names(members) -> list[str]:
    return [m.p.name for m in members]


def with_aid(case: Case) -> list[Member]:
    return [m for m in case.members if m.p.aid_nok]


def basis_not_chosen() -> Finding:
    return Finding("missing", msg("rule.basis_not_chosen"))


@dataclass(frozen=True)
class Scope:
    """The aid bases a rule applies under, and the catalogue key that names them."""
    bases: tuple[str, ...]
    name: str


GBER_ONLY = Scope(GBER_BASES, "scope.gber")
DE_MINIMIS_ONLY = Scope(("de_minimis",), "scope.de_minimis")


def outside(case: Case, scope: Scope) -> list[Finding] | None:
    """The findings of a rule limited to `scope` while the case's basis is not chosen or is
    another one; None when the rule applies."""
    if case.basis is None:
        return [basis_not_chosen()]
    if case.basis not in scope.bases:
        return [Finding("info", msg("rule.not_for_basis", basis=Term("aid_basis", case.basis),
                                    applies_to=msg(scope.name)))]
    return None
