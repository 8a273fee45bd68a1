"""How numbers, dates and lists read in the report's two languages.

Bokmål groups thousands with a no-break space (U+00A0) and writes «2 200 000 kr» and «50 %»;
the no-break space keeps an amount on one line in the browser. English writes «NOK 2,200,000»
and «50%». Every message exists in both languages: a fixed `Msg` pair, or a `Rendered`
function of the language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import NamedTuple

LANGS = ("nb", "en")
NBSP = "\u00a0"

_MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class Msg(NamedTuple):
    """One message in bokmål and English."""

    nb: str
    en: str

    def in_lang(self, lang: str) -> str:
        return self.en if lang == "en" else self.nb


class Rendered:
    """A message written as a function of the language, rendered only when it is read: the
    report reads one language, and the basis comparison (checker.options) reads none."""

    __slots__ = ("render",)

    def __init__(self, render: Callable[[str], str]):
        self.render = render

    def in_lang(self, lang: str) -> str:
        return self.render(lang)


def nok(amount: int, lang: str) -> str:
    if lang == "en":
        return f"NOK {amount:,}"
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def nok_range(low: int, high: int, lang: str) -> str:
    """«0–2 200 000 kr» / «NOK 0–2,200,000»; one amount when both ends are the same."""
    if low == high:
        return nok(low, lang)
    if lang == "en":
        return f"NOK {low:,}–{high:,}"
    return f"{low:,}".replace(",", NBSP) + "–" + nok(high, lang)


def pct(share: float | Fraction, lang: str) -> str:
    """A share (0.5) as a percentage ("50 %"), with at most one decimal."""
    value = round(float(share) * 100, 1)
    text = f"{value:g}"
    if lang == "nb":
        return text.replace(".", ",") + f"{NBSP}%"
    return text + "%"


def day(d: date, lang: str) -> str:
    if lang == "en":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.day}. {_MONTHS_NB[d.month - 1]} {d.year}"


def join(items: list[str], lang: str) -> str:
    """«A, B og C» / «A, B and C»."""
    if len(items) <= 1:
        return "".join(items)
    word = "and" if lang == "en" else "og"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"

