"""Call-round parameters, read from one JSON file per round (``rounds/<id>.json``).

Every number the rules or the site use comes from here, each with its source, so a new round
is a new data file, not new code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache, cached_property
from importlib import resources


@dataclass(frozen=True)
class Rate:
    """One day's EUR→NOK rate, exact as published (11.2355 is 112355/10000, never a float)."""

    nok_per_eur: Fraction
    day: date

    def nok(self, eur: int) -> int:
        """EUR converted to whole NOK, rounded down."""
        return int(self.nok_per_eur * eur)


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
    # The days de minimis aid of this round could be granted on, and the lowest and highest
    # EUR→NOK rate of those days: the ceiling in NOK depends on the day of the grant.
    de_minimis_grant_period: tuple[date, date]
    eur_nok_low: Rate
    eur_nok_high: Rate
    sources: dict[str, str]
    unverified: tuple[str, ...]

    @cached_property
    def de_minimis_ceiling_low_nok(self) -> int:
        """The ceiling in NOK at the lowest rate: aid up to here is within it whatever the day."""
        return self.eur_nok_low.nok(self.de_minimis_ceiling_eur)

    @cached_property
    def de_minimis_ceiling_high_nok(self) -> int:
        """The ceiling in NOK at the highest rate: aid above it is over it whatever the day."""
        return self.eur_nok_high.nok(self.de_minimis_ceiling_eur)


def _value(name: str, param: dict):
    value = param["value"]
    if name in ("opened", "deadline"):
        return date.fromisoformat(value)
    if name == "aid_bases":
        return tuple(value)
    if name == "de_minimis_grant_period":
        return date.fromisoformat(value["from"]), date.fromisoformat(value["to"])
    if name.startswith("eur_nok_"):
        # str() of the parsed number gives back the decimal text of the file, so the Fraction
        # is the published rate exactly.
        return Rate(Fraction(str(value)), date.fromisoformat(param["date"]))
    return value


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
    return Round(
        round=raw["round"],
        title=raw["title"],
        call_url=raw["call_url"],
        checked=date.fromisoformat(raw["checked"]),
        sources={name: p["source"] for name, p in params.items()},
        unverified=tuple(name for name, p in params.items() if p.get("verified") is False),
        **{name: _value(name, p) for name, p in params.items()},
    )
