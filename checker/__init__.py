"""Eligibility checker for the call «Samarbeidsprosjekter for sirkulære verdikjeder».

    evaluate(data, *, today=None, lang="nb") -> report dict (contract §2, with §2.1's options
                                               and §2.2's derivations)
    rule_catalogue(lang="nb", round_id=None) -> [{"id", "title", "source"}] in catalogue order
    schema()                                -> JSON Schema of the application format (§1)
    InputError                              -> raised for invalid input; `.errors` lists
                                               {"path", "message"} in the language asked for

Standard library and pydantic only, and no I/O beyond the packaged data (the rounds, the legal
parameters, the vocabulary and the message catalogues), so that the same package loads quickly
in Pyodide. `checker.adapter` is the same entry point with JSON text both ways.
"""

from __future__ import annotations

from datetime import date

from .catalogue import LANGS
from .model import InputError, json_schema, parse_application
from .options import compare, recommended
from .report import build_report
from .rounds import known_rounds, load_round
from .rules import RULES, evaluate_rules, make_case
from .rules.base import resolve

__all__ = ["InputError", "evaluate", "rule_catalogue", "schema", "default_round"]


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def evaluate(data: dict, *, today: date | None = None, lang: str = "nb") -> dict:
    """Check a parsed application (contract §1) and return the report (contract §2).

    `today` is the evaluation date (default: the system date); it only colours the wording
    of a missing submission date. Raises InputError if `data` breaks a limit of §1.
    """
    _check_lang(lang)
    app = parse_application(data, lang)
    case = make_case(app, load_round(app.round), today or date.today())
    results = evaluate_rules(case)
    options = compare(case, results, lang)
    return build_report(case, results, lang, options=options, recommended=recommended(options))


def default_round() -> str:
    """The round with the latest deadline: the one a catalogue without a round describes."""
    return max(known_rounds(), key=lambda r: load_round(r).deadline)


def rule_catalogue(lang: str = "nb", *, details: bool = False,
                   round_id: str | None = None) -> list[dict]:
    """The rules in catalogue order: id, title and source, as the round words them; with
    `details`, also `checks` (one sentence on what the rule checks) and `also` (other paragraphs
    some findings cite)."""
    _check_lang(lang)
    round_ = load_round(round_id or default_round())
    rows = []
    for rule in RULES:
        row = {"id": rule.id, "title": rule.title(round_).render(lang),
               "source": resolve(rule.source, round_)}
        if details:
            row["checks"] = rule.checks(round_).render(lang)
            row["also"] = [resolve(source, round_) for source in rule.also]
        rows.append(row)
    return rows


def schema() -> dict:
    """JSON Schema of the application format, generated from the pydantic models."""
    return json_schema()
