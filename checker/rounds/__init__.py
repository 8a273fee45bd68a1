"""Call-round parameters, read from one JSON file per round (``rounds/<id>.json``).

Every number the rules or the site use comes from here, each with its source, so a new round
is a new data file, not new code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Round:
    round: str
    title: str
    call_url: str
    checked: date
    opened: date
    deadline: date
    amount_min_nok: int
    amount_max_nok: int
    max_share: float
    min_companies: int
    aid_bases: tuple[str, ...]
    de_minimis_regulation: str
    de_minimis_ceiling_eur: int
    eur_nok: float
    sources: dict[str, str]
    unverified: tuple[str, ...]

    @property
    def de_minimis_ceiling_nok(self) -> int:
        return int(self.de_minimis_ceiling_eur * self.eur_nok)


_DATES = {"opened", "deadline"}


def known_rounds() -> list[str]:
    return list(_round_ids())


@cache
def _round_ids() -> tuple[str, ...]:
    # Listed once per process: the checker asks on every evaluation.
    files = resources.files(__package__).iterdir()
    return tuple(sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json")))


@cache
def load_round(round_id: str) -> Round:
    """Return the parameters of a round; KeyError if there is no data file for it."""
    if round_id not in known_rounds():
        raise KeyError(round_id)
    raw = json.loads(resources.files(__package__).joinpath(f"{round_id}.json").read_text("utf-8"))
    params = raw["parameters"]
    values = {
        name: date.fromisoformat(p["value"]) if name in _DATES else p["value"]
        for name, p in params.items()
    }
    values["aid_bases"] = tuple(values["aid_bases"])
    return Round(
        round=raw["round"],
        title=raw["title"],
        call_url=raw["call_url"],
        checked=date.fromisoformat(raw["checked"]),
        sources={name: p["source"] for name, p in params.items()},
        unverified=tuple(name for name, p in params.items() if p.get("verified") is False),
        **values,
    )
