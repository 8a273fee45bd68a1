"""Rules on the attachments the call asks for."""

from __future__ import annotations

from ..text import Msg
from .base import (
    DE_MINIMIS_ONLY,
    Case,
    Finding,
    Member,
    both,
    outside,
    rule,
    with_aid,
)


def _not_confirmed(m: Member, attachment: Msg) -> Finding:
    name = m.p.name
    return Finding("missing", both(lambda l: (
        f"{name}: {attachment.nb} er ikke bekreftet." if l == "nb"
        else f"{name}: {attachment.en} is not confirmed."
    )), m.index)


@rule("attachments.motivation", "utlysning/#vedlegg",
      Msg("Vedlegg: mål og motivasjon", "Attachment: goals and motivation"),
      Msg("Hver bedrift har lagt ved sine mål for prosjektet og sin motivasjon.",
          "Every company has attached its goals and motivation."))
def attachments_motivation(case: Case) -> list[Finding]:
    """Utlysningen: «Deltagende bedrifter sine mål for prosjektet og motivasjon for å delta
    legges ved som vedlegg til søknaden.»"""
    findings = [
        _not_confirmed(m, Msg("vedlegget med mål og motivasjon",
                              "the goals and motivation attachment"))
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
          "Under de minimis, every participant with aid has sent its declaration."), per_basis=True)
def attachments_de_minimis_declaration(case: Case) -> list[Finding]:
    """Utlysningen: «Den enkelte virksomhet må da levere skjema hvor de aksepterer
    bagatellstøtten og bekrefter tilgjengelig ramme.»"""
    if skip := outside(case, DE_MINIMIS_ONLY):
        return skip
    findings = [
        _not_confirmed(m, Msg("erklæringen om bagatellmessig støtte", "the de minimis declaration"))
        for m in with_aid(case)
        if m.p.de_minimis_declaration is not True
    ]
    return findings or [Finding("pass", Msg(
        "Alle deltakere med støtte har levert erklæringen om bagatellmessig støtte.",
        "Every participant with aid has sent the de minimis declaration.",
    ))]
