"""Rules from the call's practical terms: the application deadline."""

from __future__ import annotations

from ..text import Msg, day
from .base import Case, Finding, both, rule


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
        return [Finding("missing", both(lambda l: (
            f"Innsendingsdato er ikke oppgitt. Fristen er {day(deadline, l)}"
            + (" og er passert." if passed else ".")
            if l == "nb" else
            f"No submission date is given. The deadline is {day(deadline, l)}"
            + (" and has passed." if passed else ".")
        )))]
    if sent <= deadline:
        return [Finding("pass", both(lambda l: (
            f"Søknaden sendes {day(sent, l)}, innen fristen {day(deadline, l)}." if l == "nb"
            else f"The application is sent on {day(sent, l)}, by the deadline {day(deadline, l)}."
        )))]
    return [Finding("fail", both(lambda l: (
        f"Søknaden sendes {day(sent, l)}, etter fristen {day(deadline, l)}." if l == "nb"
        else f"The application is sent on {day(sent, l)}, after the deadline {day(deadline, l)}."
    )))]
