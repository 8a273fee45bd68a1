"""The command line of contract §4.

    python -m checker check FILE|- [--format text|json] [--lang nb|en]
    python -m checker schema
    python -m checker rules [--format text|json]

`check` exits 0 eligible, 1 not_eligible, 3 incomplete, 2 invalid input or usage. Invalid input
prints `path: message` lines on stderr (and `{"errors": [...]}` on stdout with --format json),
never a traceback. An unreadable file or text that is not JSON has the path `(dokument)`.
FILE may also be a test case as in tests/cases/ (`{"description", "application", "expected"}`):
its application is checked, so the shared examples can be checked as they are.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import InputError, evaluate, rule_catalogue, schema
from .adapter import read_json
from .model import DOCUMENT_PATH
from .report import STATUSES
from .rules.base import BASIS_LABELS, RD_CATEGORY_LABELS, label
from .text import LANGS, nok_range, pct

EXIT = {"eligible": 0, "not_eligible": 1, "incomplete": 3}
EXIT_INVALID = 2

_VERDICT = {
    "eligible": ("Oppfyller kravene som sjekkeren vurderer.", "Meets the requirements checked."),
    "not_eligible": ("Oppfyller ikke kravene.", "Does not meet the requirements."),
    "incomplete": ("Ufullstendig: noen svar mangler.", "Incomplete: some answers are missing."),
}
_OPTION_VERDICT = {
    "eligible": ("Oppfyller kravene", "Meets the requirements"),
    "not_eligible": ("Oppfyller ikke", "Does not meet them"),
    "incomplete": ("Mangler svar", "Answers missing"),
}
_HEADINGS = {
    "fail": ("Ikke oppfylt", "Not met"),
    "missing": ("Mangler svar", "Missing answers"),
    "warn": ("Se nærmere på", "Worth a second look"),
    "info": ("Til informasjon", "For information"),
    "pass": ("Oppfylt", "Met"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _read(source: str) -> object:
    """The parsed JSON document; InputError if it cannot be read or parsed."""
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError([{"path": DOCUMENT_PATH,
                           "message": f"Kan ikke lese «{source}»: {reason}."}]) from None
    return read_json(text)


CASE_KEYS = frozenset({"description", "application", "expected"})


def unwrap_case(document: object) -> object:
    """A test case file ({"description", "application", "expected"}, as in tests/cases/) is
    checked by its application. No application can be mistaken for one: "application" is not
    a key of the format."""
    if (isinstance(document, dict) and isinstance(document.get("application"), dict)
            and set(document) <= CASE_KEYS):
        return document["application"]
    return document


def _amount(low: int | None, high: int | None, lang: str) -> str:
    if low is None:
        return "unknown" if lang == "en" else "ukjent"
    return nok_range(low, high, lang)


def option_label(option: dict, lang: str) -> str:
    text = label(BASIS_LABELS, option["aid_basis"], lang)
    if option["rd_category"]:
        text += ", " + label(RD_CATEGORY_LABELS, option["rd_category"], lang)
    return text[0].upper() + text[1:]


def is_option(option: dict, choice: dict | None) -> bool:
    return choice is not None and (option["aid_basis"], option["rd_category"]) == (
        choice["aid_basis"], choice["rd_category"])


def format_options(report: dict, lang: str) -> list[str]:
    """Contract §2.1 point 5: every option as a table row, the recommended one marked."""
    options = report["options"]
    rows = [(option_label(o, lang), _pick(_OPTION_VERDICT[o["verdict"]], lang),
             _amount(o["max_grant_nok"], o["max_grant_upper_nok"], lang),
             "*" if is_option(o, report["recommended"]) else "") for o in options]
    head = (_pick(("Støttegrunnlag", "Aid basis"), lang), _pick(("Vurdering", "Verdict"), lang),
            _pick(("Største mulige tilskudd", "Largest possible grant"), lang))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [_pick(("Hvilket støttegrunnlag gir mest?", "Which aid basis gives the most?"), lang)]
    for name, verdict, amount, mark in [(*head, ""), *rows]:
        lines.append(f"  {mark:1} {name:<{widths[0]}}  {verdict:<{widths[1]}}  {amount}".rstrip())
    if report["recommended"]:
        lines.append(_pick((
            "* anbefalt: gir mest av grunnlagene som ikke er avvist.",
            "* recommended: gives the most of the bases not ruled out."), lang))
    else:
        lines.append(_pick(("Ingen av grunnlagene er mulige slik søknaden er beskrevet.",
                            "None of the bases is possible as the application stands."), lang))
    lines.append(_pick((
        "Beløpene er øvre grenser etter reglene, ikke forventet tilskudd. Innovasjon Norge "
        "avgjør støttegrunnlaget og beløpet.",
        "The amounts are upper limits under the rules, not an expected grant. Innovation Norway "
        "decides the aid basis and the amount."), lang))
    return lines


def format_report(report: dict, lang: str, chosen: dict | None = None) -> str:
    """The report as plain text: verdict, findings grouped by status, every aid basis side by
    side, estimate. `chosen` is the application's {"aid_basis", "rd_category"}, if any."""
    lines = [_pick(_VERDICT[report["verdict"]], lang), ""]
    for status in STATUSES:
        group = [f for f in report["findings"] if f["status"] == status]
        if group:
            lines.append(f"{_pick(_HEADINGS[status], lang)}:")
            lines += [f"  [{f['rule']}] {f['message']}" for f in group]
            lines.append("")
    lines += format_options(report, lang) + [""]
    est = report["estimate"]
    grant, share = est["max_grant_nok"], est["requested_share"]
    amount = _amount(grant, grant, lang)
    if lang == "en":
        lines.append(f"The call's limit: {amount} "
                     f"(at most {pct(est['max_share'], lang)} of the total cost).")
    else:
        lines.append(f"Utlysningens grense: {amount} "
                     f"(høyst {pct(est['max_share'], lang)} av totale kostnader).")
    option = next((o for o in report["options"] if is_option(o, chosen)), None)
    if option:
        amount = _amount(option["max_grant_nok"], option["max_grant_upper_nok"], lang)
        lines.append(_pick((f"Med valgt støttegrunnlag: {amount}.",
                            f"With the aid basis chosen: {amount}."), lang))
    if share is not None:
        label_ = "Share applied for" if lang == "en" else "Søkt andel"
        lines.append(f"{label_}: {pct(share, lang)}.")
    return "\n".join(lines)


def _check(args) -> int:
    try:
        application = unwrap_case(_read(args.file))
        report = evaluate(application, lang=args.lang)
    except InputError as exc:
        for error in exc.errors:
            print(f"{error['path']}: {error['message']}", file=sys.stderr)
        if args.format == "json":
            print(json.dumps({"errors": exc.errors}, ensure_ascii=False, indent=2))
        return EXIT_INVALID
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        project = application["project"]  # valid: evaluate accepted it
        chosen = {"aid_basis": project.get("aid_basis"), "rd_category": project.get("rd_category")}
        print(format_report(report, args.lang, chosen))
    return EXIT[report["verdict"]]


def _rules(args) -> int:
    catalogue = rule_catalogue(args.lang)
    if args.format == "json":
        print(json.dumps(catalogue, ensure_ascii=False, indent=2))
    else:
        width = max(len(r["id"]) for r in catalogue)
        for r in catalogue:
            print(f"{r['id']:<{width}}  {r['title']}  ({r['source']})")
    return 0


def _schema(args) -> int:
    print(json.dumps(schema(), ensure_ascii=False, indent=2))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m checker",
        description="Sjekk en søknad mot kravene i «Samarbeidsprosjekter for sirkulære "
                    "verdikjeder».",
    )
    commands = root.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="sjekk en søknad (JSON-fil, eller - for stdin)")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--lang", choices=LANGS, default="nb")
    check.set_defaults(run=_check)
    rules = commands.add_parser("rules", help="reglene sjekkeren vurderer")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--lang", choices=LANGS, default="nb")
    rules.set_defaults(run=_rules)
    schema_ = commands.add_parser("schema", help="JSON Schema for søknadsformatet")
    schema_.set_defaults(run=_schema)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # usage errors exit 2 (argparse)
    return args.run(args)
