"""JSON text in, JSON text out: the one door to the checker for everything that is not Python.

The browser worker, the benchmarks, the Pyodide parity test and the build's profiler call these
functions and embed no Python of their own. Text both ways keeps the boundary simple: no proxies
to manage across Pyodide's bridge, and what reaches the checker is exactly what an exported file
would hold.

    evaluate_json(text, lang="nb", today=None) -> '{"report": {...}}' or '{"errors": [...]}'
    rules_json(lang="nb")                      -> '[{"id", "title", "source"}, ...]'
    add_rounds(folder)                         -> '["2023", ...]': read the draft rounds there too
    read_json(text, lang="nb")                 -> the parsed document, or InputError at (dokument)

Positional arguments on purpose: JavaScript calls `evaluate_json(text, "nb", "2023-09-01")`.
"""

from __future__ import annotations

import json
from datetime import date

from . import InputError, evaluate, rounds, rule_catalogue
from .model import document_error


def read_json(text: str, lang: str = "nb") -> object:
    """The parsed JSON document; InputError naming (dokument) if it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise document_error("input.not_json", lang, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise document_error("input.too_deep", lang) from None


def _day(today: date | str | None) -> date | None:
    return date.fromisoformat(today) if isinstance(today, str) else today


def evaluate_json(text: str, lang: str = "nb", today: date | str | None = None) -> str:
    """The report of the application in `text`, or its input errors, as JSON text.

    `today` is the evaluation date (ISO text or a date; default: the system date)."""
    try:
        report = evaluate(read_json(text, lang), today=_day(today), lang=lang)
    except InputError as error:
        return json.dumps({"errors": error.errors}, ensure_ascii=False)
    return json.dumps({"report": report}, ensure_ascii=False)


def rules_json(lang: str = "nb") -> str:
    """The rule catalogue as JSON text."""
    return json.dumps(rule_catalogue(lang), ensure_ascii=False)


def add_rounds(folder: str) -> str:
    """Read the round files in `folder` too (a site's draft rounds, which the page writes there),
    and return the ids of every round now known, as JSON text."""
    rounds.add_folder(folder)
    return json.dumps(rounds.known_rounds())
