"""Helpers for the site tests (tests/pages/): the site's hook modules, throwaway builds
of a modified copy of the site, and the visible text of a built page."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

import checker.rounds

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"

# The hooks a copy of the site needs to build. The others (Pyodide assets, service worker)
# package build/ outputs that a throwaway copy neither has nor needs.
SITE_HOOKS = (
    "hooks/round_summary.py",
    "hooks/round_pages.py",
    "hooks/publisher.py",
    "hooks/faq.py",
    "hooks/rule_page.py",
    "hooks/checker_examples.py",
    "hooks/checker_data.py",
    "hooks/intensity_chart.py",
    "hooks/last_updated.py",
)


def hook_module(name: str):
    """Import one of hooks/*.py as a module (they import each other by plain name)."""
    if str(HOOKS) not in sys.path:
        sys.path.insert(0, str(HOOKS))
    return importlib.import_module(name)


def site_copy(tmp_path: Path, hooks: tuple[str, ...] = SITE_HOOKS) -> Path:
    """A copy of docs/, overrides/, hooks/, faq.yml and mkdocs.yml (with only `hooks`) in tmp_path."""
    for folder in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "faq.yml", tmp_path / "faq.yml")
    if "hooks/cms.py" not in hooks:
        # The editor (/admin/) comes from hooks/cms.py and build/: without them the editors'
        # pages' links to it would fail the strict build, so they become plain text.
        for page in (tmp_path / "docs").glob("slik-oppdaterer-du-*.md"):
            page.write_text(page.read_text("utf-8").replace("](admin/index.html)", "]"), "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = [h for h in config["hooks"] if h in hooks]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return tmp_path


def build(root: Path, rounds: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a site copy; the result carries the exit code and the log.
    `rounds`: a folder of round files the checker reads besides its own (CHECKER_ROUNDS)."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    if rounds is not None:
        env[checker.rounds.ENV] = str(rounds)
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root, capture_output=True, text=True, env=env,
    )


def call_page_markdown(anchors) -> str:
    """A round's call text page with the anchors the checker's rules cite (hooks/round_pages.py)."""
    return "# Utlysningen\n\n" + "\n\n".join(f"## Avsnitt {a} {{: #{a} }}\n\nTekst." for a in anchors) + "\n"


def offered_rounds(site: Path) -> list[str]:
    """The rounds a built checker page offers in its «Utlysningsrunde» field."""
    html = (site / "sjekk" / "index.html").read_text("utf-8")
    data = re.search(r'<script type="application/json" id="sjekker-data">(.*?)</script>', html, re.S).group(1)
    return [r["round"] for r in json.loads(data)["rounds"]]


class _ArticleText(HTMLParser):
    """The text a reader sees in <article>, without the ¶ permalinks."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.skip = 0  # inside a headerlink
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or (tag == "a" and "headerlink" in classes):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    return normalise(" ".join(parser.parts))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
