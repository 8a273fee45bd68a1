"""How numbers, dates and lists read in each language. The conventions themselves are entries of
the message catalogues ("format.*"): bokmål groups thousands with a no-break space and writes
«2 200 000 kr» and «50 %», English «NOK 2,200,000» and «50%». The no-break spaces keep an amount
on one line in the browser. No language is named in this module.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from functools import lru_cache

from .catalogue import LANGS, template

NBSP = "\u00a0"

# Every catalogue key this module reads (the catalogue test checks that both languages have them).
FORMAT_KEYS = (
    "format.thousands", "format.decimal", "format.nok", "format.nok_range", "format.percent",
    "format.date", "format.and", *(f"format.month.{m}" for m in range(1, 13)),
)

__all__ = ["LANGS", "NBSP", "FORMAT_KEYS", "number", "nok", "nok_range", "pct", "day", "join",
           "capitalise"]


# The comparison writes the same few amounts and percents many times over (every option, every
# participant's derivation): each is formatted once per language.
@lru_cache(maxsize=4096)
def number(n: int, lang: str) -> str:
    """2200000 -> «2 200 000» / «2,200,000»."""
    separator = template("format.thousands", lang)
    return f"{n:,}" if separator == "," else f"{n:,}".replace(",", separator)


@lru_cache(maxsize=4096)
def nok(amount: int, lang: str) -> str:
    return template("format.nok", lang).replace("{amount}", number(amount, lang))


def nok_range(low: int, high: int, lang: str) -> str:
    """«0–2 200 000 kr» / «NOK 0–2,200,000»; one amount when both ends are the same."""
    if low == high:
        return nok(low, lang)
    return template("format.nok_range", lang).format(low=number(low, lang),
                                                     high=number(high, lang))


@lru_cache(maxsize=4096)
def pct(share: float | Fraction, lang: str) -> str:
    """A share (0.5) as a percentage («50 %»), with at most one decimal."""
    value = f"{round(float(share) * 100, 1):g}".replace(".", template("format.decimal", lang))
    return template("format.percent", lang).format(value=value)


def day(d: date, lang: str) -> str:
    return template("format.date", lang).format(
        day=d.day, month=template(f"format.month.{d.month}", lang), year=d.year)


def join(items: list[str], lang: str) -> str:
    """«A, B og C» / «A, B and C»."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {template('format.and', lang)} {items[-1]}"


def capitalise(text: str) -> str:
    """Upper-case the first letter, also when the text starts with a Markdown link or a quote.

    Text that starts with a number is left alone: «50 % av …» must not become «50 % Av …».
    """
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1:]
        if char.isdigit():
            return text
    return text
