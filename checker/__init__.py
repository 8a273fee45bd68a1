"""Eligibility checker for the call «Samarbeidsprosjekter for sirkulære verdikjeder».

    evaluate(data, *, today=None, lang="nb") -> report dict (contract §2, with §2.1's options)
    rule_catalogue(lang="nb")               -> [{"id", "title", "source"}] in catalogue order
    schema()                                -> JSON Schema of the application format (§1)
    InputError                              -> raised for invalid input; `.errors` lists
                                               {"path", "message"} in bokmål

Standard library and pydantic only, and no I/O beyond the packaged round data, so that the same
package loads quickly in Pyodide.
"""

from __future__ import annotations

from datetime import date

from .model import InputError, json_schema, parse_application
from .options import compare, recommended
from .report import build_report
from .rounds import load_round
from .rules import RULES, evaluate_rules, make_case
from .text import LANGS

__all__ = ["InputError", "evaluate", "rule_catalogue", "schema"]


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def evaluate(data: dict, *, today: date | None = None, lang: str = "nb") -> dict:
    """Check a parsed application (contract §1) and return the report (contract §2).

    `today` is the evaluation date (default: the system date); it only colours the wording
    of a missing submission date. Raises InputError if `data` breaks a limit of §1.
    """
    _check_lang(lang)
    app = parse_application(data)
    case = make_case(app, load_round(app.round), today or date.today())
    results = evaluate_rules(case)
    options = compare(case, results)
    return build_report(case, results, lang, options=options, recommended=recommended(options))


def rule_catalogue(lang: str = "nb", *, details: bool = False) -> list[dict]:
    """The rules in catalogue order: id, title and source; with `details`, also `checks`
    (one sentence on what the rule checks) and `also` (other paragraphs some findings cite)."""
    _check_lang(lang)
    rows = []
    for rule in RULES:
        row = {"id": rule.id, "title": rule.title.in_lang(lang), "source": rule.source}
        if details:
            row["checks"] = rule.checks.in_lang(lang)
            row["also"] = list(rule.also)
        rows.append(row)
    return rows


def schema() -> dict:
    """JSON Schema of the application format, generated from the pydantic models."""
    return json_schema()
