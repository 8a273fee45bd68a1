"""The message catalogues (checker/locale/<lang>/LC_MESSAGES/checker.po), read with Babel as a
translator's tools read them: the two languages have the same keys with the same placeholders,
every key the code names exists, no key is left unused, and the compiled .mo files are the .po
files of today."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import checker
from checker.catalogue import LANGS
from checker.rules import RULES
from checker.text import FORMAT_KEYS

PACKAGE = Path(checker.__file__).parent
LOCALE = PACKAGE / "locale"
# A catalogue key in the code: dotted lower-case words that begin with one of the catalogue's
# namespaces (a pattern, so that a key the code names but the catalogue lacks is found too).
NAMESPACES = ("aid", "applicant", "attachments", "call", "cli", "consortium", "format", "funding",
              "input", "open", "options", "owner", "participant", "project", "rule", "scope", "why")
KEY_IN_CODE = re.compile(r"""["']((?:%s)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["']""" % "|".join(NAMESPACES))
RULE_IDS = {rule.id for rule in RULES}


def catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "checker.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def messages(lang: str) -> dict[str, tuple[str, ...]]:
    """key -> its text (one per plural form)."""
    out = {}
    for message in catalogue(lang):
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        out[key] = message.string if isinstance(message.string, tuple) else (message.string,)
    return out


def placeholders(text: str) -> set[tuple[str, str | None, str | None]]:
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None}


def keys_in_code() -> set[str]:
    """Every key the checker's code names (a rule's id is not a message key)."""
    found = {key for path in PACKAGE.rglob("*.py") for key in KEY_IN_CODE.findall(path.read_text("utf-8"))}
    return found - RULE_IDS


@pytest.fixture(scope="module")
def both() -> dict[str, dict[str, tuple[str, ...]]]:
    return {lang: messages(lang) for lang in LANGS}


def test_both_languages_have_the_same_keys_and_plural_forms(both):
    nb, en = both["nb"], both["en"]
    assert sorted(set(nb) ^ set(en)) == []
    assert {k for k, v in nb.items() if len(v) > 1} == {k for k, v in en.items() if len(v) > 1}


def test_no_message_is_empty_and_the_placeholders_agree(both):
    for key, texts in both["nb"].items():
        expected = placeholders(texts[0])
        for lang in LANGS:
            for text in both[lang][key]:
                assert text != "", (lang, key)
                assert placeholders(text) == expected, (lang, key, text)


def test_every_key_the_code_names_is_in_the_catalogues(both):
    rule_keys = {f"{rule.id}.{part}" for rule in RULES for part in ("title", "checks")}
    missing = (keys_in_code() | rule_keys | set(FORMAT_KEYS)) - set(both["nb"])
    assert sorted(missing) == []


def test_no_key_is_left_unused(both):
    rule_keys = {f"{rule.id}.{part}" for rule in RULES for part in ("title", "checks")}
    unused = set(both["nb"]) - keys_in_code() - rule_keys - set(FORMAT_KEYS)
    assert sorted(unused) == []


def test_the_pattern_finds_keys_and_misses_other_strings():
    """Guards the test above: a real key is found, paths and ids are not."""
    sample = """"why.arithmetic" "statsstotte/#x" "gber_25.intensity.base" 'cli.why.amount'"""
    assert KEY_IN_CODE.findall(sample) == ["why.arithmetic", "cli.why.amount"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogue_is_the_po_file(lang):
    """`make setup` compiles the .po files; a stale .mo would make the checker speak yesterday's
    words."""
    def entries(catalog) -> dict:
        def key(value):
            return tuple(value) if isinstance(value, (list, tuple)) else value
        return {key(m.id): key(m.string) for m in catalog if m.id}

    with (LOCALE / lang / "LC_MESSAGES" / "checker.mo").open("rb") as handle:
        compiled = entries(read_mo(handle))
    assert compiled == entries(catalogue(lang))
