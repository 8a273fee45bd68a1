"""Rules on the project itself: the call's objectives, its six requirements and its work areas."""

from __future__ import annotations

from ..text import Msg, join
from .base import Case, Finding, both, label, rule


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
    return [Finding("pass", both(lambda l: (
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
        findings.append(Finding("fail", both(lambda l: (
            "Ikke oppfylt: " if l == "nb" else "Not met: "
        ) + join([label(_REQUIREMENTS, k, l) for k in unmet], l) + ".")))
    if open_:
        findings.append(Finding("missing", both(lambda l: (
            "Ikke besvart: " if l == "nb" else "Not answered: "
        ) + join([label(_REQUIREMENTS, k, l) for k in open_], l) + ".")))
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
    return [Finding("pass", both(lambda l: (
        f"Prosjektet har {count} av utlysningens arbeidsområder." if l == "nb"
        else f"The project covers {count} of the call's work areas."
    )))]
