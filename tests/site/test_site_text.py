"""Trust the text (issue 10): statements the review corrected stay corrected on every built page,
and the «Endringer» page records the changes, newest first."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import yaml

from checker.rounds import load_round

from site_support import ROOT, article_text, hook_module, normalise

fmt = hook_module("site_format")
ROUND = load_round("2023")
BLOCKS = {"p", "li", "td", "th", "dd", "dt"}
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]


class _Blocks(HTMLParser):
    """The text of each paragraph, list item and table cell inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.article = 0
        self.open: list[list[str]] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.article += tag == "article"
        if self.article and tag in BLOCKS:
            self.open.append([])

    def handle_endtag(self, tag):
        if self.article and tag in BLOCKS and self.open:
            self.blocks.append(normalise(" ".join(self.open.pop())))
        self.article -= tag == "article"

    def handle_data(self, data):
        for block in self.open:
            block.append(data)


def blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def built_pages(site_dir):
    return {
        str(p.parent.relative_to(site_dir)): p.read_text("utf-8")
        for p in sorted(site_dir.rglob("index.html"))
        if "pyodide" not in p.parts
    }


def test_the_art_29_cost_share_condition_always_comes_with_effective_collaboration(site_dir):
    found = []
    for url, html in built_pages(site_dir).items():
        for text in blocks(html):
            if re.search(r"30\s(?:prosent|%)", text) and "SMB" in text and "samarbeid" not in text:
                found.append(f"{url}: {text[:120]}")
    assert found == []


def test_every_page_with_the_ceiling_in_kroner_shows_the_band_and_who_decides(site_dir):
    low, high = fmt.kroner(ROUND.de_minimis_ceiling_low_nok), fmt.kroner(ROUND.de_minimis_ceiling_high_nok)
    pages = {url: article_text(html) for url, html in built_pages(site_dir).items()}
    showing = {url: text for url, text in pages.items() if normalise(low) in text}
    assert {"utlysning", "statsstotte/bagatellmessig-stotte", "sjekkeren-vurderer"} <= set(showing)
    for url, text in showing.items():
        assert normalise(high) in text, url
        assert re.search(r"Innovasjon Norges (?:egen )?omregning (?:som )?avgjør", text), url


def test_no_page_keeps_the_old_rate_or_the_register_tip(site_dir):
    for url, html in built_pages(site_dir).items():
        text = article_text(html)
        if url != "endringer":  # the change note says the old rate is gone
            assert "11,4248" not in text and "11.4248" not in text, url
        assert "finansnorge.no" not in html, url
        # The de minimis ceiling is per single undertaking, never per company.
        assert not re.search(r"(?<!samlet )per foretak\b", text), url


def test_the_faq_cannot_pass_for_innovation_norways_own_questions_and_answers(site_dir):
    text = article_text((site_dir / "faq" / "index.html").read_text("utf-8"))
    assert text.startswith("Våre svar på vanlige spørsmål")
    assert "Dette er ikke Innovasjon Norges spørsmål og svar" in text


def test_the_changelog_is_in_the_nav_under_om_nettstedet_and_dated_newest_first(site_dir):
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["nav"]
    about = next(item["Om nettstedet"] for item in nav if isinstance(item, dict) and "Om nettstedet" in item)
    assert {"Endringer": "endringer.md"} in about
    html = (site_dir / "endringer" / "index.html").read_text("utf-8")
    headings = [normalise(re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", h))
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    days = []
    for heading in headings:
        match = re.fullmatch(r"(\d{1,2})\. (\w+) (\d{4})", heading)
        assert match, f"an «Endringer» section is not a date: {heading!r}"
        days.append(date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1))))
    assert days and days == sorted(days, reverse=True)
    assert all(fmt.long_date(d) in " ".join(headings) for d in days)
