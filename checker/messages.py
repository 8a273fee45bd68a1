"""The wording of everything the checker says lives in message catalogues, one per language:
checker/locale/<lang>/LC_MESSAGES/checker.po (gettext), compiled to .mo by `make setup` and read
with the standard library's gettext, so the same code runs in Pyodide.

Rules never hold text. A rule returns a `Message`: a key into the catalogues and its parameters.
The text is made only when the report is read, in the report's language (the basis comparison
evaluates every rule again for each basis and reads none of their messages).

In a catalogue a message is a Python format string over its parameters:
    "{name}: {aid:nok} i støtte er {share:pct} av kostnadene {costs:nok}."
Format specs: nok (whole kroner), num (a grouped whole number), pct (a share as percent),
day (a date), names (a list joined with «og»/«and»); a vocabulary Term takes the form as spec
({kind:a}, {basis:short}); the conversion !c capitalises the first letter. A parameter may itself
be a Message, or anything else with `render(lang, spec)`, rendered in the same language. Plural
messages give `count`.
"""

from __future__ import annotations

import string
from functools import cache

from . import text
from .catalogue import template


class Message:
    """A message key with its parameters, rendered late (see the module's docstring)."""

    __slots__ = ("key", "params", "count", "_texts")

    def __init__(self, key: str, /, *, count: int | None = None, **params):
        self.key = key
        self.params = params if count is None else {**params, "count": count}
        self.count = count
        self._texts: dict[str, str] | None = None  # made on first render: most are never read

    def render(self, lang: str, spec: str = "") -> str:
        # A message is immutable, and the derivation's steps are shared by many participants:
        # each is rendered once per language.
        if self._texts is None:
            self._texts = {}
        found = self._texts.get(lang)
        if found is None:
            params = self.params
            found = self._texts[lang] = "".join([
                part if part.__class__ is str else _field(params[part[0]], part[1], part[2], lang)
                for part in _compiled(template(self.key, lang, self.count))])
        return found

    def __eq__(self, other) -> bool:
        # Two steps of a derivation are the same term when they would say the same thing.
        return isinstance(other, Message) and (self.key, self.count, self.params) == (
            other.key, other.count, other.params)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.params!r})"


class Listing:
    """Several messages (or plain texts) in one parameter, joined as a list: «A, B og C»."""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = tuple(items)

    def render(self, lang: str, spec: str = "") -> str:
        return text.join([item.render(lang) if hasattr(item, "render") else str(item)
                          for item in self.items], lang)

    def __eq__(self, other) -> bool:
        return isinstance(other, Listing) and self.items == other.items

    __hash__ = None


class NokRange:
    """Two amounts as one: «2 247 100–2 389 000 kr», or one amount when they are equal."""

    __slots__ = ("low", "high")

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def render(self, lang: str, spec: str = "") -> str:
        return text.nok_range(self.low, self.high, lang)


# The name the rules write messages with (and Babel's extractor looks for: pybabel extract -k msg).
msg = Message


_SPECS = {
    "nok": text.nok,
    "num": text.number,
    "pct": text.pct,
    "day": text.day,
    "names": text.join,
}


@cache
def _compiled(template_text: str) -> tuple:
    """A catalogue text as literal strings and (name, conversion, spec) fields, parsed once."""
    parts: list = []
    for literal, name, spec, conversion in string.Formatter().parse(template_text):
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append((name, conversion, spec or ""))
    return tuple(parts)


def _field(value, conversion: str | None, spec: str, lang: str) -> str:
    if conversion == "c":
        return text.capitalise(_field(value, None, spec, lang))
    if hasattr(value, "render"):  # a Message, a vocabulary Term, the call's items
        return value.render(lang, spec)
    if value is None:
        return ""
    if spec in _SPECS:
        return _SPECS[spec](value, lang)
    return format(value, spec)
