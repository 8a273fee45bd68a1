"""What the checker says, shown on the guide's pages from the checker itself at build time.

Markers in the pages:
  <!-- grunnlag:dekker -->     one line per aid basis of the round: which activities its article
                               covers (the vocabulary's «covers»), linked to its guide page;
  <!-- utregningseksempel -->  a worked example: the application in docs/assets/eksempler/ is
                               evaluated, and the derivation of every figure under one aid basis
                               is printed as the report gives it (contract §2.2), each term linked
                               to its paragraph.
Nothing here is typed by hand: change a rule, a figure or a message, and the page follows.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError

import checker
from checker.text import nok_range

import round_summary
import site_format as fmt
import site_rules

COVERS_MARKER = "<!-- grunnlag:dekker -->"
EXAMPLE_MARKER = "<!-- utregningseksempel -->"
EXAMPLE = "assets/eksempler/artikkel-29.json"
EXAMPLE_BASIS = "gber_29"


def covers_markdown(aid_bases, page_src: str) -> str:
    lines = []
    for basis in aid_bases:
        link = fmt.relative_link(page_src, fmt.page_md("aid_basis", basis))
        lines.append(f"- [{fmt.capitalise(fmt.label('aid_basis', basis, 'short'))}]({link}): "
                     f"{fmt.label('aid_basis', basis, 'covers')}")
    return "\n".join(lines) + "\n"


def _term(term: dict, page_src: str, doc_paths: set[str]) -> str:
    if not term["source"]:
        return term["text"]
    target = site_rules.source_to_markdown_target(term["source"], doc_paths)
    return f"{term['text']} ([kilde]({fmt.relative_link(page_src, target)}))"


def example_markdown(application: dict, page_src: str, doc_paths: set[str], today: date) -> str:
    report = checker.evaluate(application, today=today)
    option = next((o for o in report["options"] if o["aid_basis"] == EXAMPLE_BASIS), None)
    if option is None:
        raise PluginError(f"docs/{EXAMPLE}: runden har ikke {EXAMPLE_BASIS}, som eksemplet viser.")
    names = [p["name"] for p in application["participants"]]
    download = fmt.relative_link(page_src, EXAMPLE)
    amount = nok_range(option["max_grant_nok"], option["max_grant_upper_nok"], "nb")
    parts = [
        f"Eksemplet er søknaden i [denne fila]({download}) (du kan importere den i "
        f"[sjekkeren]({fmt.relative_link(page_src, 'sjekk.md')})), vurdert etter "
        f"{fmt.label('aid_basis', EXAMPLE_BASIS)}. Teksten under er sjekkerens egen, laget da "
        "nettstedet ble bygd.",
        "",
        f"**Prosjektet: høyst {amount}**",
        "",
        *[f"- {_term(t, page_src, doc_paths)}" for t in option["why"]],
    ]
    for row in option["participants"]:
        limit = nok_range(row["max_aid_nok"], row["max_aid_upper_nok"], "nb")
        parts += ["", f"**{names[row['participant']]}: høyst {limit}**", "",
                  *[f"- {_term(t, page_src, doc_paths)}" for t in row["why"]]]
    return "\n".join(parts) + "\n"


def on_page_markdown(markdown, page, config, files):
    if COVERS_MARKER not in markdown and EXAMPLE_MARKER not in markdown:
        return markdown
    src = page.file.src_uri
    rnd = round_summary.current_round(config)
    markdown = markdown.replace(COVERS_MARKER, covers_markdown(rnd.aid_bases, src))
    if EXAMPLE_MARKER in markdown:
        path = Path(config["docs_dir"]) / EXAMPLE
        try:
            application = json.loads(path.read_text("utf-8"))
            text = example_markdown(application, src, {f.src_uri for f in files.documentation_pages()},
                                    fmt.build_date())
        except (OSError, ValueError, checker.InputError) as error:
            raise PluginError(f"docs/{EXAMPLE}: eksemplet kan ikke vurderes ({error}).") from None
        markdown = markdown.replace(EXAMPLE_MARKER, text)
    return markdown
