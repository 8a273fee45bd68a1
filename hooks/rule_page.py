"""«Hva sjekkeren vurderer»: the rule list, generated from the checker's rule catalogue.

docs/sjekkeren-vurderer.md holds the marker <!-- regelkatalog -->; this hook puts every rule
there with its id, its title and a link to the paragraph that states it. The links are written
as links between Markdown files, so MkDocs' strict build fails if a rule's page or anchor is
missing (design principle 2: every rule traces to its text).
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

import site_format as fmt
import site_rules

PAGE = "sjekkeren-vurderer.md"
MARKER = "<!-- regelkatalog -->"

# Sources are grouped by the part of the site they point into, in this order.
GROUPS = (
    ("utlysning", "Krav fra utlysningen"),
    ("statsstotte", "Krav fra statsstøtteregelverket"),
    ("", "Kontroller av opplysningene"),
)


def group_of(source: str) -> str:
    for prefix, _ in GROUPS[:-1]:
        if source.startswith(prefix + "/") or source.startswith(prefix + "#"):
            return prefix
    return ""


def anchor_label(markdown: str, anchor: str) -> str | None:
    """What a reader calls the place an anchor marks: its heading, or its paragraph's opening.

    Finds the attr_list id ({#x}, { #x }, {: #x }) in the page's Markdown source.
    """
    attr = re.compile(r"\{:?\s*#" + re.escape(anchor) + r"\s*\}")
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if not attr.search(line):
            continue
        text = attr.sub("", line).strip()
        if text.startswith("#"):
            return text.lstrip("#").strip()
        # The id on its own line closes a paragraph: take the paragraph's first words.
        start = number if text else number - 1
        while start > 0 and lines[start - 1].strip():
            start -= 1
        words = " ".join(lines[start:number + (1 if text else 0)]).split()
        words = [w for w in attr.sub("", " ".join(words)).split()]
        return " ".join(words[:7]) + (" …" if len(words) > 7 else "")
    return None


def page_title(markdown: str, fallback: str) -> str:
    """A page's title from its source: front matter `title`, else its first # heading."""
    front = re.match(r"\A---\s*\n(.*?)\n---", markdown, re.S)
    if front and (title := re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.M)):
        return title.group(1)
    body = markdown[front.end():] if front else markdown  # a YAML comment is no heading
    heading = re.search(r"^#\s+(.+?)\s*(?:\{[^}]*\})?\s*$", body, re.M)
    return heading.group(1) if heading else fallback


def source_label(target: str, titles: dict[str, str], sources: dict[str, str]) -> str:
    """'utlysning.md#frist' -> 'Utlysningen 2023 – «Frist for innsending av prosjektsøknader: …»'."""
    path, _, anchor = target.partition("#")
    title = titles.get(path, path)
    if not anchor:
        return title
    label = anchor_label(sources.get(path, ""), anchor)
    return f"{title} – «{label}»" if label else f"{title}, #{anchor}"


def catalogue_markdown(rules, sources: dict[str, str], titles: dict[str, str], page_src: str = PAGE) -> str:
    """sources: docs path -> Markdown source of every page; titles: docs path -> page title."""
    parts = []
    for prefix, heading in GROUPS:
        group = [r for r in rules if group_of(r["source"]) == prefix]
        if not group:
            continue
        items = []
        for rule in group:
            links = []
            for source in (rule["source"], *rule.get("also", ())):
                target = site_rules.source_to_markdown_target(source, set(sources))
                links.append(f"[{source_label(target, titles, sources)}]({fmt.relative_link(page_src, target)})")
            items.append(
                f"**{rule['title']}** {{ #{site_rules.rule_anchor(rule['id'])} }}\n"
                f":   Regel `{rule['id']}`. Kilde: {' og '.join(links)}\n"
            )
        parts.append(f"### {heading}\n\n" + "\n".join(items))
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: markøren {MARKER} mangler; der settes regellisten inn.")
    pages = files.documentation_pages()
    sources = {f.src_uri: f.content_string for f in pages}
    titles = {path: page_title(text, path) for path, text in sources.items()}
    rules = site_rules.catalogue(str(config["extra"]["runde"]))
    return markdown.replace(MARKER, catalogue_markdown(rules, sources, titles))
