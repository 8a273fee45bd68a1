"""The legal parameters (checker/law.json): the GBER's intensities, bonuses and caps for each of
its texts, the SME definition's ceilings and the de minimis regulations, each value with its
legal reference. A round names the GBER text and the de minimis regulation it applies.

    gber(text, name)        -> the value in force under that text (int percentage points)
    gber_reference(text, name)
    sme(name)               -> a ceiling of the SME definition
    de_minimis(regulation)  -> DeMinimis(ceiling_eur, last_grant_day, reference)
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Value(_Data):
    value: int
    reference: str


class GberText(_Data):
    name: str
    in_force: date
    source: str


class DeMinimis(_Data):
    ceiling_eur: int
    last_grant_day: date
    reference: str


class Law(_Data):
    about: str
    gber_texts: dict[str, GberText]
    gber: dict[str, dict[str, Value]]
    sme: dict[str, Value]
    de_minimis: dict[str, DeMinimis]


@cache
def law() -> Law:
    text = resources.files(__package__).joinpath("law.json").read_text("utf-8")
    return Law.model_validate_json(text)


def gber_texts() -> tuple[str, ...]:
    """The GBER texts in order of coming into force."""
    texts = law().gber_texts
    return tuple(sorted(texts, key=lambda t: texts[t].in_force))


@cache
def _gber_value(text: str, name: str) -> Value:
    """The value of the latest text at or before `text` that gives one."""
    if text not in law().gber_texts:
        raise KeyError(f"unknown GBER text {text!r}")
    versions = law().gber[name]
    order = gber_texts()
    given = [t for t in order[: order.index(text) + 1] if t in versions]
    if not given:
        raise KeyError(f"{name} has no value in the GBER text {text!r} or before it")
    return versions[given[-1]]


def gber(text: str, name: str) -> int:
    return _gber_value(text, name).value


def gber_reference(text: str, name: str) -> str:
    return _gber_value(text, name).reference


def sme(name: str) -> int:
    return law().sme[name].value


def de_minimis(regulation: str) -> DeMinimis:
    return law().de_minimis[regulation]
