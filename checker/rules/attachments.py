"""Rules on the attachments the call asks for."""

from __future__ import annotations

from ..messages import msg
from .base import CALL, DE_MINIMIS_ONLY, Case, Finding, outside, rule, with_aid


@rule("attachments.motivation", f"{CALL}#vedlegg")
def attachments_motivation(case: Case) -> list[Finding]:
    """Utlysningen: «Deltagende bedrifter sine mål for prosjektet og motivasjon for å delta
    legges ved som vedlegg til søknaden.»"""
    findings = [
        Finding("missing", msg("attachments.motivation.missing", name=m.p.name), m.index)
        for m in case.members
        if m.p.kind in ("company", None) and m.p.motivation_attached is not True
    ]
    return findings or [Finding("pass", msg("attachments.motivation.pass"))]


@rule("attachments.de_minimis_declaration", f"{CALL}#bagatellmessig-stotte", per_basis=True)
def attachments_de_minimis_declaration(case: Case) -> list[Finding]:
    """Utlysningen: «Den enkelte virksomhet må da levere skjema hvor de aksepterer
    bagatellstøtten og bekrefter tilgjengelig ramme.»"""
    if skip := outside(case, DE_MINIMIS_ONLY):
        return skip
    findings = [
        Finding("missing", msg("attachments.de_minimis_declaration.missing", name=m.p.name), m.index)
        for m in with_aid(case)
        if m.p.de_minimis_declaration is not True
    ]
    return findings or [Finding("pass", msg("attachments.de_minimis_declaration.pass"))]
