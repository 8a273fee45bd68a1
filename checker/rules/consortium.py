"""Rules on who may apply and how the consortium is made up (the call's «Hvem kan søke» and
«Krav til sammensetning av prosjekt»)."""

from __future__ import annotations

from ..messages import msg
from ..vocabulary import Term
from .base import CALL, Case, Finding, Member, names, rule

_LINKED = ("current", "former")


@rule("applicant.nic_link", f"{CALL}#hvem-kan-soke")
def applicant_nic_link(case: Case) -> list[Finding]:
    """Utlysningen, «Hvem kan søke om finansiering?»: nåværende og tidligere NIC-klynger,
    konsortier med minst én bedrift med medlemskap i en slik klynge, og aktive
    bedriftsnettverk-kunder."""
    members = names(m for m in case.members if m.undertaking and m.p.nic_cluster in _LINKED)
    network = names(m for m in case.members if m.p.business_network is True)
    if members or network:
        key = ("applicant.nic_link.pass_both" if members and network else
               "applicant.nic_link.pass_cluster" if members else "applicant.nic_link.pass_network")
        return [Finding("pass", msg(key, cluster=members, network=network))]
    open_ = names(m for m in case.members
                  if m.p.business_network is None
                  or (m.undertaking is not False and m.p.nic_cluster in (None, *_LINKED)))
    if open_:
        return [Finding("missing", msg("applicant.nic_link.missing", names=open_))]
    return [Finding("fail", msg("applicant.nic_link.fail"))]


@rule("consortium.companies", f"{CALL}#krav-til-sammensetning")
def consortium_companies(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning av prosjekt»: «bestå av minimum tre bedrifter med
    etablert virksomhet registrert i Foretaksregisteret i Norge» (the round's minimum)."""
    need = case.round.min_companies
    sure = sum(1 for m in case.members
               if m.p.kind == "company" and m.p.business_register is True)
    possible = sum(1 for m in case.members
                   if m.p.kind in ("company", None) and m.p.business_register is not False)
    counted = msg("consortium.companies.counted", count=sure, need=need)
    if sure >= need:
        return [Finding("pass", counted)]
    # Our reading: the call says «bedrifter»; institutes and catapult centres, even when they
    # are companies in the register, are not counted ({call}#krav-til-sammensetning).
    left_out = names(m for m in case.members if m.p.kind in ("research_institute", "catapult_centre"))
    told = msg("consortium.companies.short", counted=counted,
               left_out=left_out and msg("consortium.companies.left_out", names=left_out))
    if possible >= need:
        return [Finding("missing", msg("consortium.companies.open", told=told, count=possible - sure))]
    return [Finding("fail", told)]


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


@rule("participant.org_number", "sjekkeren-vurderer/#organisasjonsnummer")
def participant_org_number(case: Case) -> list[Finding]:
    """Enhetsregisterloven: organisasjonsnummeret er ni siffer med kontrollsiffer (modulus 11).
    Every undertaking in Foretaksregisteret has one."""
    findings = [f for m in case.members if (f := _org_number_finding(m))]
    return findings or [Finding("pass", msg("participant.org_number.pass"))]


def _org_number_finding(m: Member) -> Finding | None:
    number = m.p.org_number
    if number is None:
        if m.undertaking is False:
            return None
        return Finding("missing", msg("participant.org_number.missing", name=m.p.name), m.index)
    if org_number_valid(number):
        return None
    return Finding("fail", msg("participant.org_number.fail", name=m.p.name, number=number), m.index)


@rule("consortium.unique", f"{CALL}#krav-til-sammensetning")
def consortium_unique(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning»: the companies must be distinct enterprises, so
    one organisation number may appear only once."""
    first: dict[str, Member] = {}
    findings = []
    for m in case.members:
        number = m.p.org_number
        if number is None:
            continue
        if number in first:
            findings.append(Finding("fail", msg("consortium.unique.fail", name=m.p.name,
                                                number=number, first=first[number].p.name),
                                    m.index))
        else:
            first[number] = m
    return findings or [Finding("pass", msg("consortium.unique.pass"))]


def _owners(case: Case) -> list[Member]:
    return [m for m in case.members if m.p.project_owner]


@rule("owner.count", f"{CALL}#prosjekteier-og-prosjektleder")
def owner_count(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til prosjekteier og prosjektleder»: «Prosjekteier er et felles
    kontaktpunkt mot Innovasjon Norge for konsortiet»; one owner, so exactly one."""
    owners = _owners(case)
    if len(owners) == 1:
        return [Finding("pass", msg("owner.count.pass", name=owners[0].p.name), owners[0].index)]
    if not owners:
        return [Finding("fail", msg("owner.count.none"))]
    return [Finding("fail", msg("owner.count.several", names=names(owners)))]


_NOT_OWNER = frozenset({"public_body", "research_institute", "university"})


@rule("owner.kind", f"{CALL}#krav-til-sammensetning")
def owner_kind(case: Case) -> list[Finding]:
    """Utlysningen, «Krav til sammensetning»: «kan inkludere offentlige aktører, men ikke som
    prosjekteier» and «kan inkludere forskningsinstitutt, men ikke som prosjekteier».
    Universities are read as research organisations here."""
    findings = [_owner_kind_finding(m) for m in _owners(case)]
    return findings or [Finding("pass", msg("owner.kind.no_owner"))]


def _owner_kind_finding(m: Member) -> Finding:
    kind = m.p.kind
    if kind is None:
        return Finding("missing", msg("owner.kind.missing", name=m.p.name), m.index)
    if kind in _NOT_OWNER:
        return Finding("fail", msg("owner.kind.fail", name=m.p.name, kind=Term("kind", kind)), m.index)
    return Finding("pass", msg("owner.kind.pass", name=m.p.name, kind=Term("kind", kind)), m.index)


_COMPETENCE = frozenset({"research_institute", "university", "catapult_centre"})


@rule("consortium.competence", f"{CALL}#kompetanseaktorer")
def consortium_competence(case: Case) -> list[Finding]:
    """Utlysningen: «Det oppfordres til involvering og samarbeid med kompetanseaktører»
    (forskningsinstitutter, universiteter, katapultsentre). Encouraged, not required."""
    partners = names(m for m in case.members if m.p.kind in _COMPETENCE)
    if partners:
        return [Finding("pass", msg("consortium.competence.pass", names=partners))]
    return [Finding("info", msg("consortium.competence.none"))]
