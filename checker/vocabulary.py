"""The one vocabulary: every enumerated value of the format and the report, with its labels in
both languages and the guide page that explains it (checker/vocabulary.toml).

    values("kind")                       -> ("company", "cluster_organisation", ...)
    label("kind", "company", "nb", "a")  -> "en bedrift"
    Term("aid_basis", "gber_25")         -> a label left for the message to render in its language
    export("nb")                         -> the vocabulary as the page and the editor read it
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

# The forms an entry may have besides its label (see the head of vocabulary.toml).
FORMS = ("short", "a", "plural", "covers")


@cache
def _data() -> dict[str, dict[str, dict[str, str]]]:
    text = resources.files(__package__).joinpath("vocabulary.toml").read_text("utf-8")
    return tomllib.loads(text)


def groups() -> tuple[str, ...]:
    return tuple(_data())


@cache
def values(group: str) -> tuple[str, ...]:
    """The values of a group, in the order of the format."""
    return tuple(_data()[group])


def label(group: str, value: str, lang: str, form: str = "") -> str:
    """The label of a value in `lang`; a form (FORMS) falls back to the plain label."""
    entry = _data()[group][value]
    if form:
        return entry.get(f"{lang}_{form}", entry[lang])
    return entry[lang]


def page(group: str, value: str) -> str:
    """The site-relative page (and anchor) that explains a value, like a finding's source."""
    return _data()[group][value]["page"]


class Term:
    """A value of the vocabulary inside a message, rendered in the message's language. The
    message chooses the form with its format spec: {kind:a}, {basis:short}; {basis!c}
    capitalises."""

    __slots__ = ("group", "value")

    def __init__(self, group: str, value: str):
        self.group = group
        self.value = value

    def render(self, lang: str, form: str = "") -> str:
        return label(self.group, self.value, lang, form)

    def __eq__(self, other) -> bool:
        return isinstance(other, Term) and (self.group, self.value) == (other.group, other.value)

    def __hash__(self) -> int:
        return hash((self.group, self.value))


def export(lang: str) -> dict[str, list[dict[str, str]]]:
    """Every group as a list of {"value", "label", "page", and the forms it has} in `lang`."""
    out = {}
    for group, entries in _data().items():
        rows = []
        for value, entry in entries.items():
            row = {"value": value, "label": entry[lang], "page": entry["page"]}
            row.update({form: entry[f"{lang}_{form}"] for form in FORMS if f"{lang}_{form}" in entry})
            rows.append(row)
        out[group] = rows
    return out
