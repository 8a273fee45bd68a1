"""What the checker page reads before Python has started: the vocabulary and, per round, the
call's objectives, requirements and activities and the figures the form's help texts name.

The build writes it into the checker page (hooks/checker_data.py); `python -m checker
vocabulary` prints it. The page keeps no copy of its own.
"""

from __future__ import annotations

from . import vocabulary
from .catalogue import template
from .rounds import draft_files, known_rounds, load_round


def _items(items, lang: str) -> list[dict[str, str]]:
    return [{"value": item.key, "label": item.label(lang)} for item in items]


def round_data(round_id: str, lang: str) -> dict:
    r = load_round(round_id)
    return {
        "round": r.round,
        "title": r.title,
        "call_page": r.call_page,
        "deadline": r.deadline.isoformat(),
        "amount_min_nok": r.amount_min_nok,
        "amount_max_nok": r.amount_max_nok,
        "max_share": r.max_share,
        "min_companies": r.min_companies,
        "aid_bases": list(r.aid_bases),
        "objectives": _items(r.objectives, lang),
        "requirements": _items(r.requirements, lang),
        "activities": _items(r.activities, lang),
    }


# The catalogue's sentences the page shows as the command line does (the comparison's heading,
# its mark and who decides), so that both say the same.
PAGE_TEXTS = ("options.heading", "options.most", "options.none", "options.decides")


def page_data(lang: str = "nb") -> dict:
    """`texts`: PAGE_TEXTS in `lang`. `draft_rounds`: the files of rounds read from outside the package (a site built with
    CHECKER_ROUNDS), for the page's worker to add; empty on a published site."""
    return {
        "lang": lang,
        "vocabulary": vocabulary.export(lang),
        "texts": {key: template(key, lang) for key in PAGE_TEXTS},
        "rounds": [round_data(r, lang) for r in known_rounds()],
        "draft_rounds": draft_files(),
    }
