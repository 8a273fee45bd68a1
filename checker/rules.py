"""The rule catalogue of contract §3: one small pure function per rule, in catalogue order.

Each rule is registered with its stable id, a title in bokmål and English, and the `source`
anchor on the site that states it; its docstring cites the call's paragraph or the legal
article. A rule returns at least one finding, so every rule has a status.

Numbers come only from the round's data file (`checker/rounds/<round>.json`).

Readings of §3 taken here (the contract is the authority; these settle what it leaves open):
- "Undertakings" are kind company or cluster_organisation; a participant whose kind is not
  answered might be one, so it counts wherever that could change the outcome.
- A participant "with aid" has `aid_nok` above 0. "No aid is allocated" means no participant
  has aid: aid.intensity and aid.de_minimis are then missing.
- With no aid basis chosen, the five rules that depend on it (aid.intensity, aid.de_minimis,
  aid.incentive_effect, aid.undertaking_in_difficulty, attachments.de_minimis_declaration)
  are missing: the basis decides which of them applies, and info ("not applicable") would
  wrongly say none of them does.
- A rule whose condition speaks of "every X" passes when there is no X (owner.kind with no
  owner, attachments.* with no company or no aid); owner.count reports the missing owner.
- participant.org_number: a participant of unknown kind without a number is missing, like an
  undertaking, since it may turn out to be one.
- aid.intensity: the maximum is computed for every value the unanswered questions (size,
  kind, rd_category, the collaboration and SME-share tests) still allow. Aid at or below the
  lowest possible maximum passes, aid above the highest fails, anything between is missing.
  So an unknown size is missing where the size matters (gber_25, gber_29) and not where it
  cannot (gber_49 and gber_27 are capped at the round's 50 % whatever the size).
- funding.allocation and funding.costs compare the sum of the amounts given (unanswered ones
  count as 0) once at least one is given, as §3 says; a missing project total is missing.
- The collaboration test (ii) is read per research organisation, as §3.1 words it ("a
  research_institute or university bears at least 10 %").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache

from .intensity import (
    GBER_BASES,
    RD_CATEGORIES,
    SMES,
    UNDERTAKINGS,
    capped_share,
    effective_collaboration,
    possible_sizes,
    sme_share_ok,
)
from .model import Application, Participant
from .rounds import Round
from .text import Msg, day, join, nok, pct

# --- what the rules work on ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    status: str  # pass | fail | warn | missing | info
    message: Msg
    participant: int | None = None


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
    app: Application
    round: Round
    today: date
    members: tuple[Member, ...]

    @property
    def project(self):
        return self.app.project

    @property
    def basis(self) -> str | None:
        return self.app.project.aid_basis

    @property
    def max_share(self) -> Fraction:
        return Fraction(str(self.round.max_share))


def make_case(app: Application, round_: Round, today: date) -> Case:
    return Case(app, round_, today, tuple(_member(i, p) for i, p in enumerate(app.participants)))


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    title: Msg
    source: str
    checks: Msg  # what the rule checks, for the site's "Hva sjekkeren vurderer"
    evaluate: Callable[[Case], list[Finding]]


RULES: list[Rule] = []


def rule(id: str, source: str, title: Msg, checks: Msg):
    def register(fn: Callable[[Case], list[Finding]]):
        RULES.append(Rule(id, title, source, checks, fn))
        return fn

    return register


def _both(render: Callable[[str], str]) -> Msg:
    return Msg(render("nb"), render("en"))


def _names(members, lang: str) -> str:
    return join([m.p.name for m in members], lang)


def _with_aid(case: Case) -> list[Member]:
    return [m for m in case.members if m.p.aid_nok]


_KIND = {
    "company": ("en bedrift", "a company"),
    "cluster_organisation": ("en klyngeorganisasjon", "a cluster organisation"),
    "research_institute": ("et forskningsinstitutt", "a research institute"),
    "university": ("et universitet", "a university"),
    "catapult_centre": ("et katapultsenter", "a catapult centre"),
    "public_body": ("en offentlig aktør", "a public body"),
    "other": ("en annen type aktør", "another kind of organisation"),
}
_BASIS = {
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
_REQUIREMENTS = {
    "scalable_results": ("resultater som kan spres og skaleres", "scalable results"),
    "national_innovation_high_risk": ("innovasjon på minst nasjonalt nivå med høy risiko",
                                      "innovation at national level or above, high risk"),
    "new_business_models_or_digitalisation": ("nye forretningsmodeller eller økt digitalisering",
                                              "new business models or digitalisation"),
    "competence_for_green_value_chains": ("økt kompetanse for grønne verdikjeder",
                                          "competence for green value chains"),
    "value_creation_and_competitiveness": ("økt verdiskaping og konkurransekraft",
                                           "value creation and competitiveness"),
    "continuation_plan": ("plan for videreføring", "a plan to carry the results forward"),
}


def _label(table: dict, key: str, lang: str) -> str:
    return table[key][1 if lang == "en" else 0]


def _basis_not_chosen() -> Finding:
    return Finding("missing", Msg(
        "Støttegrunnlag er ikke valgt ennå; det avgjør om denne regelen gjelder.",
        "No aid basis is chosen yet; it decides whether this rule applies.",
    ))


def _not_for_basis(case: Case, applies_to: Msg) -> Finding:
    return Finding("info", _both(lambda l: (
        f"Gjelder ikke for {_label(_BASIS, case.basis, l)}; gjelder bare {applies_to.nb}."
        if l == "nb" else
        f"Does not apply to {_label(_BASIS, case.basis, l)}; it applies to {applies_to.en} only."
    )))


_GBER_ONLY = Msg("gruppeunntaket", "the GBER bases")
_DE_MINIMIS_ONLY = Msg("bagatellmessig støtte", "de minimis aid")


# --- the call ----------------------------------------------------------------------------------


@rule("call.deadline", "utlysning/#frist",
      Msg("Søknadsfrist", "Application deadline"),
      Msg("Søknaden sendes senest på fristdagen.",
          "The application is sent no later than the deadline."))
def call_deadline(case: Case) -> list[Finding]:
    """Utlysningen, «Frist for innsending av prosjektsøknader: 1. september 2023»."""
    deadline = case.round.deadline
    sent = case.app.submission_date
    if sent is None:
        passed = case.today > deadline
        return [Finding("missing", _both(lambda l: (
            f"Innsendingsdato er ikke oppgitt. Fristen er {day(deadline, l)}"
            + (" og er passert." if passed else ".")
            if l == "nb" else
            f"No submission date is given. The deadline is {day(deadline, l)}"
            + (" and has passed." if passed else ".")
        )))]
    if sent <= deadline:
        return [Finding("pass", _both(lambda l: (
            f"Søknaden sendes {day(sent, l)}, innen fristen {day(deadline, l)}." if l == "nb"
            else f"The application is sent on {day(sent, l)}, by the deadline {day(deadline, l)}."
        )))]
    return [Finding("fail", _both(lambda l: (
        f"Søknaden sendes {day(sent, l)}, etter fristen {day(deadline, l)}." if l == "nb"
        else f"The application is sent on {day(sent, l)}, after the deadline {day(deadline, l)}."
    )))]


# --- who may apply and the consortium --------------------------------------------------------

_LINKED = ("current", "former")


@rule("applicant.nic_link", "utlysning/#hvem-kan-soke",
      Msg("Tilknytning til NIC eller bedriftsnettverk", "Link to NIC or a business network"),
      Msg("Minst én bedrift er med i en nåværende eller tidligere NIC-klynge, eller en deltaker "
          "er aktiv kunde i bedriftsnettverk-ordningen.",
          "At least one undertaking belongs to a current or former NIC cluster, or a participant "
          "is an active customer of the business network scheme."))
def applicant_nic_link(case: Case) -> list[Finding]:
    """Utlysningen, «Hvem kan søke om finansiering?»: nåværende og tidligere NIC-klynger,
    konsortier med minst én bedrift med medlemskap i en slik klynge, og aktive
    bedriftsnettverk-kunder."""
    members = [m for m in case.members if m.undertaking and m.p.nic_cluster in _LINKED]
    network = [m for m in case.members if m.p.business_network is True]
    if members or network:
        return [Finding("pass", _both(lambda l: " ".join(filter(None, (
            members and (f"{_names(members, l)} er med i en nåværende eller tidligere NIC-klynge."
                         if l == "nb" else
                         f"{_names(members, l)}: member of a current or former NIC cluster."),
            network and (f"{_names(network, l)} er aktiv kunde i bedriftsnettverk-ordningen."
                         if l == "nb" else
                         f"{_names(network, l)}: active customer of the business network scheme."),
        )))))]
    open_ = [m for m in case.members
             if m.p.business_network is None
             or (m.undertaking is not False and m.p.nic_cluster in (None, *_LINKED))]
    if open_:
        return [Finding("missing", _both(lambda l: (
            "Ingen deltaker er ennå oppgitt som medlem av en NIC-klynge eller som "
            f"bedriftsnettverk-kunde. Svar mangler for {_names(open_, l)}."
            if l == "nb" else
            "No participant is yet shown to be in a NIC cluster or the business network scheme. "
            f"Answers are missing for {_names(open_, l)}."
        )))]
    return [Finding("fail", Msg(
        "Ingen bedrift er med i en nåværende eller tidligere NIC-klynge, og ingen deltaker er "
        "aktiv kunde i bedriftsnettverk-ordningen.",
        "No undertaking belongs to a current or former NIC cluster, and no participant is an "
        "active customer of the business network scheme.",
    ))]


@rule("consortium.companies", "utlysning/#krav-til-sammensetning",
      Msg("Minst tre bedrifter i Foretaksregisteret", "At least three registered companies"),
      Msg("Konsortiet har minst tre bedrifter registrert i Foretaksregisteret.",
          "The consortium has at least three companies in the Register of Business "
          "Enterprises."))
def consortium_companies(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning av prosjekt»: «bestå av minimum tre bedrifter med
    etablert virksomhet registrert i Foretaksregisteret i Norge»."""
    need = case.round.min_companies
    sure = sum(1 for m in case.members
               if m.p.kind == "company" and m.p.business_register is True)
    possible = sum(1 for m in case.members
                   if m.p.kind in ("company", None) and m.p.business_register is not False)

    def said(l: str) -> str:
        if l == "nb":
            noun = "bedrift er" if sure == 1 else "bedrifter er"
            return f"{sure} {noun} registrert i Foretaksregisteret (krav: minst {need})."
        noun = "company is" if sure == 1 else "companies are"
        return (f"{sure} {noun} registered in the Register of Business Enterprises "
                f"(required: at least {need}).")

    if sure >= need:
        return [Finding("pass", _both(said))]
    if possible >= need:
        return [Finding("missing", _both(lambda l: said(l) + (
            f" {possible - sure} deltakere mangler svar på type eller registrering."
            if l == "nb" else
            f" {possible - sure} participants have not answered kind or registration."
        )))]
    return [Finding("fail", _both(said))]


_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_valid(number: str) -> bool:
    """Nine digits with a valid modulus-11 check digit (weights 3 2 7 6 5 4 3 2).

    Brønnøysundregistrene: check digit = 11 - (weighted sum mod 11); 11 becomes 0, and a
    remainder of 1 (check digit 10) is never issued.
    """
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        return False
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS, number)) % 11
    if remainder == 1:
        return False
    return (11 - remainder) % 11 == int(number[8])


@rule("participant.org_number", "sjekkeren-vurderer/#organisasjonsnummer",
      Msg("Gyldig organisasjonsnummer", "Valid organisation number"),
      Msg("Hvert organisasjonsnummer har 9 siffer med gyldig kontrollsiffer, og hver bedrift "
          "har et.",
          "Every organisation number has 9 digits with a valid check digit, and every "
          "undertaking has one."))
def participant_org_number(case: Case) -> list[Finding]:
    """Enhetsregisterloven: organisasjonsnummeret er ni siffer med kontrollsiffer (modulus 11).
    Every undertaking in Foretaksregisteret has one."""
    findings = []
    for m in case.members:
        number = m.p.org_number
        if number is None:
            if m.undertaking is not False:
                findings.append(Finding("missing", _both(lambda l: (
                    f"{m.p.name}: organisasjonsnummer er ikke oppgitt." if l == "nb"
                    else f"{m.p.name}: no organisation number is given."
                )), m.index))
        elif not org_number_valid(number):
            findings.append(Finding("fail", _both(lambda l: (
                f"{m.p.name}: «{number}» er ikke et gyldig organisasjonsnummer (9 siffer med "
                "riktig kontrollsiffer)." if l == "nb" else
                f"{m.p.name}: «{number}» is not a valid organisation number (9 digits with a "
                "correct check digit)."
            )), m.index))
    return findings or [Finding("pass", Msg(
        "Alle oppgitte organisasjonsnumre er gyldige.",
        "Every organisation number given is valid.",
    ))]


@rule("consortium.unique", "utlysning/#krav-til-sammensetning",
      Msg("Ingen deltaker to ganger", "No participant twice"),
      Msg("Ingen organisasjonsnummer forekommer to ganger.",
          "No organisation number appears twice."))
def consortium_unique(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning»: the three companies must be three distinct
    enterprises, so one organisation number may appear only once."""
    first: dict[str, Member] = {}
    findings = []
    for m in case.members:
        number = m.p.org_number
        if number is None:
            continue
        if number in first:
            earlier = first[number]
            findings.append(Finding("fail", _both(lambda l: (
                f"{m.p.name} har samme organisasjonsnummer ({number}) som {earlier.p.name}."
                if l == "nb" else
                f"{m.p.name} has the same organisation number ({number}) as {earlier.p.name}."
            )), m.index))
        else:
            first[number] = m
    return findings or [Finding("pass", Msg(
        "Ingen organisasjonsnummer forekommer to ganger.",
        "No organisation number appears twice.",
    ))]


def _owners(case: Case) -> list[Member]:
    return [m for m in case.members if m.p.project_owner]


@rule("owner.count", "utlysning/#prosjekteier-og-prosjektleder",
      Msg("Én prosjekteier", "One project owner"),
      Msg("Nøyaktig én deltaker er prosjekteier.", "Exactly one participant is project owner."))
def owner_count(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til prosjekteier og prosjektleder»: «Prosjekteier er et felles
    kontaktpunkt mot Innovasjon Norge for konsortiet»; one owner, so exactly one."""
    owners = _owners(case)
    if len(owners) == 1:
        return [Finding("pass", _both(lambda l: (
            f"{owners[0].p.name} er prosjekteier." if l == "nb"
            else f"{owners[0].p.name} is the project owner."
        )), owners[0].index)]
    if not owners:
        return [Finding("fail", Msg(
            "Ingen deltaker er prosjekteier; konsortiet må ha nøyaktig én.",
            "No participant is project owner; the consortium needs exactly one.",
        ))]
    return [Finding("fail", _both(lambda l: (
        f"{_names(owners, l)} er alle oppgitt som prosjekteier; det kan bare være én."
        if l == "nb" else
        f"{_names(owners, l)} are all given as project owner; there can be only one."
    )))]


_NOT_OWNER = frozenset({"public_body", "research_institute", "university"})


@rule("owner.kind", "utlysning/#krav-til-sammensetning",
      Msg("Hvem kan være prosjekteier", "Who may be project owner"),
      Msg("Prosjekteieren er ikke en offentlig aktør, et forskningsinstitutt eller et "
          "universitet.",
          "The project owner is not a public body, a research institute or a university."))
def owner_kind(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning»: «kan inkludere offentlige aktører, men ikke som
    prosjekteier» and «kan inkludere forskningsinstitutt, men ikke som prosjekteier».
    Universities are read as research organisations here."""
    findings = []
    for m in _owners(case):
        kind = m.p.kind
        if kind is None:
            findings.append(Finding("missing", _both(lambda l: (
                f"Typen aktør er ikke oppgitt for prosjekteieren {m.p.name}." if l == "nb"
                else f"The kind of organisation is not given for the project owner {m.p.name}."
            )), m.index))
        elif kind in _NOT_OWNER:
            findings.append(Finding("fail", _both(lambda l: (
                f"{m.p.name} er {_label(_KIND, kind, l)} og kan ikke være prosjekteier."
                if l == "nb" else
                f"{m.p.name} is {_label(_KIND, kind, l)} and cannot be project owner."
            )), m.index))
        else:
            findings.append(Finding("pass", _both(lambda l: (
                f"{m.p.name} er {_label(_KIND, kind, l)} og kan være prosjekteier." if l == "nb"
                else f"{m.p.name} is {_label(_KIND, kind, l)} and may be project owner."
            )), m.index))
    return findings or [Finding("pass", Msg(
        "Ingen prosjekteier er valgt, så det er ingen type å vurdere (se kravet om én "
        "prosjekteier).",
        "No project owner is chosen, so there is no kind to assess (see the one-owner rule).",
    ))]


_COMPETENCE = frozenset({"research_institute", "university", "catapult_centre"})


@rule("consortium.competence", "utlysning/#kompetanseaktorer",
      Msg("Kompetanseaktører", "Knowledge partners"),
      Msg("Et forskningsinstitutt, universitet eller katapultsenter deltar (anbefalt, ikke krav).",
          "A research institute, university or catapult centre takes part (encouraged, not "
          "required)."))
def consortium_competence(case: Case) -> list[Finding]:
    """Utlysningen: «Det oppfordres til involvering og samarbeid med kompetanseaktører»
    (forskningsinstitutter, universiteter, katapultsentre). Encouraged, not required."""
    partners = [m for m in case.members if m.p.kind in _COMPETENCE]
    if partners:
        return [Finding("pass", _both(lambda l: (
            f"{_names(partners, l)} deltar som kompetanseaktør." if l == "nb"
            else f"{_names(partners, l)} takes part as a knowledge partner."
        )))]
    return [Finding("info", Msg(
        "Ingen forskningsinstitutt, universitet eller katapultsenter deltar. Det er ikke et "
        "krav, men utlysningen oppfordrer til det.",
        "No research institute, university or catapult centre takes part. It is not required, "
        "but the call encourages it.",
    ))]


# --- the project ----------------------------------------------------------------------------


@rule("project.objectives", "utlysning/#malsetninger",
      Msg("Målsetninger", "Objectives"),
      Msg("Prosjektet bidrar til minst én av utlysningens tre målsetninger.",
          "The project serves at least one of the call's three objectives."))
def project_objectives(case: Case) -> list[Finding]:
    """Utlysningen, «Kriterier for valg av prosjekt»: «Alle prosjekter skal bidra til å oppnå
    minst en av følgende tre målsetninger»."""
    chosen = case.project.objectives
    if chosen is None:
        return [Finding("missing", Msg("Målsetningene er ikke besvart.",
                                       "The objectives are not answered."))]
    if not chosen:
        return [Finding("fail", Msg(
            "Ingen av de tre målsetningene er valgt; prosjektet må bidra til minst én.",
            "None of the three objectives is chosen; the project must serve at least one.",
        ))]
    count = len(set(chosen))
    return [Finding("pass", _both(lambda l: (
        f"Prosjektet bidrar til {count} av de tre målsetningene." if l == "nb"
        else f"The project serves {count} of the three objectives."
    )))]


@rule("project.requirements", "utlysning/#alle-prosjekter-skal",
      Msg("Krav til alle prosjekter", "Requirements for every project"),
      Msg("Prosjektet oppfyller alle seks punktene under «Alle prosjekter skal».",
          "The project meets all six points under «Alle prosjekter skal»."))
def project_requirements(case: Case) -> list[Finding]:
    """Utlysningen, «Alle prosjekter skal»: six points, every one required."""
    answers = case.project.requirements
    values = {key: getattr(answers, key) if answers else None for key in _REQUIREMENTS}
    unmet = [key for key, value in values.items() if value is False]
    open_ = [key for key, value in values.items() if value is None]
    findings = []
    if unmet:
        findings.append(Finding("fail", _both(lambda l: (
            "Ikke oppfylt: " if l == "nb" else "Not met: "
        ) + join([_label(_REQUIREMENTS, k, l) for k in unmet], l) + ".")))
    if open_:
        findings.append(Finding("missing", _both(lambda l: (
            "Ikke besvart: " if l == "nb" else "Not answered: "
        ) + join([_label(_REQUIREMENTS, k, l) for k in open_], l) + ".")))
    return findings or [Finding("pass", Msg("Alle seks kravene er oppfylt.",
                                            "All six requirements are met."))]


@rule("project.activities", "utlysning/#arbeidsomrader",
      Msg("Arbeidsområder", "Work areas"),
      Msg("Prosjektet har minst ett av utlysningens arbeidsområder.",
          "The project has at least one of the call's work areas."))
def project_activities(case: Case) -> list[Finding]:
    """Utlysningen, «Aktuelle arbeidsområder i prosjektene» (a guide, not a requirement)."""
    chosen = case.project.activities
    if chosen is None:
        return [Finding("missing", Msg("Arbeidsområdene er ikke besvart.",
                                       "The work areas are not answered."))]
    if not chosen:
        return [Finding("warn", Msg(
            "Ingen av utlysningens arbeidsområder er valgt. Sjekk at prosjektet passer "
            "utlysningen.",
            "None of the call's work areas is chosen. Check that the project fits the call.",
        ))]
    count = len(set(chosen))
    return [Finding("pass", _both(lambda l: (
        f"Prosjektet har {count} av utlysningens arbeidsområder." if l == "nb"
        else f"The project covers {count} of the call's work areas."
    )))]


# --- funding --------------------------------------------------------------------------------


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
        return [Finding("pass", _both(lambda l: (
            f"Søkt beløp {nok(asked, l)} er innenfor {nok(low, l)}–{nok(high, l)}." if l == "nb"
            else f"The amount applied for, {nok(asked, l)}, is within {nok(low, l)}–"
            f"{nok(high, l)}."
        )))]
    return [Finding("warn", _both(lambda l: (
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
    ceiling = int(limit * total)
    if share > limit:
        return [Finding("fail", _both(lambda l: (
            f"Søkt beløp {nok(asked, l)} er {pct(share, l)} av totale kostnader "
            f"{nok(total, l)}; høyst {pct(limit, l)} ({nok(ceiling, l)}) er tillatt." if l == "nb"
            else f"The amount applied for, {nok(asked, l)}, is {pct(share, l)} of the total cost "
            f"{nok(total, l)}; at most {pct(limit, l)} ({nok(ceiling, l)}) is allowed."
        )))]
    return [Finding("pass", _both(lambda l: (
        f"Søkt beløp er {pct(share, l)} av totale kostnader (høyst {pct(limit, l)})."
        if l == "nb" else
        f"The amount applied for is {pct(share, l)} of the total cost (at most {pct(limit, l)})."
    )))]


def _sum_check(given: list[int], target: int | None, what: Msg, target_name: Msg,
               none_given: Msg) -> list[Finding]:
    if not given:
        return [Finding("missing", none_given)]
    if target is None:
        return [Finding("missing", _both(lambda l: (
            f"{target_name.nb[0].upper()}{target_name.nb[1:]} er ikke oppgitt." if l == "nb"
            else f"{target_name.en[0].upper()}{target_name.en[1:]} is not given."
        )))]
    total = sum(given)
    if total == target:
        return [Finding("pass", _both(lambda l: (
            f"{what.nb} summerer til {nok(total, l)}, lik {target_name.nb}." if l == "nb"
            else f"{what.en} add up to {nok(total, l)}, equal to {target_name.en}."
        )))]
    return [Finding("warn", _both(lambda l: (
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


# --- state aid ------------------------------------------------------------------------------


@rule("aid.basis", "utlysning/#krav-til-stotte",
      Msg("Støttegrunnlag", "Aid basis"),
      Msg("Et støttegrunnlag utlysningen tillater er valgt, med det det krever.",
          "An aid basis the call allows is chosen, with what it requires."))
def aid_basis(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til støtte»: bagatellmessig støtte, or GBER art. 25, 27, 29 or 49.
    Art. 25 aid falls in one R&D category (art. 25(2)); art. 27 aid goes to the cluster
    organisation (art. 27(1))."""
    basis = case.basis
    if basis is None:
        return [Finding("missing", Msg("Støttegrunnlag er ikke valgt.", "No aid basis is chosen."))]
    if basis not in case.round.aid_bases:
        return [Finding("fail", _both(lambda l: (
            f"{_label(_BASIS, basis, l)} er ikke tillatt i denne runden." if l == "nb"
            else f"{_label(_BASIS, basis, l)} is not allowed in this round."
        )))]
    if basis == "gber_25" and case.project.rd_category is None:
        return [Finding("missing", Msg(
            "Artikkel 25 krever at FoU-kategorien er oppgitt.",
            "Article 25 needs the R&D category.",
        ))]
    if basis == "gber_27" and not any(m.p.kind == "cluster_organisation" for m in case.members):
        unknown = [m for m in case.members if m.p.kind is None]
        if unknown:
            return [Finding("missing", _both(lambda l: (
                "Artikkel 27 krever en klyngeorganisasjon blant deltakerne; typen er ikke "
                f"oppgitt for {_names(unknown, l)}." if l == "nb" else
                "Article 27 needs a cluster organisation among the participants; the kind is "
                f"not given for {_names(unknown, l)}."
            )))]
        return [Finding("fail", Msg(
            "Artikkel 27 krever en klyngeorganisasjon blant deltakerne.",
            "Article 27 needs a cluster organisation among the participants.",
        ))]
    return [Finding("pass", _both(lambda l: (
        f"Støttegrunnlag: {_label(_BASIS, basis, l)}." if l == "nb"
        else f"Aid basis: {_label(_BASIS, basis, l)}."
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
                  oks: tuple, max_share: Fraction) -> tuple[Fraction, Fraction]:
    shares = [
        capped_share(basis, size, max_share, rd, collab, ok, kind)
        for kind in kinds for size in sizes for rd in rds for collab in collabs for ok in oks
    ]
    return min(shares), max(shares)


def _options(value, everything: tuple) -> tuple:
    return everything if value is None else (value,)


@rule("aid.intensity", "statsstotte/#stotteintensitet",
      Msg("Støtteintensitet", "Aid intensity"),
      Msg("Etter gruppeunntaket får hver deltaker høyst sin største tillatte andel av egne "
          "kostnader.",
          "Under the GBER, each participant's aid is at most its maximum intensity times its "
          "own costs."))
def aid_intensity(case: Case) -> list[Finding]:
    """GBER art. 25(5)-(6), 27, 29(4), 49 (see checker.intensity), capped by the call's
    «Støtte vil uansett ikke overstige 50 prosent»."""
    basis = case.basis
    if basis is None:
        return [_basis_not_chosen()]
    if basis not in GBER_BASES:
        return [_not_for_basis(case, _GBER_ONLY)]
    receivers = _with_aid(case)
    if not receivers:
        return [Finding("missing", Msg("Ingen deltaker har fått tildelt støtte ennå.",
                                       "No participant has been given aid yet."))]
    rds = _options(case.project.rd_category, RD_CATEGORIES) if basis == "gber_25" else (None,)
    collab = sme_ok = None
    if basis == "gber_25":
        collab = effective_collaboration(
            (m.p.kind, m.sme, m.p.eligible_costs_nok) for m in case.members)
    if basis == "gber_29":
        sme_ok = sme_share_ok((m.sme, m.p.eligible_costs_nok) for m in case.members)
    collabs = _options(collab, (False, True)) if basis == "gber_25" else (False,)
    oks = _options(sme_ok, (False, True)) if basis == "gber_29" else (True,)
    return [_intensity_finding(case, m, rds, collabs, oks) for m in receivers]


def _intensity_finding(case: Case, m: Member, rds: tuple, collabs: tuple,
                       oks: tuple) -> Finding:
    p = m.p
    aid, costs = p.aid_nok, p.eligible_costs_nok
    kinds = _options(p.kind, _ANY_KIND)
    sizes = tuple(sorted(m.sizes))
    low, high = _share_bounds(case.basis, kinds, sizes, rds, collabs, oks, case.max_share)
    if costs is None:
        return Finding("missing", _both(lambda l: (
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

    if aid <= low * costs:
        return Finding("pass", _both(lambda l: (
            f"{p.name}: {used(l)} (høyst {pct(low, l)})." if l == "nb"
            else f"{p.name}: {used(l)} (at most {pct(low, l)})."
        )), m.index)
    if aid > high * costs:
        return Finding("fail", _both(lambda l: (
            f"{p.name}: {used(l)}; høyst {pct(high, l)} ({nok(int(high * costs), l)}) er "
            "tillatt." if l == "nb" else
            f"{p.name}: {used(l)}; at most {pct(high, l)} ({nok(int(high * costs), l)}) is "
            "allowed."
        )), m.index)
    unknown = [key for key, values in (
        ("kind", kinds), ("size", sizes), ("rd_category", rds),
        ("collaboration", collabs), ("sme_share", oks)) if len(values) > 1]
    return Finding("missing", _both(lambda l: (
        f"{p.name}: {used(l)}; høyeste tillatte andel er mellom {pct(low, l)} og "
        f"{pct(high, l)} og avhenger av {join([_label(_UNKNOWN, k, l) for k in unknown], l)}."
        if l == "nb" else
        f"{p.name}: {used(l)}; the maximum is between {pct(low, l)} and {pct(high, l)} and "
        f"depends on {join([_label(_UNKNOWN, k, l) for k in unknown], l)}."
    )), m.index)


@rule("aid.de_minimis", "statsstotte/bagatellmessig-stotte/#tak",
      Msg("Tak for bagatellmessig støtte", "De minimis ceiling"),
      Msg("Ved bagatellmessig støtte holder hver deltaker seg under taket, medregnet støtte de "
          "har fått før.",
          "Under de minimis, each participant stays under the ceiling, counting aid already "
          "received."))
def aid_de_minimis(case: Case) -> list[Finding]:
    """Regulation (EU) No 1407/2013 art. 3(2): EUR 200 000 per undertaking over three fiscal
    years, counting de minimis aid already received. In NOK the ceiling depends on the rate on
    the day of the grant, so it is a band: the lowest and the highest of Norges Bank's rates in
    the period the round's aid could be granted (statsstotte/bagatellmessig-stotte/#valutakurs).
    Utlysningen: «støttebeløpet skal fordeles på deltagende virksomheters bagatellramme»."""
    if case.basis is None:
        return [_basis_not_chosen()]
    if case.basis != "de_minimis":
        return [_not_for_basis(case, _DE_MINIMIS_ONLY)]
    receivers = _with_aid(case)
    if not receivers:
        return [Finding("missing", Msg("Ingen deltaker har fått tildelt støtte ennå.",
                                       "No participant has been given aid yet."))]
    low, high = case.round.de_minimis_ceiling_low_nok, case.round.de_minimis_ceiling_high_nok
    return [_de_minimis_finding(m, low, high) for m in receivers]


def _de_minimis_finding(m: Member, low: int, high: int) -> Finding:
    p = m.p
    if p.de_minimis_received_nok is None:
        return Finding("missing", _both(lambda l: (
            f"{p.name}: bagatellmessig støtte mottatt tidligere er ikke oppgitt." if l == "nb"
            else f"{p.name}: de minimis aid already received is not given."
        )), m.index)
    total = p.de_minimis_received_nok + p.aid_nok
    sums = (lambda l: f"{nok(p.de_minimis_received_nok, l)} + {nok(p.aid_nok, l)} = "
                      f"{nok(total, l)}")
    if total > high:
        return Finding("fail", _both(lambda l: (
            f"{p.name}: {sums(l)} i bagatellmessig støtte, over taket også ved den høyeste "
            f"kursen ({nok(high, l)})." if l == "nb" else
            f"{p.name}: {sums(l)} in de minimis aid, above the ceiling even at the highest "
            f"rate ({nok(high, l)})."
        )), m.index)
    if total > low:
        return Finding("warn", _both(lambda l: (
            f"{p.name}: {sums(l)} i bagatellmessig støtte. Taket er {nok(low, l)} til "
            f"{nok(high, l)} etter eurokursen på tildelingsdagen, så det avhenger av kursen "
            "den dagen." if l == "nb" else
            f"{p.name}: {sums(l)} in de minimis aid. The ceiling is {nok(low, l)} to "
            f"{nok(high, l)} by the euro rate on the day of the grant, so it depends on the "
            "rate that day."
        )), m.index)
    return Finding("pass", _both(lambda l: (
        f"{p.name}: {sums(l)} i bagatellmessig støtte, innenfor taket uansett kurs (høyst "
        f"{nok(low, l)})." if l == "nb" else
        f"{p.name}: {sums(l)} in de minimis aid, within the ceiling whatever the rate (at "
        f"most {nok(low, l)})."
    )), m.index)


@rule("aid.incentive_effect", "statsstotte/insentiveffekt/#vilkar",
      Msg("Insentiveffekt", "Incentive effect"),
      Msg("Ved gruppeunntaket starter arbeidet først etter at søknaden er sendt.",
          "Under the GBER, work starts only after the application is sent."))
def aid_incentive_effect(case: Case) -> list[Finding]:
    """GBER art. 6(2): aid has an incentive effect only if the written application is
    submitted before work on the project starts."""
    if case.basis is None:
        return [_basis_not_chosen()]
    if case.basis not in GBER_BASES:
        return [_not_for_basis(case, _GBER_ONLY)]
    sent, start = case.app.submission_date, case.project.start_date
    if sent is None or start is None:
        return [Finding("missing", Msg(
            "Innsendingsdato og planlagt oppstart må begge være oppgitt.",
            "Both the submission date and the planned start must be given.",
        ))]
    if start > sent:
        return [Finding("pass", _both(lambda l: (
            f"Arbeidet starter {day(start, l)}, etter at søknaden sendes {day(sent, l)}."
            if l == "nb" else
            f"Work starts on {day(start, l)}, after the application is sent on {day(sent, l)}."
        )))]
    return [Finding("fail", _both(lambda l: (
        f"Arbeidet starter {day(start, l)}, ikke etter at søknaden sendes {day(sent, l)}. "
        "Arbeid som er startet før søknaden, kan ikke få støtte etter gruppeunntaket."
        if l == "nb" else
        f"Work starts on {day(start, l)}, not after the application is sent on {day(sent, l)}. "
        "Work started before the application cannot get aid under the GBER."
    )))]


@rule("aid.undertaking_in_difficulty", "statsstotte/foretak-i-vanskeligheter/#vilkar",
      Msg("Foretak i vanskeligheter", "Undertakings in difficulty"),
      Msg("Ved gruppeunntaket er ingen bedrift i økonomiske vanskeligheter eller under et "
          "krav om tilbakebetaling av ulovlig støtte.",
          "Under the GBER, no undertaking is in difficulty or under an outstanding recovery "
          "order."))
def aid_undertaking_in_difficulty(case: Case) -> list[Finding]:
    """GBER art. 1(4)(c) with art. 2(18) (undertakings in difficulty) and art. 1(4)(a)
    (outstanding recovery orders) exclude the undertaking from GBER aid."""
    if case.basis is None:
        return [_basis_not_chosen()]
    if case.basis not in GBER_BASES:
        return [_not_for_basis(case, _GBER_ONLY)]
    findings = []
    for m in case.members:
        if m.undertaking is False:
            continue
        flags = (m.p.in_difficulty, m.p.recovery_order)
        if True in flags and m.undertaking:
            findings.append(Finding("fail", _both(lambda l: (
                f"{m.p.name} er oppgitt å være i vanskeligheter eller å ha et utestående krav om "
                "tilbakebetaling, og kan ikke få støtte etter gruppeunntaket." if l == "nb" else
                f"{m.p.name} is given as in difficulty or under a recovery order, and cannot get "
                "aid under the GBER."
            )), m.index))
        elif True in flags or None in flags:
            findings.append(Finding("missing", _both(lambda l: (
                f"{m.p.name}: svar mangler om foretaket er i vanskeligheter, har et krav om "
                "tilbakebetaling, eller hvilken type aktør det er." if l == "nb" else
                f"{m.p.name}: answers are missing on difficulty, recovery orders or the kind "
                "of organisation."
            )), m.index))
    return findings or [Finding("pass", Msg(
        "Ingen bedrift er i vanskeligheter eller har et krav om tilbakebetaling.",
        "No undertaking is in difficulty or under a recovery order.",
    ))]


# --- attachments ----------------------------------------------------------------------------


@rule("attachments.motivation", "utlysning/#vedlegg",
      Msg("Vedlegg: mål og motivasjon", "Attachment: goals and motivation"),
      Msg("Hver bedrift har lagt ved sine mål for prosjektet og sin motivasjon.",
          "Every company has attached its goals and motivation."))
def attachments_motivation(case: Case) -> list[Finding]:
    """Utlysningen: «Deltagende bedrifter sine mål for prosjektet og motivasjon for å delta
    legges ved som vedlegg til søknaden.»"""
    findings = [
        Finding("missing", _both(lambda l: (
            f"{m.p.name}: vedlegget med mål og motivasjon er ikke bekreftet." if l == "nb"
            else f"{m.p.name}: the goals and motivation attachment is not confirmed."
        )), m.index)
        for m in case.members
        if m.p.kind in ("company", None) and m.p.motivation_attached is not True
    ]
    return findings or [Finding("pass", Msg(
        "Alle bedriftene har lagt ved mål og motivasjon.",
        "Every company has attached its goals and motivation.",
    ))]


@rule("attachments.de_minimis_declaration", "utlysning/#bagatellmessig-stotte",
      Msg("Vedlegg: erklæring om bagatellmessig støtte", "Attachment: de minimis declaration"),
      Msg("Ved bagatellmessig støtte har hver deltaker med støtte levert erklæringen.",
          "Under de minimis, every participant with aid has sent its declaration."))
def attachments_de_minimis_declaration(case: Case) -> list[Finding]:
    """Utlysningen: «Den enkelte virksomhet må da levere skjema hvor de aksepterer
    bagatellstøtten og bekrefter tilgjengelig ramme.»"""
    if case.basis is None:
        return [_basis_not_chosen()]
    if case.basis != "de_minimis":
        return [_not_for_basis(case, _DE_MINIMIS_ONLY)]
    findings = [
        Finding("missing", _both(lambda l: (
            f"{m.p.name}: erklæringen om bagatellmessig støtte er ikke bekreftet." if l == "nb"
            else f"{m.p.name}: the de minimis declaration is not confirmed."
        )), m.index)
        for m in _with_aid(case)
        if m.p.de_minimis_declaration is not True
    ]
    return findings or [Finding("pass", Msg(
        "Alle deltakere med støtte har levert erklæringen om bagatellmessig støtte.",
        "Every participant with aid has sent the de minimis declaration.",
    ))]


def evaluate_rules(case: Case) -> list[tuple[Rule, list[Finding]]]:
    return [(r, r.evaluate(case)) for r in RULES]
