"""The command line of contract §4.

    python -m checker check FILE|- [--format text|json] [--lang nb|en]
    python -m checker schema
    python -m checker rules [--format text|json] [--lang nb|en] [--round ROUND]
    python -m checker vocabulary [--lang nb|en]

`check` exits 0 eligible, 1 not_eligible, 3 incomplete, 2 invalid input or usage. Invalid input
prints `path: message` lines on stderr (and `{"errors": [...]}` on stdout with --format json),
never a traceback. An unreadable file or text that is not JSON has the path `(dokument)`.
FILE may also be a test case as in tests/cases/ (`{"description", "application", "expected"}`):
its application is checked, so the shared examples can be checked as they are.
`vocabulary` prints what the checker page reads: the vocabulary and every round's form data.

Every word printed comes from the message catalogues («cli.*») and the vocabulary.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import InputError, evaluate, rule_catalogue, schema
from .adapter import read_json
from .catalogue import LANGS
from .export import page_data
from .messages import msg
from .model import document_error
from .report import STATUSES
from .rounds import RoundDataError, known_rounds
from .text import capitalise, nok_range
from .vocabulary import label

EXIT = {"eligible": 0, "not_eligible": 1, "incomplete": 3}
EXIT_INVALID = 2


def _say(key: str, lang: str, **params) -> str:
    return msg(key, **params).render(lang)


def _read(source: str, lang: str) -> object:
    """The parsed JSON document; InputError if it cannot be read or parsed."""
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise document_error("input.unreadable", lang, source=source, reason=reason) from None
    return read_json(text, lang)


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
        return _say("cli.unknown", lang) if high is None else _say("cli.at_most", lang, amount=high)
    return nok_range(low, high, lang)


def option_label(option: dict, lang: str) -> str:
    text = label("aid_basis", option["aid_basis"], lang)
    if option["rd_category"]:
        text += ", " + label("rd_category", option["rd_category"], lang)
    return capitalise(text)


def is_option(option: dict, choice: dict | None) -> bool:
    return choice is not None and (option["aid_basis"], option["rd_category"]) == (
        choice["aid_basis"], choice["rd_category"])


def format_options(report: dict, lang: str) -> list[str]:
    """Contract §2.1 point 5: every option as a table row, the one that gives the most marked;
    then what each article covers, and who decides (§2.1.4)."""
    options = report["options"]
    rows = [(option_label(o, lang), capitalise(label("verdict", o["verdict"], lang, "short")),
             _amount(o["max_grant_nok"], o["max_grant_upper_nok"], lang),
             "*" if is_option(o, report["recommended"]) else "") for o in options]
    head = (_say("cli.options.basis", lang), _say("cli.options.verdict", lang),
            _say("cli.options.amount", lang))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [_say("options.heading", lang)]
    for name, verdict, amount, mark in [(*head, ""), *rows]:
        lines.append(f"  {mark:1} {name:<{widths[0]}}  {verdict:<{widths[1]}}  {amount}".rstrip())
    lines.append(f"*: {_say('options.most', lang)}." if report["recommended"] else _say("options.none", lang))
    lines.append("")
    lines.append(_say("cli.options.covers", lang))
    for basis in dict.fromkeys(o["aid_basis"] for o in options):
        lines.append(f"  {capitalise(label('aid_basis', basis, lang, 'short'))}: "
                     f"{label('aid_basis', basis, lang, 'covers')}")
    lines.append(_say("options.decides", lang))
    return lines


def format_why(option: dict, lang: str, names: list[str], heading: str) -> list[str]:
    """Contract §2.2.5: the terms behind an option's figures, each with its paragraph."""
    def terms(why: list[dict]) -> list[str]:
        return [f"    - {t['text']}" + (f" [{t['source']}]" if t["source"] else "") for t in why]

    lines = [heading, f"  {_say('cli.why.amount', lang)}", *terms(option["why"])]
    for row in option["participants"]:
        amount = nok_range(row["max_aid_nok"], row["max_aid_upper_nok"], lang)
        lines.append(f"  {names[row['participant']]}: {_say('cli.at_most', lang, amount=amount)}")
        lines += terms(row["why"])
    return lines


def format_report(report: dict, lang: str, chosen: dict | None = None,
                  names: list[str] | None = None) -> str:
    """The report as plain text: verdict, findings grouped by status, every aid basis side by
    side with the derivation of the one that gives the most and of the chosen one, estimate.
    `chosen` is the application's {"aid_basis", "rd_category"}, if any; `names` the
    participants' names."""
    lines = [capitalise(label("verdict", report["verdict"], lang)) + ".", ""]
    for status in STATUSES:
        group = [f for f in report["findings"] if f["status"] == status]
        if group:
            lines.append(f"{capitalise(label('status', status, lang))}:")
            lines += [f"  [{f['rule']}] {f['message']}" for f in group]
            lines.append("")
    lines += format_options(report, lang) + [""]
    option = next((o for o in report["options"] if is_option(o, chosen)), None)
    best = next((o for o in report["options"] if is_option(o, report["recommended"])), None)
    for shown, key in ((best, "cli.why.most"), (option, "cli.why.chosen")):
        if shown is not None and (key == "cli.why.most" or shown is not best):
            lines += format_why(shown, lang, names or [],
                                _say(key, lang, option=option_label(shown, lang))) + [""]
    est = report["estimate"]
    grant, share = est["max_grant_nok"], est["requested_share"]
    lines.append(_say("cli.call_limit", lang, amount=_amount(grant, grant, lang),
                      share=est["max_share"]))
    if option:
        lines.append(_say("cli.chosen_limit", lang, amount=_amount(
            option["max_grant_nok"], option["max_grant_upper_nok"], lang)))
    if share is not None:
        lines.append(_say("cli.requested_share", lang, share=share))
    return "\n".join(lines)


def _check(args) -> int:
    try:
        application = unwrap_case(_read(args.file, args.lang))
        report = evaluate(application, lang=args.lang)
    except RoundDataError as exc:  # a draft round in CHECKER_ROUNDS that breaks the model
        print(exc, file=sys.stderr)
        return EXIT_INVALID
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
        names = [p["name"].strip() for p in application["participants"]]
        print(format_report(report, args.lang, chosen, names))
    return EXIT[report["verdict"]]


def _rules(args) -> int:
    catalogue = rule_catalogue(args.lang, round_id=args.round)
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


def _vocabulary(args) -> int:
    print(json.dumps(page_data(args.lang), ensure_ascii=False, indent=2))
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
    rules.add_argument("--round", choices=known_rounds(),
                       help="runden titlene og kildene gjelder (standard: den nyeste)")
    rules.set_defaults(run=_rules)
    schema_ = commands.add_parser("schema", help="JSON Schema for søknadsformatet")
    schema_.set_defaults(run=_schema)
    vocabulary = commands.add_parser("vocabulary",
                                     help="ordlisten og rundenes skjemadata, slik siden leser dem")
    vocabulary.add_argument("--lang", choices=LANGS, default="nb")
    vocabulary.set_defaults(run=_vocabulary)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # usage errors exit 2 (argparse)
    return args.run(args)
