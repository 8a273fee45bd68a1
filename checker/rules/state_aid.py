"""Rules of the state-aid basis chosen: the basis itself, aid intensity (GBER), the de minimis
ceiling, the incentive effect and undertakings in difficulty. Every rule here depends on the
basis, so checker.options judges them again for each basis compared.

`open_answers` and `bounds` are the one reading of contract §3.1 that aid.intensity, the basis
comparison's limits and their derivation (checker.why) share."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from .. import law
from ..intensity import (
    GBER_BASES,
    RD_CATEGORIES,
    Step,
    Test,
    cap_percent,
    chain,
    effective_collaboration,
    share,
    share_of,
    sme_share_ok,
)
from ..messages import Listing, msg
from ..vocabulary import Term
from .base import (
    CALL,
    DE_MINIMIS_ONLY,
    GBER_ONLY,
    Case,
    Finding,
    Member,
    basis_not_chosen,
    names,
    outside,
    rule,
    with_aid,
)


@rule("aid.basis", f"{CALL}#krav-til-stotte", per_basis=True)
def aid_basis(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til støtte»: bagatellmessig støtte, or GBER art. 25, 27, 29 or 49 (the
    round's aid bases). Art. 25 aid falls in one R&D category (art. 25(2)); art. 27 aid goes to
    the cluster organisation (art. 27(1))."""
    basis = case.basis
    if basis is None:
        return [Finding("missing", msg("aid.basis.missing"))]
    if basis not in case.round.aid_bases:
        return [Finding("fail", msg("aid.basis.not_in_round", basis=Term("aid_basis", basis)))]
    if basis == "gber_25" and case.rd_category is None:
        return [Finding("missing", msg("aid.basis.no_category"))]
    if basis == "gber_27" and not any(m.p.kind == "cluster_organisation" for m in case.members):
        unknown = names(m for m in case.members if m.p.kind is None)
        if unknown:
            return [Finding("missing", msg("aid.basis.cluster_kind_unknown", names=unknown))]
        return [Finding("fail", msg("aid.basis.no_cluster_organisation"))]
    return [Finding("pass", msg("aid.basis.pass", basis=Term("aid_basis", basis)))]


# --- the open answers, and the bounds they leave ------------------------------------------------

_ANY_KIND = ("company", "cluster_organisation", "other")  # one kind per outcome class


def _options(value, everything: tuple) -> tuple:
    return everything if value is None else (value,)


@dataclass(frozen=True)
class OpenAnswers:
    """Under a GBER basis, every value the consortium's answers still allow for the tests that
    concern the whole consortium: the R&D category, the collaboration bonus (art. 25(6)(b)) and
    the SMEs' 30 % share (art. 29), with the test that decided each (for the derivation)."""

    rds: tuple
    collabs: tuple
    oks: tuple
    test: Test | None = None  # art. 25's collaboration test or art. 29's SME-share test


def open_answers(case: Case) -> OpenAnswers:
    basis, text = case.basis, case.round.gber_text
    if basis == "gber_25":
        test = effective_collaboration(
            ((m.p.kind, m.sme, m.p.eligible_costs_nok, m.p.name) for m in case.members), text=text)
        return OpenAnswers(_options(case.rd_category, RD_CATEGORIES),
                           _options(test.holds, (False, True)), (True,), test)
    if basis == "gber_29":
        test = sme_share_ok(((m.sme, m.p.eligible_costs_nok) for m in case.members), text=text)
        return OpenAnswers((None,), (False,), _options(test.holds, (False, True)), test)
    return OpenAnswers((None,), (False,), (True,))


def member_answers(m: Member) -> tuple[tuple, tuple]:
    """Every kind and size a participant's answers still allow."""
    return _options(m.p.kind, _ANY_KIND), _sorted(m.sizes)


@cache
def _sorted(sizes: frozenset) -> tuple:
    return tuple(sorted(sizes))


@dataclass(frozen=True)
class Bounds:
    """The lowest and the highest maximum intensity the open answers allow for a participant,
    each with the steps that reach it (contract §3.1 and §2.2)."""

    low: tuple[Step, ...]
    high: tuple[Step, ...]
    # The steps for every answer the participant's and the consortium's open questions allow.
    chains: tuple[tuple[Step, ...], ...]

    @property
    def low_share(self) -> Fraction:
        return share(self.low[-1].percent)

    @property
    def high_share(self) -> Fraction:
        return share(self.high[-1].percent)


@cache
def _bounds(basis: str, kinds: tuple, sizes: tuple, rds: tuple, collabs: tuple, oks: tuple,
            text: str, cap: int) -> Bounds:
    chains = tuple(chain(basis, kind, size, rd, collab, ok, text, cap)
                   for kind in kinds for size in sizes for rd in rds for collab in collabs
                   for ok in oks)
    return Bounds(min(chains, key=lambda c: c[-1].percent), max(chains, key=lambda c: c[-1].percent),
                  chains)


def bounds(case: Case, answers: OpenAnswers, m: Member) -> Bounds:
    """The bounds of one participant under the case's GBER basis."""
    kinds, sizes = member_answers(m)
    return _bounds(case.basis, kinds, sizes, answers.rds, answers.collabs, answers.oks,
                   case.round.gber_text, cap_percent(case.round.max_share))


def share_bounds(case: Case, answers: OpenAnswers, m: Member) -> tuple[Fraction, Fraction]:
    """The lowest and highest maximum intensity (capped at the round's max share)."""
    found = bounds(case, answers, m)
    return found.low_share, found.high_share


def unknown_answers(case: Case, answers: OpenAnswers, m: Member) -> list:
    """The open answers that make a participant's bounds a range, as messages («open.*»)."""
    kinds, sizes = member_answers(m)
    need = share(law.gber(case.round.gber_text, "gber_29.min_sme_share"))
    return [msg(key, need=need) for key, choices in (
        ("open.kind", kinds), ("open.size", sizes), ("open.rd_category", answers.rds),
        ("open.collaboration", answers.collabs), ("open.sme_share", answers.oks))
        if len(choices) > 1]


# --- aid intensity ----------------------------------------------------------------------------

@rule("aid.intensity", "statsstotte/#stotteintensitet", per_basis=True)
def aid_intensity(case: Case) -> list[Finding]:
    """GBER art. 25(5)-(6), 27, 29, 49 (see checker.intensity), capped by the call's
    «Støtte vil uansett ikke overstige 50 prosent» (the round's max share)."""
    if skip := outside(case, GBER_ONLY):
        return skip
    receivers = with_aid(case)
    if not receivers:
        return [Finding("missing", msg("aid.intensity.no_aid"))]
    answers = open_answers(case)
    return [_intensity_finding(case, answers, m) for m in receivers]


def _intensity_finding(case: Case, answers: OpenAnswers, m: Member) -> Finding:
    p = m.p
    aid, costs = p.aid_nok, p.eligible_costs_nok
    if costs is None:
        return Finding("missing", msg("aid.intensity.no_costs", name=p.name, aid=aid), m.index)
    low, high = share_bounds(case, answers, m)
    used = (msg("aid.intensity.used_zero_costs", aid=aid) if costs == 0 else
            msg("aid.intensity.used", aid=aid, share=Fraction(aid, costs), costs=costs))
    caveat = _collaboration_caveat(case, m, high)
    if aid <= share_of(low, costs):
        return Finding("pass", msg("aid.intensity.pass", name=p.name, used=used, most=low,
                                   caveat=caveat), m.index)
    if aid > share_of(high, costs):
        return Finding("fail", msg("aid.intensity.fail", name=p.name, used=used, most=high,
                                   allowed=share_of(high, costs)), m.index)
    unknown = Listing(unknown_answers(case, answers, m))
    return Finding("missing", msg("aid.intensity.open", name=p.name, used=used, low=low, high=high,
                                  unknown=unknown, caveat=caveat), m.index)


def _collaboration_caveat(case: Case, m: Member, high: Fraction):
    """GBER art. 29: a large enterprise's 15 % also needs effective collaboration with the SMEs
    in the aided activity, which no answer in the format can show."""
    if case.basis != "gber_29" or m.undertaking is False or "large" not in m.sizes or not high:
        return None
    return msg("aid.intensity.large_needs_collaboration")


# --- de minimis ---------------------------------------------------------------------------------

@rule("aid.de_minimis", "statsstotte/bagatellmessig-stotte/#tak", per_basis=True)
def aid_de_minimis(case: Case) -> list[Finding]:
    """Regulation (EU) No 1407/2013 art. 3(2) (the round's de minimis regulation): EUR 200 000
    per undertaking over three fiscal years, counting de minimis aid already received. In NOK the
    ceiling depends on the rate on the day of the grant, so it is a band: the lowest and the
    highest of Norges Bank's rates in the period the round's aid could be granted
    (statsstotte/bagatellmessig-stotte/#valutakurs). Utlysningen: «støttebeløpet skal fordeles
    på deltagende virksomheters bagatellramme»."""
    if skip := outside(case, DE_MINIMIS_ONLY):
        return skip
    if case.round.de_minimis_regulation is None:
        return [Finding("info", msg("aid.de_minimis.not_in_round"))]
    receivers = with_aid(case)
    if not receivers:
        return [Finding("missing", msg("aid.de_minimis.no_aid"))]
    low, high = case.round.de_minimis_ceiling_low_nok, case.round.de_minimis_ceiling_high_nok
    return [_de_minimis_finding(m, low, high) for m in receivers]


def _de_minimis_finding(m: Member, low: int, high: int) -> Finding:
    p = m.p
    if p.de_minimis_received_nok is None:
        return Finding("missing", msg("aid.de_minimis.received_unknown", name=p.name), m.index)
    total = p.de_minimis_received_nok + p.aid_nok
    status, key = (("fail", "aid.de_minimis.fail") if total > high else
                   ("warn", "aid.de_minimis.warn") if total > low else ("pass", "aid.de_minimis.pass"))
    return Finding(status, msg(key, name=p.name, received=p.de_minimis_received_nok, aid=p.aid_nok,
                               total=total, low=low, high=high), m.index)


# --- the start of work ----------------------------------------------------------------------------

# Innovation Norway's own grant practice, the paragraph a de minimis finding cites instead of
# GBER art. 6 (contract §3, aid.incentive_effect, changed 2026-12-06).
IN_PRACTICE_SOURCE = "statsstotte/insentiveffekt/#innovasjon-norge"


@rule("aid.incentive_effect", "statsstotte/insentiveffekt/#skriftlig-soknad", per_basis=True,
      also=(IN_PRACTICE_SOURCE,))
def aid_incentive_effect(case: Case) -> list[Finding]:
    """GBER art. 6(2): aid has an incentive effect only if the written application is
    submitted before work on the project starts. De minimis: Innovation Norway funds no project
    started before it has received the application (its general conditions; fact sheet §1.2).
    Innovation Norway counts an application from when it is registered, so a pass only means the
    dates are in order, and its message says to wait for the confirmation of receipt."""
    if case.basis is None:
        return [basis_not_chosen()]
    sent, start = case.app.submission_date, case.project.start_date
    if sent is None or start is None:
        return [Finding("missing", msg("aid.incentive_effect.missing"))]
    if start > sent:
        return [Finding("pass", msg("aid.incentive_effect.pass", start=start, sent=sent))]
    same_day = msg("aid.incentive_effect.same_day") if start == sent else None
    if case.basis in GBER_BASES:
        return [Finding("fail", msg("aid.incentive_effect.fail_gber", start=start, sent=sent,
                                    same_day=same_day))]
    return [Finding("fail", msg("aid.incentive_effect.fail_de_minimis", start=start, sent=sent,
                                same_day=same_day), source=IN_PRACTICE_SOURCE)]


# --- undertakings in difficulty -------------------------------------------------------------------

@rule("aid.undertaking_in_difficulty", "statsstotte/foretak-i-vanskeligheter/#vilkar",
      per_basis=True)
def aid_undertaking_in_difficulty(case: Case) -> list[Finding]:
    """GBER art. 1(4)(c) with art. 2(18) (undertakings in difficulty) and art. 1(4)(a)
    (outstanding recovery orders) exclude the undertaking from GBER aid."""
    if skip := outside(case, GBER_ONLY):
        return skip
    findings = [f for m in case.members if (f := _difficulty_finding(m))]
    return findings or [Finding("pass", msg("aid.undertaking_in_difficulty.pass"))]


def _difficulty_finding(m: Member) -> Finding | None:
    if m.undertaking is False:
        return None
    flags = (m.p.in_difficulty, m.p.recovery_order)
    if True in flags and m.undertaking:
        return Finding("fail", msg("aid.undertaking_in_difficulty.fail", name=m.p.name), m.index)
    if True in flags or None in flags:
        return Finding("missing", msg("aid.undertaking_in_difficulty.missing", name=m.p.name),
                       m.index)
    return None
