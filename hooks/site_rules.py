"""The checker's rule catalogue as the site uses it (not a hook: imported by the hooks).

The rule ids, titles and source anchors come from the checker itself, so the site can never
list a rule the checker does not have, or miss one it has.
"""

from __future__ import annotations

from functools import cache

import checker


@cache
def catalogue(round_id: str) -> tuple[dict, ...]:
    """[{'id', 'title', 'source', 'checks', 'also'}, ...] in the checker's order, as the round
    words them."""
    return tuple(checker.rule_catalogue(lang="nb", details=True, round_id=round_id))


def rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in checker.RULES)


def rule_anchor(rule_id: str) -> str:
    """The id of a rule's entry on «Hva sjekkeren vurderer» (FAQ pages link to it)."""
    return f"regel-{rule_id}"


def source_to_markdown_target(source: str, doc_paths: set[str]) -> str:
    """Site-relative 'utlysning/#frist' -> docs path 'utlysning.md#frist', for MkDocs to check.

    MkDocs validates links between .md files and their anchors, so rule sources written this
    way fail the strict build when the page or the anchor is missing.
    """
    path, _, anchor = source.partition("#")
    path = path.strip("/")
    candidates = [f"{path}/index.md", f"{path}.md"] if path else ["index.md"]
    for candidate in candidates:
        if candidate in doc_paths:
            return f"{candidate}#{anchor}" if anchor else candidate
    # Leave it as a .md target anyway: MkDocs then reports the missing page by name.
    return f"{candidates[-1]}#{anchor}" if anchor else candidates[-1]
