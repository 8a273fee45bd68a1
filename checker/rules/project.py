"""Rules on the project itself: the call's objectives, its requirements and its work areas, as
the round lists them."""

from __future__ import annotations

from dataclasses import dataclass

from ..messages import msg
from ..rounds import CallItem
from ..text import join
from .base import CALL, Case, Finding, rule


@dataclass(frozen=True)
class Labels:
    """Some of the call's items, named in a message by their short labels («A, B og C»)."""

    items: tuple[CallItem, ...]

    def render(self, lang: str, spec: str = "") -> str:
        return join([item.label(lang, short=True) for item in self.items], lang)


@rule("project.objectives", f"{CALL}#malsetninger")
def project_objectives(case: Case) -> list[Finding]:
    """Utlysningen, «Kriterier for valg av prosjekt»: «Alle prosjekter skal bidra til å oppnå
    minst en av følgende tre målsetninger»."""
    chosen = case.project.objectives
    if chosen is None:
        return [Finding("missing", msg("project.objectives.missing"))]
    if not chosen:
        return [Finding("fail", msg("project.objectives.fail", total=len(case.round.objectives)))]
    return [Finding("pass", msg("project.objectives.pass", chosen=len(set(chosen)),
                                total=len(case.round.objectives)))]


@rule("project.requirements", f"{CALL}#alle-prosjekter-skal")
def project_requirements(case: Case) -> list[Finding]:
    """Utlysningen, «Alle prosjekter skal»: every point is required."""
    answers = case.project.requirements or {}
    unmet = tuple(item for item in case.round.requirements if answers.get(item.key) is False)
    open_ = tuple(item for item in case.round.requirements if answers.get(item.key) is None)
    findings = []
    if unmet:
        findings.append(Finding("fail", msg("project.requirements.fail", items=Labels(unmet))))
    if open_:
        findings.append(Finding("missing", msg("project.requirements.missing", items=Labels(open_))))
    return findings or [Finding("pass", msg("project.requirements.pass",
                                            total=len(case.round.requirements)))]


@rule("project.activities", f"{CALL}#arbeidsomrader")
def project_activities(case: Case) -> list[Finding]:
    """Utlysningen, «Aktuelle arbeidsområder i prosjektene» (a guide, not a requirement)."""
    chosen = case.project.activities
    if chosen is None:
        return [Finding("missing", msg("project.activities.missing"))]
    if not chosen:
        return [Finding("warn", msg("project.activities.none"))]
    return [Finding("pass", msg("project.activities.pass", chosen=len(set(chosen))))]
