"""What the checker page reads before Python has started: the vocabulary and each round's form
data (checker/export.py, the same as `python -m checker vocabulary`), written into the page as
one JSON element where docs/sjekk.md has the marker <!-- sjekkerdata -->.

The page's script (assets/checker/vocabulary.js) takes every label, choice and round figure from
it, so the page keeps no copy of its own. The element is data, not script: the Content-Security-
Policy allows no inline script, and a browser never runs type="application/json".
"""

from __future__ import annotations

import json

from mkdocs.exceptions import PluginError

from checker.export import page_data

MARKER = "<!-- sjekkerdata -->"
ELEMENT_ID = "sjekker-data"


def data_element(data: dict) -> str:
    # "</" would end the element early; JSON lets the slash be escaped.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{ELEMENT_ID}">{text}</script>'


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != "sjekk.md":
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/sjekk.md: markøren {MARKER} mangler; der skrives sjekkerens ordliste og runder.")
    return markdown.replace(MARKER, data_element(page_data("nb")))
