"""Every round's call text page: the page a round file's `call_page` names must exist and carry
every anchor the checker's rules cite in it, because the checker's findings for an application
of that round link there («{call}#frist»). A round added in the editor at /admin/ needs its call
text page too; without it the build stops, naming the round file and the field, instead of
leaving readers a broken link. (The site's own round, `extra.runde`, is checked once more by the
strict build through the rule list on «Hva sjekkeren vurderer», hooks/rule_page.py.)

The editors' page about rounds lists the anchors at <!-- runde-ankere -->.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from checker import RULES
from checker.rounds import known_rounds, load_round, location, round_file
from checker.rules.base import CALL

import site_rules

MARKER = "<!-- runde-ankere -->"
HOWTO = "docs/slik-oppdaterer-du-runder.md"
ID = re.compile(r'\sid="([^"]+)"')

# docs path of each call page -> the ids on it once rendered
_ids: dict[str, set[str]] = {}


def call_anchors() -> tuple[str, ...]:
    """The anchors on a call page that the rules cite, in the rules' order."""
    anchors: list[str] = []
    for rule in RULES:
        for source in (rule.source, *rule.also):
            anchor = source[len(CALL) + 1:] if source.startswith(CALL + "#") else None
            if anchor and anchor not in anchors:
                anchors.append(anchor)
    return tuple(anchors)


def page_src(call_page: str, doc_paths) -> str | None:
    """'utlysning/' -> 'utlysning.md' (or 'utlysning/index.md'), if the site has the page."""
    target = site_rules.source_to_markdown_target(call_page, doc_paths)
    return target if target in doc_paths else None


def problems(call_pages: dict[str, str], doc_paths, ids: dict[str, set[str]]) -> list[str]:
    """call_pages: round file (as an editor knows it) -> its call_page; one line per problem."""
    lines = []
    for where, call_page in call_pages.items():
        src = page_src(call_page, doc_paths)
        if src is None:
            lines.append(f"{where}: call_page: siden «{call_page}» finnes ikke på nettstedet (docs/"
                         f"{call_page.strip('/')}.md). En ny runde trenger sin utlysningstekst; se {HOWTO}.")
            continue
        missing = [a for a in call_anchors() if a not in ids.get(src, set())]
        if missing:
            lines.append(f"{where}: call_page: docs/{src} mangler ankrene {', '.join('#' + a for a in missing)}, "
                         f"som sjekkerens regler lenker til; se {HOWTO}.")
    return lines


def _call_pages() -> dict[str, str]:
    return {location(round_file(r)): load_round(r).call_page for r in known_rounds()}


def anchors_markdown() -> str:
    return ", ".join(f"`#{anchor}`" for anchor in call_anchors())


def on_files(files, config):
    doc_paths = {f.src_uri for f in files.documentation_pages()}
    _ids.clear()
    _ids.update({src: set() for page in set(_call_pages().values()) if (src := page_src(page, doc_paths))})
    return files


def on_page_markdown(markdown, page, config, files):
    return markdown.replace(MARKER, anchors_markdown())


def on_page_content(html, page, config, files):
    if page.file.src_uri in _ids:
        _ids[page.file.src_uri] = set(ID.findall(html))
    return html


def on_env(env, config, files):
    """After every page is rendered, before any is written."""
    lines = problems(_call_pages(), {f.src_uri for f in files.documentation_pages()}, _ids)
    if lines:
        raise PluginError("Utlysningssiden til en runde mangler eller er ufullstendig:\n" + "\n".join(lines))
    return env
