"""Bokmål formatting shared by the site's hooks (not a hook itself: no MkDocs events here).

Numbers and dates on the site come from the checker's data; this module only decides how they
read in Norwegian, so every page writes "1. september 2023" and "2 500 000 kr" the same way.
"""

from __future__ import annotations

import os
import posixpath
from datetime import date, datetime, timezone

# The report and the pages write dates, amounts and shares the same way, and name every value
# of the format with the checker's one vocabulary: one implementation.
from checker import vocabulary
from checker.text import NBSP, capitalise, day, nok, pct

__all__ = ["NBSP", "capitalise", "day", "nok", "pct", "label", "page_md"]


def label(group: str, value: str, form: str = "") -> str:
    """A value's bokmål label from the checker's vocabulary (checker/vocabulary.toml)."""
    return vocabulary.label(group, value, "nb", form)


def page_md(group: str, value: str) -> str:
    """The docs/ file (and anchor) of the page that explains a value: 'statsstotte/artikkel-25.md'."""
    path, _, anchor = vocabulary.page(group, value).partition("#")
    return path.rstrip("/") + ".md" + (f"#{anchor}" if anchor else "")



def long_date(d: date) -> str:
    """27. november 2026"""
    return day(d, "nb")


def integer(n: int) -> str:
    """2500000 -> '2 500 000' with non-breaking spaces, as Norwegian typesetting wants."""
    return f"{n:,}".replace(",", NBSP)


def kroner(n: int) -> str:
    return nok(n, "nb")


def percent(share: float) -> str:
    """0.5 -> '50 %'; keeps one decimal only where the share needs it (0.125 -> '12,5 %')."""
    return pct(share, "nb")


def build_date() -> date:
    """The date the site is built on; SOURCE_DATE_EPOCH (the reproducible-builds convention) wins."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def relative_link(from_src: str, to_src: str) -> str:
    """Markdown link from one docs/ source file to another, e.g. to 'utlysning.md#frist'.

    Both are docs-relative and '/'-separated; an anchor on the target is kept.
    """
    path, hash_, anchor = to_src.partition("#")
    return posixpath.relpath(path, posixpath.dirname(from_src) or ".") + hash_ + anchor
