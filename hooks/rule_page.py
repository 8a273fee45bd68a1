"""«Hva sjekkeren vurderer»: the rule list, generated from the checker's rule catalogue.

docs/sjekkeren-vurderer.md holds the marker <!-- regelkatalog -->; this hook puts every rule
there with its id, its title and a link to the paragraph that states it. The links are written
as links between Markdown files, so MkDocs' strict build fails if a rule's page or anchor is
missing (design principle 2: every rule traces to its text).
"""

from __future__ import annotations

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


def source_label(target: str, titles: dict[str, str]) -> str:
    """'utlysning.md#frist' -> 'Utlysningen 2023, #frist' (page title from the nav)."""
    path, _, anchor = target.partition("#")
    title = titles.get(path, path)
    return f"{title}, #{anchor}" if anchor else title


def catalogue_markdown(rules, doc_paths: set[str], titles: dict[str, str], page_src: str = PAGE) -> str:
    parts = []
    for prefix, heading in GROUPS:
        group = [r for r in rules if group_of(r["source"]) == prefix]
        if not group:
            continue
        items = []
        for rule in group:
            target = site_rules.source_to_markdown_target(rule["source"], doc_paths)
            link = fmt.relative_link(page_src, target)
            items.append(
                f"{rule['title']} {{ #{site_rules.rule_anchor(rule['id'])} }}\n"
                f":   Regel `{rule['id']}`. Kilde: [{source_label(target, titles)}]({link})\n"
            )
        parts.append(f"### {heading}\n\n" + "\n".join(items))
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: markøren {MARKER} mangler; der settes regellisten inn.")
    doc_paths = {f.src_uri for f in files.documentation_pages()}
    titles = {f.src_uri: f.page.title for f in files.documentation_pages() if f.page and f.page.title}
    return markdown.replace(MARKER, catalogue_markdown(site_rules.catalogue(), doc_paths, titles))
