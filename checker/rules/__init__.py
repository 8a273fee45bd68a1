"""The rule catalogue of contract §3: one small pure function per rule, in catalogue order.

One module per part of the call: `call` (the deadline), `consortium` (who may apply and the
consortium), `project`, `funding`, `state_aid` and `attachments`; `base` holds the case, the
finding and the registry. The catalogue order is the order of the imports below.

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

# Imported for their rules, in catalogue order.
from . import call, consortium, project, funding, state_aid, attachments  # noqa: F401, I001
from .base import RULES, Case, Finding, Member, Rule, evaluate_rules, make_case
from .consortium import org_number_valid


__all__ = ["RULES", "Case", "Finding", "Member", "Rule", "evaluate_rules", "make_case",
           "org_number_valid"]
