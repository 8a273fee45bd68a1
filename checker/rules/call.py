"""Rules from the call's practical terms: the application deadline."""

from __future__ import annotations

from ..messages import msg
from .base import CALL, Case, Finding, rule


@rule("call.deadline", f"{CALL}#frist")
def call_deadline(case: Case) -> list[Finding]:
    """Utlysningen, «Frist for innsending av prosjektsøknader: 1. september 2023» (the round's
    deadline; the deadline day itself is on time)."""
    deadline = case.round.deadline
    sent = case.app.submission_date
    if sent is None:
        key = "call.deadline.no_date_passed" if case.today > deadline else "call.deadline.no_date"
        return [Finding("missing", msg(key, deadline=deadline))]
    if sent <= deadline:
        return [Finding("pass", msg("call.deadline.pass", sent=sent, deadline=deadline))]
    return [Finding("fail", msg("call.deadline.fail", sent=sent, deadline=deadline))]
