"""Trust the text (issues 10 and 17): statements the reviews corrected stay corrected on every
built page, and the «Endringer» page records the changes, newest first."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin

import yaml

from checker.rounds import load_round

from site_support import ROOT, article_text, build, hook_module, normalise, site_copy

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


# --- Trust, third round (issue 17) -------------------------------------------------------------

class _Links(HTMLParser):
    """Every href inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.article = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.article += tag == "article"
        if self.article and tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        self.article -= tag == "article"


def links(url: str, html: str) -> set[str]:
    """The article's links as site paths with anchor, e.g. 'utlysning/#kontakt'."""
    parser = _Links()
    parser.feed(html)
    base = f"http://site/{url}/" if url != "." else "http://site/"
    return {urljoin(base, href).removeprefix("http://site/") for href in parser.hrefs}


def section(html: str, anchor: str) -> str:
    """The text from the heading with this id up to the next heading of the same or a higher level."""
    match = re.search(rf'<h([1-6]) id="{anchor}"', html)
    assert match, anchor
    level = int(match.group(1))
    rest = html[match.start():]
    end = re.search(rf"<h[1-{level}][ >]", rest[3:])
    return article_text(f"<article>{rest[: end.start() + 3] if end else rest}</article>")


def test_only_the_call_page_links_to_the_2023_contact_paragraph_and_it_is_dated(site_dir):
    pages = built_pages(site_dir)
    linking = sorted(url for url, html in pages.items() if url != "utlysning" and "utlysning/#kontakt" in links(url, html))
    assert linking == []
    address = "anders.andreassen@innovasjonnorge.no"
    assert [url for url, html in pages.items() if address in html] == ["utlysning"]
    assert "mailto:" + address not in pages["utlysning"]
    contact = section(pages["utlysning"], "kontakt")
    assert address in contact and "Kontaktadressen gjaldt 2023-runden" in contact
    # Today's questions go to Innovation Norway's regional offices and call pages.
    answer = article_text(pages["faq/hvem-kan-vi-sporre"])
    assert "regionkontor" in answer and "innovasjonnorge.no" in answer
    assert "faq/hvem-kan-vi-sporre/" in links("utlysning", pages["utlysning"])


def test_the_front_page_and_the_deadline_answer_say_what_is_known_of_later_rounds(site_dir):
    pages = built_pages(site_dir)
    for url in (".", "faq/fristen-har-gatt-ut"):
        text = article_text(pages[url])
        for known in ("28. august 2024", "30. oktober 2024",
                      "Samarbeidsprosjekter for utvikling av sirkulære verdikjeder 2024", "2025"):
            assert known in text, (url, known)
        assert any(link.startswith("https://www.naturpress.no/2024/06/26/") for link in links(url, pages[url])), url
    assert "før du bruker tid på en søknad" not in article_text(pages["."])


def test_no_page_calls_the_option_that_gives_most_recommended(site_dir):
    pages = built_pages(site_dir)
    # «Endringer» says the word is gone.
    assert [url for url, html in pages.items()
            if url != "endringer" and re.search(r"anbefal", article_text(html), re.I)] == []
    for url in ("sjekkeren-vurderer", "statsstotte"):
        assert "gir mest av grunnlagene som ikke er avvist" in article_text(pages[url]), url
    covers = section(pages["sjekkeren-vurderer"], "hva-artiklene-dekker")
    for article in ("Artikkel 25", "Artikkel 27", "Artikkel 29", "Artikkel 49", "Bagatellmessig støtte"):
        assert article in covers


CANNOT_ASSESS = {
    # anchor: what the section must say (another page links to each anchor)
    "bagatellmessig-sektorer": ("fiske", "akvakultur", "primærproduksjon", "1407/2013", "art. 1 nr. 1"),
    "artikkel-27-klynger": ("NIC", "ti år", "artikkel 27"),
    "samarbeid-uavhengige-foretak": ("effektivt samarbeid", "art. 2 nr. 90", "uavhengige", "konsern"),
    "institutter-som-er-foretak": ("AS", "15 prosent", "artikkel 29", "50 %"),
}


def test_what_the_checker_cannot_assess_has_the_four_linked_sections(site_dir):
    html = built_pages(site_dir)["sjekkeren-vurderer"]
    order = [m.group(1) for m in re.finditer(r'<h[23] id="([^"]+)"', html)]
    start, end = order.index("kan-ikke-vurdere"), order.index("sammenligning")
    assert set(CANNOT_ASSESS) <= set(order[start:end])
    for anchor, words in CANNOT_ASSESS.items():
        text = section(html, anchor)
        assert all(word in text for word in words), (anchor, [w for w in words if w not in text])


def test_the_choice_of_basis_names_what_the_checker_cannot_assess(site_dir):
    pages = built_pages(site_dir)
    for url in ("statsstotte", "faq/bagatellmessig-stotte-eller-gruppeunntak"):
        targets = links(url, pages[url])
        assert "sjekkeren-vurderer/#bagatellmessig-sektorer" in targets, url
        assert "sjekkeren-vurderer/#kan-ikke-vurdere" in targets, url
    assert "sjekkeren-vurderer/#artikkel-27-klynger" in links("statsstotte", pages["statsstotte"])
    # De minimis never suits «de fleste typer arbeid» without its excluded sectors.
    assert [url for url, html in pages.items()
            if url != "endringer" and "de fleste typer arbeid" in article_text(html)] == []


WAIT = re.compile(r"før (?:Innovasjon Norge har bekreftet at de har mottatt søknaden|dere har fått den bekreftelsen)")


def test_the_guide_and_the_faq_say_to_start_only_after_the_confirmation_of_receipt(site_dir):
    pages = built_pages(site_dir)
    for url in ("statsstotte/insentiveffekt", "faq/kan-vi-starte-for-vedtak", "statsstotte/bagatellmessig-stotte"):
        assert WAIT.search(article_text(pages[url])), url
    # «Samme dag er for tidlig» is our reading, and says so where it stands.
    same_day = [b for b in blocks(pages["faq/kan-vi-starte-for-vedtak"]) if "amme dag" in b]
    assert same_day and all("vår lesning" in b for b in same_day), same_day
    guide = pages["statsstotte/insentiveffekt"]
    readings = re.findall(r'<p class="admonition-title">Vår lesning</p>\s*<p>(.*?)</p>', guide, re.S)
    assert [b for b in blocks(guide) if "amme dag" in b] == [normalise(r) for r in readings if "amme dag" in r] != []
    # The old advice, to start once the application is sent, is gone from every page.
    old = re.compile(r"[Ss]end (?:derfor )?søknaden før dere (?:starter|begynner)")
    assert [url for url, html in pages.items() if url != "endringer" and old.search(article_text(html))] == []


def test_the_accessibility_statement_shows_the_configured_publisher_and_channel(site_dir):
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["extra"]["utgiver"]
    publisher = hook_module("publisher")
    html = built_pages(site_dir)["tilgjengelighet"]
    text = article_text(html)
    assert "kommer her" not in text and "før nettstedet publiseres" not in text
    if settings.get("navn"):
        assert f"Nettstedet publiseres av {settings['navn']}." in text
    else:
        assert publisher.NO_PUBLISHER in text
    channel = settings.get("tilbakemelding")
    if channel:
        assert f'href="{channel if channel.startswith("https://") else "mailto:" + channel}"' in html
    else:
        assert publisher.NO_CHANNEL in text
    # Which rules bind depends on who publishes (fact sheet §7).
    rules = section(html, "krav")
    assert "offentlig virksomhet" in rules and "privat virksomhet" in rules and "WCAG 2.1" in rules


def test_a_site_copy_with_a_publisher_shows_it_on_the_statement(tmp_path):
    root = site_copy(tmp_path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["extra"]["utgiver"] = {"navn": "Eksempel AS", "tilbakemelding": "uu@eksempel.no"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "extra.utgiver" not in result.stderr
    html = (root / "site" / "tilgjengelighet" / "index.html").read_text("utf-8")
    assert "Nettstedet publiseres av Eksempel AS." in article_text(html)
    assert 'href="mailto:uu@eksempel.no"' in html


GBER_END = "31. desember 2026"


def test_the_guide_says_how_long_the_block_exemption_applies_where_it_names_it(site_dir):
    pages = built_pages(site_dir)
    for url in ("statsstotte", "statsstotte/artikkel-25", "statsstotte/artikkel-27", "statsstotte/artikkel-29",
                "statsstotte/artikkel-49", "statsstotte/insentiveffekt", "statsstotte/kumulasjon",
                "statsstotte/foretak-i-vanskeligheter"):
        assert GBER_END in article_text(pages[url]), url
    validity = next(b for b in blocks(pages["statsstotte"]) if "art. 59" in b and GBER_END in b and "dekker ikke" in b)
    assert validity


def test_the_pages_say_effective_collaboration_not_real_collaboration(site_dir):
    # The built pages (the intensity table's notes come from hooks/intensity_chart.py) and the
    # checker's own messages; «Endringer» may quote the old word.
    texts = {str(p.relative_to(site_dir)): article_text(p.read_text("utf-8"))
             for p in site_dir.rglob("index.html") if "endringer" not in p.parts}
    texts.update({str(p.relative_to(ROOT)): p.read_text("utf-8")
                  for p in (ROOT / "checker" / "locale").rglob("*.po")})
    wrong = [f"{name}: {m.group(0)}" for name, text in texts.items()
             for m in re.finditer(r"\breel(?:le|t)\s+samarbeid\w*|samarbeid\w*\s+reelt|samarbeidet er reelt", text)]
    assert any("intensitet" in text and "effektivt" in text for text in texts.values())
    assert wrong == []
