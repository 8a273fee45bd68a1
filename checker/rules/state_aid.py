"""Rules of the state-aid basis chosen: the basis itself, aid intensity (GBER), the de minimis
ceiling, the incentive effect and undertakings in difficulty. Every rule here depends on the
basis, so checker.options judges them again for each basis compared."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache


from ..intensity import (
    GBER_BASES,
    RD_CATEGORIES,
    capped_share,
    effective_collaboration,
    share_of,
    sme_share_ok,
)
from ..text import Msg, day, join, nok, pct
from .base import (
    BASIS_LABELS,
    DE_MINIMIS_ONLY,
    GBER_ONLY,
    Case,
    Finding,
    Member,
    basis_not_chosen,
    both,
    label,
    names,
    outside,
    rule,
    with_aid,
)


@rule("aid.basis", "utlysning/#krav-til-stotte",
      Msg("Støttegrunnlag", "Aid basis"),
      Msg("Et støttegrunnlag utlysningen tillater er valgt, med det det krever.",
          "An aid basis the call allows is chosen, with what it requires."), per_basis=True)
def aid_basis(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til støtte»: bagatellmessig støtte, or GBER art. 25, 27, 29 or 49.
    Art. 25 aid falls in one R&D category (art. 25(2)); art. 27 aid goes to the cluster
    organisation (art. 27(1))."""
    basis = case.basis
    if basis is None:
        return [Finding("missing", Msg("Støttegrunnlag er ikke valgt.", "No aid basis is chosen."))]
    if basis not in case.round.aid_bases:
        return [Finding("fail", both(lambda l: (
            f"{label(BASIS_LABELS, basis, l)} er ikke tillatt i denne runden." if l == "nb"
            else f"{label(BASIS_LABELS, basis, l)} is not allowed in this round."
        )))]
    if basis == "gber_25" and case.rd_category is None:
        return [Finding("missing", Msg(
            "Artikkel 25 krever at FoU-kategorien er oppgitt.",
            "Article 25 needs the R&D category.",
        ))]
    if basis == "gber_27" and not any(m.p.kind == "cluster_organisation" for m in case.members):
        unknown = [m for m in case.members if m.p.kind is None]
        if unknown:
            return [Finding("missing", both(lambda l: (
                "Artikkel 27 krever en klyngeorganisasjon blant deltakerne; typen er ikke "
                f"oppgitt for {names(unknown, l)}." if l == "nb" else
                "Article 27 needs a cluster organisation among the participants; the kind is "
                f"not given for {names(unknown, l)}."
            )))]
        return [Finding("fail", Msg(
            "Artikkel 27 krever en klyngeorganisasjon blant deltakerne.",
            "Article 27 needs a cluster organisation among the participants.",
        ))]
    return [Finding("pass", both(lambda l: (
        f"Støttegrunnlag: {label(BASIS_LABELS, basis, l)}." if l == "nb"
        else f"Aid basis: {label(BASIS_LABELS, basis, l)}."
    )))]


_ANY_KIND = ("company", "cluster_organisation", "other")  # one kind per outcome class
_UNKNOWN = {
    "size": ("størrelsen", "the size"),
    "kind": ("typen aktør", "the kind of organisation"),
    "rd_category": ("FoU-kategorien", "the R&D category"),
    "collaboration": ("om samarbeidsbonusen gjelder", "whether the collaboration bonus applies"),
    "sme_share": ("om SMB-ene bærer 30\u00a0% av kostnadene", "whether SMEs bear 30% of the costs"),
}


@cache
def _share_bounds(basis: str, kinds: tuple, sizes: tuple, rds: tuple, collabs: tuple,
                  oks: tuple, max_share: float) -> tuple[Fraction, Fraction]:
    # Keyed by the float: hashing a Fraction on every call costs more than the lookup saves.
    cap = Fraction(str(max_share))
    shares = [
        capped_share(basis, size, cap, rd, collab, ok, kind)
        for kind in kinds for size in sizes for rd in rds for collab in collabs for ok in oks
    ]
    return min(shares), max(shares)


def _options(value, everything: tuple) -> tuple:
    return everything if value is None else (value,)


@dataclass(frozen=True)
class OpenAnswers:
    """Under a GBER basis, every value the consortium's answers still allow for the tests that
    concern the whole consortium: the R&D category, the collaboration bonus (art. 25(6)(b)) and
    the SMEs' 30 % share (art. 29(4)). One value where the answers settle it."""

    rds: tuple
    collabs: tuple
    oks: tuple


def open_answers(case: Case) -> OpenAnswers:
    basis = case.basis
    if basis == "gber_25":
        collab = effective_collaboration(
            (m.p.kind, m.sme, m.p.eligible_costs_nok) for m in case.members)
        return OpenAnswers(_options(case.rd_category, RD_CATEGORIES),
                           _options(collab, (False, True)), (True,))
    if basis == "gber_29":
        ok = sme_share_ok((m.sme, m.p.eligible_costs_nok) for m in case.members)
        return OpenAnswers((None,), (False,), _options(ok, (False, True)))
    return OpenAnswers((None,), (False,), (True,))


def _member_answers(m: Member) -> tuple[tuple, tuple]:
    """Every kind and size a participant's answers still allow."""
    return _options(m.p.kind, _ANY_KIND), tuple(sorted(m.sizes))


def share_bounds(case: Case, answers: OpenAnswers, m: Member) -> tuple[Fraction, Fraction]:
    """The lowest and highest maximum intensity (contract §3.1, capped at the round's max share)
    that the open answers still allow for one participant under the case's GBER basis. The one
    reading of §3.1 that aid.intensity and the basis comparison (checker.options) share."""
    kinds, sizes = _member_answers(m)
    return _share_bounds(case.basis, kinds, sizes, answers.rds, answers.collabs, answers.oks,
                         case.round.max_share)


@rule("aid.intensity", "statsstotte/#stotteintensitet",
      Msg("Støtteintensitet", "Aid intensity"),
      Msg("Etter gruppeunntaket får hver deltaker høyst sin største tillatte andel av egne "
          "kostnader.",
          "Under the GBER, each participant's aid is at most its maximum intensity times its "
          "own costs."), per_basis=True)
def aid_intensity(case: Case) -> list[Finding]:
    """GBER art. 25(5)-(6), 27, 29(4), 49 (see checker.intensity), capped by the call's
    «Støtte vil uansett ikke overstige 50 prosent»."""
    if skip := outside(case, GBER_ONLY):
        return skip
    receivers = with_aid(case)
    if not receivers:
        return [Finding("missing", Msg("Ingen deltaker har fått tildelt støtte ennå.",
                                       "No participant has been given aid yet."))]
    answers = open_answers(case)
    return [_intensity_finding(case, answers, m) for m in receivers]


def _intensity_finding(case: Case, answers: OpenAnswers, m: Member) -> Finding:
    p = m.p
    aid, costs = p.aid_nok, p.eligible_costs_nok
    low, high = share_bounds(case, answers, m)
    if costs is None:
        return Finding("missing", both(lambda l: (
            f"{p.name}: støtteberettigede kostnader er ikke oppgitt, så støtten på "
            f"{nok(aid, l)} kan ikke vurderes." if l == "nb" else
            f"{p.name}: no eligible costs are given, so the aid of {nok(aid, l)} cannot be "
            "assessed."
        )), m.index)

    def used(l: str) -> str:
        if costs == 0:
            return (f"{nok(aid, l)} i støtte mot 0 kr i kostnader" if l == "nb"
                    else f"aid of {nok(aid, l)} against NOK 0 in costs")
        share = Fraction(aid, costs)
        return (f"{nok(aid, l)} i støtte er {pct(share, l)} av kostnadene {nok(costs, l)}"
                if l == "nb" else
                f"aid of {nok(aid, l)} is {pct(share, l)} of the costs {nok(costs, l)}")

    caveat = _collaboration_caveat(case, m, high)
    if aid <= share_of(low, costs):
        return Finding("pass", both(lambda l: (
            f"{p.name}: {used(l)} (høyst {pct(low, l)}).{caveat.in_lang(l)}" if l == "nb"
            else f"{p.name}: {used(l)} (at most {pct(low, l)}).{caveat.in_lang(l)}"
        )), m.index)
    if aid > share_of(high, costs):
        return Finding("fail", both(lambda l: (
            f"{p.name}: {used(l)}; høyst {pct(high, l)} ({nok(share_of(high, costs), l)}) er "
            "tillatt." if l == "nb" else
            f"{p.name}: {used(l)}; at most {pct(high, l)} ({nok(share_of(high, costs), l)}) is "
            "allowed."
        )), m.index)
    kinds, sizes = _member_answers(m)
    unknown = [key for key, values in (
        ("kind", kinds), ("size", sizes), ("rd_category", answers.rds),
        ("collaboration", answers.collabs), ("sme_share", answers.oks)) if len(values) > 1]
    return Finding("missing", both(lambda l: (
        f"{p.name}: {used(l)}; høyeste tillatte andel er mellom {pct(low, l)} og "
        f"{pct(high, l)} og avhenger av {join([label(_UNKNOWN, k, l) for k in unknown], l)}."
        f"{caveat.in_lang(l)}" if l == "nb" else
        f"{p.name}: {used(l)}; the maximum is between {pct(low, l)} and {pct(high, l)} and "
        f"depends on {join([label(_UNKNOWN, k, l) for k in unknown], l)}.{caveat.in_lang(l)}"
    )), m.index)


_NO_CAVEAT = Msg("", "")


def _collaboration_caveat(case: Case, m: Member, high: Fraction) -> Msg:
    """GBER art. 29(4): a large enterprise's 15 % also needs effective collaboration with the
    SMEs in the aided activity, which no answer in the format can show."""
    if case.basis != "gber_29" or m.undertaking is False or "large" not in m.sizes or not high:
        return _NO_CAVEAT
    return Msg(" For et stort foretak forutsetter det reelt samarbeid med SMB-ene i prosjektet, "
               "som sjekkeren ikke kan kontrollere.",
               " For a large enterprise this assumes effective collaboration with the SMEs in "
               "the project, which the checker cannot verify.")


@rule("aid.de_minimis", "statsstotte/bagatellmessig-stotte/#tak",
      Msg("Tak for bagatellmessig støtte", "De minimis ceiling"),
      Msg("Ved bagatellmessig støtte holder hver deltaker seg under taket, medregnet støtte de "
          "har fått før. Sjekkeren gir hver deltaker et helt tak; selskaper i samme konsern "
          "deler ett.",
          "Under de minimis, each participant stays under the ceiling, counting aid already "
          "received. The checker gives each participant a whole ceiling; companies in one group "
          "share one."), per_basis=True)
def aid_de_minimis(case: Case) -> list[Finding]:
    """Regulation (EU) No 1407/2013 art. 3(2): EUR 200 000 per undertaking over three fiscal
    years, counting de minimis aid already received. In NOK the ceiling depends on the rate on
    the day of the grant, so it is a band: the lowest and the highest of Norges Bank's rates in
    the period the round's aid could be granted (statsstotte/bagatellmessig-stotte/#valutakurs).
    Utlysningen: «støttebeløpet skal fordeles på deltagende virksomheters bagatellramme»."""
    if skip := outside(case, DE_MINIMIS_ONLY):
        return skip
    receivers = with_aid(case)
    if not receivers:
        return [Finding("missing", Msg("Ingen deltaker har fått tildelt støtte ennå.",
                                       "No participant has been given aid yet."))]
    low, high = case.round.de_minimis_ceiling_low_nok, case.round.de_minimis_ceiling_high_nok
    return [_de_minimis_finding(m, low, high) for m in receivers]


def _de_minimis_finding(m: Member, low: int, high: int) -> Finding:
    p = m.p
    if p.de_minimis_received_nok is None:
        return Finding("missing", both(lambda l: (
            f"{p.name}: bagatellmessig støtte mottatt tidligere er ikke oppgitt." if l == "nb"
            else f"{p.name}: de minimis aid already received is not given."
        )), m.index)
    total = p.de_minimis_received_nok + p.aid_nok
    sums = (lambda l: f"{nok(p.de_minimis_received_nok, l)} + {nok(p.aid_nok, l)} = "
                      f"{nok(total, l)}")
    if total > high:
        return Finding("fail", both(lambda l: (
            f"{p.name}: {sums(l)} i bagatellmessig støtte, over taket også ved den høyeste "
            f"kursen ({nok(high, l)})." if l == "nb" else
            f"{p.name}: {sums(l)} in de minimis aid, above the ceiling even at the highest "
            f"rate ({nok(high, l)})."
        )), m.index)
    if total > low:
        return Finding("warn", both(lambda l: (
            f"{p.name}: {sums(l)} i bagatellmessig støtte. Taket er {nok(low, l)} til "
            f"{nok(high, l)} etter eurokursen på tildelingsdagen, så det avhenger av kursen "
            "den dagen." if l == "nb" else
            f"{p.name}: {sums(l)} in de minimis aid. The ceiling is {nok(low, l)} to "
            f"{nok(high, l)} by the euro rate on the day of the grant, so it depends on the "
            "rate that day."
        )), m.index)
    return Finding("pass", both(lambda l: (
        f"{p.name}: {sums(l)} i bagatellmessig støtte, innenfor taket uansett kurs (høyst "
        f"{nok(low, l)}). Selskaper i samme konsern deler ett tak." if l == "nb" else
        f"{p.name}: {sums(l)} in de minimis aid, within the ceiling whatever the rate (at "
        f"most {nok(low, l)}). Companies in one group share one ceiling."
    )), m.index)


# Innovation Norway's own grant practice, the paragraph a de minimis finding cites instead of
# GBER art. 6 (contract §3, aid.incentive_effect, changed 2026-12-06).
IN_PRACTICE_SOURCE = "statsstotte/insentiveffekt/#innovasjon-norge"


@rule("aid.incentive_effect", "statsstotte/insentiveffekt/#skriftlig-soknad",
      Msg("Insentiveffekt", "Incentive effect"),
      Msg("Arbeidet starter først etter at søknaden er sendt: etter gruppeunntaket art. 6, og ved "
          "bagatellmessig støtte etter Innovasjon Norges praksis.",
          "Work starts only after the application is sent: under GBER art. 6, and under de "
          "minimis under Innovation Norway's practice."),
      per_basis=True, also=(IN_PRACTICE_SOURCE,))
def aid_incentive_effect(case: Case) -> list[Finding]:
    """GBER art. 6(2): aid has an incentive effect only if the written application is
    submitted before work on the project starts. De minimis: Innovation Norway funds no project
    started before it has received the application (its general conditions; fact sheet §1.2).
    Innovation Norway counts an application from when it is registered, so a pass only means the
    dates are in order."""
    if case.basis is None:
        return [basis_not_chosen()]
    sent, start = case.app.submission_date, case.project.start_date
    if sent is None or start is None:
        return [Finding("missing", Msg(
            "Innsendingsdato og planlagt oppstart må begge være oppgitt.",
            "Both the submission date and the planned start must be given.",
        ))]
    if start > sent:
        return [Finding("pass", both(lambda l: (
            f"Arbeidet starter {day(start, l)}, etter at søknaden sendes {day(sent, l)}. Start "
            "likevel ikke, og signer ingenting for prosjektet, før Innovasjon Norge har bekreftet "
            "at de har mottatt søknaden: de regner søknaden fra den er registrert, ikke fra den "
            "er sendt." if l == "nb" else
            f"Work starts on {day(start, l)}, after the application is sent on {day(sent, l)}. "
            "Still, do not start or sign anything for the project until Innovation Norway has "
            "confirmed that it has received the application: it counts an application from when "
            "it is registered, not from when it is sent."
        )))]
    same_day = Msg(" Samme dag er for tidlig (vår lesning).", " The same day is too early (our "
                   "reading).") if start == sent else Msg("", "")
    if case.basis in GBER_BASES:
        return [Finding("fail", both(lambda l: (
            f"Arbeidet starter {day(start, l)}, ikke etter at søknaden sendes {day(sent, l)}."
            f"{same_day.nb} Arbeid som er startet før søknaden, kan ikke få støtte etter "
            "gruppeunntaket." if l == "nb" else
            f"Work starts on {day(start, l)}, not after the application is sent on "
            f"{day(sent, l)}.{same_day.en} Work started before the application cannot get aid "
            "under the GBER."
        )))]
    return [Finding("fail", both(lambda l: (
        f"Arbeidet starter {day(start, l)}, ikke etter at søknaden sendes {day(sent, l)}."
        f"{same_day.nb} Innovasjon Norge gir ikke tilskudd til prosjekter som er startet før de "
        "har mottatt søknaden, heller ikke som bagatellmessig støtte." if l == "nb" else
        f"Work starts on {day(start, l)}, not after the application is sent on {day(sent, l)}."
        f"{same_day.en} Innovation Norway funds no project started before it has received the "
        "application, de minimis aid included."
    )), source=IN_PRACTICE_SOURCE)]


@rule("aid.undertaking_in_difficulty", "statsstotte/foretak-i-vanskeligheter/#vilkar",
      Msg("Foretak i vanskeligheter", "Undertakings in difficulty"),
      Msg("Ved gruppeunntaket er ingen bedrift i økonomiske vanskeligheter eller under et "
          "krav om tilbakebetaling av ulovlig støtte.",
          "Under the GBER, no undertaking is in difficulty or under an outstanding recovery "
          "order."), per_basis=True)
def aid_undertaking_in_difficulty(case: Case) -> list[Finding]:
    """GBER art. 1(4)(c) with art. 2(18) (undertakings in difficulty) and art. 1(4)(a)
    (outstanding recovery orders) exclude the undertaking from GBER aid."""
    if skip := outside(case, GBER_ONLY):
        return skip
    findings = [f for m in case.members if (f := _difficulty_finding(m))]
    return findings or [Finding("pass", Msg(
        "Ingen bedrift er i vanskeligheter eller har et krav om tilbakebetaling.",
        "No undertaking is in difficulty or under a recovery order.",
    ))]


def _difficulty_finding(m: Member) -> Finding | None:
    if m.undertaking is False:
        return None
    name, flags = m.p.name, (m.p.in_difficulty, m.p.recovery_order)
    if True in flags and m.undertaking:
        return Finding("fail", both(lambda l: (
            f"{name} er oppgitt å være i vanskeligheter eller å ha et utestående krav om "
            "tilbakebetaling, og kan ikke få støtte etter gruppeunntaket." if l == "nb" else
            f"{name} is given as in difficulty or under a recovery order, and cannot get aid "
            "under the GBER."
        )), m.index)
    if True in flags or None in flags:
        return Finding("missing", both(lambda l: (
            f"{name}: svar mangler om foretaket er i vanskeligheter, har et krav om "
            "tilbakebetaling, eller hvilken type aktør det er." if l == "nb" else
            f"{name}: answers are missing on difficulty, recovery orders or the kind of "
            "organisation."
        )), m.index)
    return None
