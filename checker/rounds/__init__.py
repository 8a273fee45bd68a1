"""Call rounds as data: one JSON file per round (checker/rounds/<round>.json), validated by the
pydantic model `RoundFile` when it is loaded and when the site builds.

A round file holds everything a new round may change, each parameter with its source: the dates,
the amounts, the max share, the minimum number of companies, the aid bases, the GBER text and the
de minimis regulation it applies (with the ceiling and the EUR→NOK rate band), the call's own
objectives, requirements and activities, and the site page that holds its call text. The checker
and the site read only this; editors change it in the editor at /admin/ (hooks/cms.py makes that
form from this model).

Besides the rounds in this folder, the folders named in the environment variable CHECKER_ROUNDS
(separated by the path separator), and those given to `add_folder`, are read too: a draft round
can be checked before it is published, and the tests keep a round of their own that way. A site
built with CHECKER_ROUNDS gives its draft rounds to the checker page, whose worker adds them
(`checker.adapter.add_rounds`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from .. import law
from ..vocabulary import values

ENV = "CHECKER_ROUNDS"
T = TypeVar("T")


class RoundDataError(Exception):
    """A round file that cannot be read or breaks the model; the message names file and field."""


# --- the file ----------------------------------------------------------------------------------

class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(_Data, Generic[T]):
    """One parameter: its value, where it comes from, and whether that source was verified."""

    value: T
    source: Annotated[str, Field(min_length=1)]
    verified: bool = True


class RateParam(Param[Annotated[float, Field(gt=0)]]):
    """A day's EUR→NOK rate as published, with its day."""

    date: date


class Period(_Data):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")


class CallItem(_Data):
    """One of the call's objectives, requirements or work areas: a stable key for the format,
    the call's words in bokmål and in English, and shorter labels for messages."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    nb: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]
    nb_short: str | None = None
    en_short: str | None = None

    def label(self, lang: str, short: bool = False) -> str:
        return (getattr(self, f"{lang}_short") if short else None) or getattr(self, lang)


def _unique(items: list) -> list:
    keys = [getattr(item, "key", item) for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("hver verdi kan stå bare én gang")
    return items


AidBasis = Literal[values("aid_basis")]
Amount = Annotated[int, Field(strict=True, gt=0)]
CallItems = Annotated[list[CallItem], Field(min_length=1), AfterValidator(_unique)]


class Parameters(_Data):
    opened: Param[date]
    deadline: Param[date]
    amount_min_nok: Param[Amount]
    amount_max_nok: Param[Amount]
    max_share: Param[Annotated[float, Field(gt=0, le=1)]]
    min_companies: Param[Annotated[int, Field(strict=True, ge=1)]]
    aid_bases: Param[Annotated[list[AidBasis], Field(min_length=1), AfterValidator(_unique)]]
    gber_text: Param[str]
    de_minimis_regulation: Param[str] | None = None
    de_minimis_ceiling_eur: Param[Amount] | None = None
    de_minimis_grant_period: Param[Period] | None = None
    eur_nok_low: RateParam | None = None
    eur_nok_high: RateParam | None = None
    objectives: Param[CallItems]
    requirements: Param[CallItems]
    activities: Param[CallItems]

    @model_validator(mode="after")
    def _consistent(self) -> Parameters:
        if self.amount_min_nok.value > self.amount_max_nok.value:
            raise ValueError("amount_min_nok er større enn amount_max_nok")
        if self.opened.value > self.deadline.value:
            raise ValueError("opened er etter deadline")
        if (Fraction(str(self.max_share.value)) * 100).denominator != 1:
            raise ValueError("max_share må være en hel prosent (for eksempel 0.5 eller 0.45)")
        if self.gber_text.value not in law.gber_texts():
            raise ValueError(f"gber_text må være en av {', '.join(law.gber_texts())}")
        de_minimis = ("de_minimis_regulation", "de_minimis_ceiling_eur", "de_minimis_grant_period",
                      "eur_nok_low", "eur_nok_high")
        if "de_minimis" in self.aid_bases.value:
            missing = [name for name in de_minimis if getattr(self, name) is None]
            if missing:
                raise ValueError(f"bagatellmessig støtte er et støttegrunnlag, så {', '.join(missing)}"
                                 " må være med")
            self._check_de_minimis()
        return self

    def _check_de_minimis(self) -> None:
        regulation = self.de_minimis_regulation.value
        if regulation not in law.law().de_minimis:
            raise ValueError(f"de_minimis_regulation må være en av {', '.join(law.law().de_minimis)}")
        rules = law.de_minimis(regulation)
        if self.de_minimis_ceiling_eur.value != rules.ceiling_eur:
            raise ValueError(f"taket etter forordning {regulation} er {rules.ceiling_eur} euro, ikke "
                             f"{self.de_minimis_ceiling_eur.value}")
        period = self.de_minimis_grant_period.value
        if period.start > period.end:
            raise ValueError("de_minimis_grant_period: from er etter to")
        low, high = self.eur_nok_low, self.eur_nok_high
        if low.value > high.value:
            raise ValueError("eur_nok_low er høyere enn eur_nok_high")
        for rate in (low, high):
            if not period.start <= rate.date <= period.end:
                raise ValueError(f"kursen fra {rate.date} er utenfor de_minimis_grant_period")


class RoundFile(_Data):
    round: Annotated[str, Field(pattern=r"^[0-9a-z][0-9a-z-]*$")]
    title: Annotated[str, Field(min_length=1)]
    call_url: Annotated[str, Field(pattern=r"^https://")]
    call_page: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-/]*/$")]
    checked: date
    parameters: Parameters


# --- what the checker works with -----------------------------------------------------------

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
    call_page: str
    checked: date
    opened: date
    deadline: date
    amount_min_nok: int
    amount_max_nok: int
    max_share: float
    min_companies: int
    aid_bases: tuple[str, ...]
    gber_text: str
    objectives: tuple[CallItem, ...]
    requirements: tuple[CallItem, ...]
    activities: tuple[CallItem, ...]
    # The de minimis regulation and its ceiling; None when the round has no de minimis basis.
    de_minimis_regulation: str | None
    de_minimis_ceiling_eur: int | None
    # The days de minimis aid of this round could be granted on, and the lowest and highest
    # EUR→NOK rate of those days: the ceiling in NOK depends on the day of the grant.
    de_minimis_grant_period: tuple[date, date] | None
    eur_nok_low: Rate | None
    eur_nok_high: Rate | None
    sources: dict[str, str]
    unverified: tuple[str, ...]

    @property
    def de_minimis_ceiling_low_nok(self) -> int:
        """The ceiling in NOK at the lowest rate: aid up to here is within it whatever the day."""
        return self.eur_nok_low.nok(self.de_minimis_ceiling_eur)

    @property
    def de_minimis_ceiling_high_nok(self) -> int:
        """The ceiling in NOK at the highest rate: aid above it is over it whatever the day."""
        return self.eur_nok_high.nok(self.de_minimis_ceiling_eur)

    def keys(self, items: str) -> tuple[str, ...]:
        """The keys of the call's objectives, requirements or activities."""
        return tuple(item.key for item in getattr(self, items))

    def params(self) -> dict:
        """The round's figures for messages and titles ("Minst {min_companies} bedrifter")."""
        return {"min_companies": self.min_companies, "max_share": Fraction(str(self.max_share)),
                "amount_min_nok": self.amount_min_nok, "amount_max_nok": self.amount_max_nok,
                "deadline": self.deadline, "round": self.round}


def _round(data: RoundFile) -> Round:
    p = data.parameters

    def rate(param: RateParam | None) -> Rate | None:
        # str() of the parsed number gives back the decimal text of the file, so the Fraction is
        # the published rate exactly.
        return None if param is None else Rate(Fraction(str(param.value)), param.date)

    period = p.de_minimis_grant_period
    given = {name: getattr(p, name) for name in Parameters.model_fields if getattr(p, name)}
    return Round(
        round=data.round, title=data.title, call_url=data.call_url, call_page=data.call_page,
        checked=data.checked, opened=p.opened.value, deadline=p.deadline.value,
        amount_min_nok=p.amount_min_nok.value, amount_max_nok=p.amount_max_nok.value,
        max_share=p.max_share.value, min_companies=p.min_companies.value,
        aid_bases=tuple(p.aid_bases.value), gber_text=p.gber_text.value,
        objectives=tuple(p.objectives.value), requirements=tuple(p.requirements.value),
        activities=tuple(p.activities.value),
        de_minimis_regulation=p.de_minimis_regulation and p.de_minimis_regulation.value,
        de_minimis_ceiling_eur=p.de_minimis_ceiling_eur and p.de_minimis_ceiling_eur.value,
        de_minimis_grant_period=period and (period.value.start, period.value.end),
        eur_nok_low=rate(p.eur_nok_low), eur_nok_high=rate(p.eur_nok_high),
        sources={name: param.source for name, param in given.items()},
        unverified=tuple(name for name, param in given.items() if not param.verified),
    )


# --- finding and reading the files ------------------------------------------------------------

_added: list[Path] = []


def add_folder(path: str | Path) -> None:
    """Read the round files of `path` too, from now on (again, if it was added before: the
    page's worker writes new files there)."""
    if Path(path) not in _added:
        _added.append(Path(path))
    _files.cache_clear()
    load_round.cache_clear()


def _folders() -> list:
    extra = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    return [resources.files(__package__), *extra, *_added]


def _in_package(path) -> bool:
    return Path(str(path)).parent == Path(str(resources.files(__package__)))


def is_draft(round_id: str) -> bool:
    """Whether a round is read from outside the package (CHECKER_ROUNDS, add_folder)."""
    return not _in_package(round_file(round_id))


@cache
def _files() -> dict[str, object]:
    # Listed once per process: the checker asks on every evaluation. The package's own rounds
    # win over a folder of CHECKER_ROUNDS with a file of the same name.
    found: dict[str, object] = {}
    for folder in reversed(_folders()):
        if folder.is_dir():
            found.update({f.name.removesuffix(".json"): f for f in folder.iterdir()
                          if f.name.endswith(".json") and not f.name.startswith(".")})
    return dict(sorted(found.items()))


def known_rounds() -> list[str]:
    return list(_files())


def round_file(round_id: str):
    """The file a round is read from."""
    return _files()[round_id]


def location(path) -> str:
    """A round file's name as an editor knows it: checker/rounds/2023.json."""
    if _in_package(path):
        return f"checker/rounds/{path.name}"
    return str(path)


# What pydantic's error types mean, in the editors' words (bokmål, like the build's messages).
_EDITOR_WORDS = {
    "missing": "Mangler.",
    "extra_forbidden": "Ukjent felt (skrivefeil?).",
    "int_type": "Må være et helt tall.",
    "int_parsing": "Må være et helt tall.",
    "float_type": "Må være et tall.",
    "float_parsing": "Må være et tall.",
    "string_type": "Må være tekst.",
    "bool_type": "Må være true eller false.",
    "list_type": "Må være en liste.",
    "model_type": "Må være et objekt.",
    "date_type": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "date_parsing": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "greater_than": "Må være større enn {gt}.",
    "greater_than_equal": "Må være minst {ge}.",
    "less_than_equal": "Må være høyst {le}.",
    "string_too_short": "Kan ikke være tom.",
    "too_short": "Kan ikke være tom.",
    "string_pattern_mismatch": "Har feil form (mønster {pattern}).",
    "literal_error": "Må være en av {expected}.",
}


def validation_problems(error: ValidationError) -> list[str]:
    problems = []
    for e in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in e["loc"])
        words = _EDITOR_WORDS.get(e["type"])
        text = words.format(**e.get("ctx", {})) if words else e["msg"].removeprefix("Value error, ")
        problems.append(f"{where or '(fila)'}: {text}")
    return problems


def parse_round(text: str, name: str) -> RoundFile:
    """Validate the text of a round file; RoundDataError names the file and every bad field."""
    try:
        data = RoundFile.model_validate_json(text)
    except ValidationError as error:
        raise RoundDataError("\n".join(f"{name}: {p}" for p in validation_problems(error))) from None
    stem = Path(name).name.removesuffix(".json")
    if data.round != stem:
        raise RoundDataError(f"{name}: round: er «{data.round}», men fila heter {stem}.json; de må være like.")
    return data


@cache
def load_round(round_id: str) -> Round:
    """The parameters of a round; KeyError if there is no file for it, RoundDataError if the
    file breaks the model."""
    path = round_file(round_id)
    return _round(parse_round(path.read_text("utf-8"), location(path)))


def load_all() -> list[Round]:
    """Every round, each validated (the site's build calls this, so a bad file stops it)."""
    return [load_round(r) for r in known_rounds()]


def draft_files() -> dict[str, str]:
    """The text of every draft round's file, by round id (what the checker page's worker adds)."""
    return {r: round_file(r).read_text("utf-8") for r in known_rounds() if is_draft(r)}
