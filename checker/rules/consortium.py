"""Rules on who may apply and how the consortium is made up (the call's «Hvem kan søke» and
«Krav til sammensetning av prosjekt»)."""

from __future__ import annotations

from ..text import Msg
from .base import Case, Finding, Member, both, label, names, rule


_KIND = {
    "company": ("en bedrift", "a company"),
    "cluster_organisation": ("en klyngeorganisasjon", "a cluster organisation"),
    "research_institute": ("et forskningsinstitutt", "a research institute"),
    "university": ("et universitet", "a university"),
    "catapult_centre": ("et katapultsenter", "a catapult centre"),
    "public_body": ("en offentlig aktør", "a public body"),
    "other": ("en annen type aktør", "another kind of organisation"),
}

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
        return [Finding("pass", both(lambda l: " ".join(filter(None, (
            members and (f"{names(members, l)} er med i en nåværende eller tidligere NIC-klynge."
                         if l == "nb" else
                         f"{names(members, l)}: member of a current or former NIC cluster."),
            network and (f"{names(network, l)} er aktiv kunde i bedriftsnettverk-ordningen."
                         if l == "nb" else
                         f"{names(network, l)}: active customer of the business network scheme."),
        )))))]
    open_ = [m for m in case.members
             if m.p.business_network is None
             or (m.undertaking is not False and m.p.nic_cluster in (None, *_LINKED))]
    if open_:
        return [Finding("missing", both(lambda l: (
            "Ingen deltaker er ennå oppgitt som medlem av en NIC-klynge eller som "
            f"bedriftsnettverk-kunde. Svar mangler for {names(open_, l)}."
            if l == "nb" else
            "No participant is yet shown to be in a NIC cluster or the business network scheme. "
            f"Answers are missing for {names(open_, l)}."
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
        return [Finding("pass", both(said))]
    # Our reading: the call says «bedrifter»; institutes and catapult centres, even when they
    # are companies in the register, are not counted (utlysning/#krav-til-sammensetning).
    left_out = [m for m in case.members if m.p.kind in ("research_institute", "catapult_centre")]

    def told(l: str) -> str:
        if not left_out:
            return said(l)
        return said(l) + (
            f" {names(left_out, l)} er ikke regnet med: forskningsinstitutter og katapultsentre "
            "teller ikke som bedrifter her (vår lesning; Innovasjon Norge avgjør)." if l == "nb"
            else f" {names(left_out, l)} not counted: research institutes and catapult centres "
            "do not count as companies here (our reading; Innovation Norway decides).")

    if possible >= need:
        return [Finding("missing", both(lambda l: told(l) + (
            f" {possible - sure} deltakere mangler svar på type eller registrering."
            if l == "nb" else
            f" {possible - sure} participants have not answered kind or registration."
        )))]
    return [Finding("fail", both(told))]


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
    findings = [f for m in case.members if (f := _org_number_finding(m))]
    return findings or [Finding("pass", Msg(
        "Alle oppgitte organisasjonsnumre er gyldige.",
        "Every organisation number given is valid.",
    ))]


def _org_number_finding(m: Member) -> Finding | None:
    name, number = m.p.name, m.p.org_number
    if number is None:
        if m.undertaking is False:
            return None
        return Finding("missing", both(lambda l: (
            f"{name}: organisasjonsnummer er ikke oppgitt." if l == "nb"
            else f"{name}: no organisation number is given."
        )), m.index)
    if org_number_valid(number):
        return None
    return Finding("fail", both(lambda l: (
        f"{name}: «{number}» er ikke et gyldig organisasjonsnummer (9 siffer med riktig "
        "kontrollsiffer)." if l == "nb" else
        f"{name}: «{number}» is not a valid organisation number (9 digits with a correct "
        "check digit)."
    )), m.index)


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
            findings.append(_duplicate_finding(m, first[number]))
        else:
            first[number] = m
    return findings or [Finding("pass", Msg(
        "Ingen organisasjonsnummer forekommer to ganger.",
        "No organisation number appears twice.",
    ))]


def _duplicate_finding(m: Member, earlier: Member) -> Finding:
    name, number, first = m.p.name, m.p.org_number, earlier.p.name
    return Finding("fail", both(lambda l: (
        f"{name} har samme organisasjonsnummer ({number}) som {first}." if l == "nb"
        else f"{name} has the same organisation number ({number}) as {first}."
    )), m.index)


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
        return [Finding("pass", both(lambda l: (
            f"{owners[0].p.name} er prosjekteier." if l == "nb"
            else f"{owners[0].p.name} is the project owner."
        )), owners[0].index)]
    if not owners:
        return [Finding("fail", Msg(
            "Ingen deltaker er prosjekteier; konsortiet må ha nøyaktig én.",
            "No participant is project owner; the consortium needs exactly one.",
        ))]
    return [Finding("fail", both(lambda l: (
        f"{names(owners, l)} er alle oppgitt som prosjekteier; det kan bare være én."
        if l == "nb" else
        f"{names(owners, l)} are all given as project owner; there can be only one."
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
    findings = [_owner_kind_finding(m) for m in _owners(case)]
    return findings or [Finding("pass", Msg(
        "Ingen prosjekteier er valgt, så det er ingen type å vurdere (se kravet om én "
        "prosjekteier).",
        "No project owner is chosen, so there is no kind to assess (see the one-owner rule).",
    ))]


def _owner_kind_finding(m: Member) -> Finding:
    name, kind = m.p.name, m.p.kind
    if kind is None:
        return Finding("missing", both(lambda l: (
            f"Typen aktør er ikke oppgitt for prosjekteieren {name}." if l == "nb"
            else f"The kind of organisation is not given for the project owner {name}."
        )), m.index)
    if kind in _NOT_OWNER:
        return Finding("fail", both(lambda l: (
            f"{name} er {label(_KIND, kind, l)} og kan ikke være prosjekteier." if l == "nb"
            else f"{name} is {label(_KIND, kind, l)} and cannot be project owner."
        )), m.index)
    return Finding("pass", both(lambda l: (
        f"{name} er {label(_KIND, kind, l)} og kan være prosjekteier." if l == "nb"
        else f"{name} is {label(_KIND, kind, l)} and may be project owner."
    )), m.index)


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
        return [Finding("pass", both(lambda l: (
            f"{names(partners, l)} deltar som kompetanseaktør." if l == "nb"
            else f"{names(partners, l)} takes part as a knowledge partner."
        )))]
    return [Finding("info", Msg(
        "Ingen forskningsinstitutt, universitet eller katapultsenter deltar. Det er ikke et "
        "krav, men utlysningen oppfordrer til det.",
        "No research institute, university or catapult centre takes part. It is not required, "
        "but the call encourages it.",
    ))]
