"""The message catalogues, one per language: checker/locale/<lang>/LC_MESSAGES/checker.po,
compiled to checker.mo by `make setup` (Babel) and read with the standard library's gettext.

Keys are symbolic ("call.deadline.pass"), so the two languages are equals and a missing
translation is an error, never a silent fall-back to the other language.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources

LANGS = ("nb", "en")
DOMAIN = "checker"


@cache
def catalogue(lang: str) -> gettext.GNUTranslations:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    path = resources.files(__package__).joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        raise RuntimeError(f"{path} is missing: `make setup` compiles the catalogues") from None


@cache
def template(key: str, lang: str, count: int | None = None) -> str:
    """The catalogue's text for `key` (its plural form for `count`). A key missing from the
    catalogue is a programming error; tests/checker/test_catalogues.py keeps them complete."""
    cat = catalogue(lang)
    found = cat.gettext(key) if count is None else cat.ngettext(key, key, count)
    if found == key:
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    return found
