"""The built site (site/, made by `make build` before pytest): rule anchors, the call text word
for word, round numbers from the round data, dates and notes on every page, nothing loaded from
another origin."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import checker
from checker.intensity import article_intensity, max_intensity
from checker.rounds import load_round

from site_support import ROOT, article_text, build, hook_module, normalise, site_copy

fmt = hook_module("site_format")
round_summary = hook_module("round_summary")
intensity_chart = hook_module("intensity_chart")

ROUND = load_round("2023")


class _Elements(HTMLParser):
    """Every start tag of a page as (tag, attrs dict)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(path: Path) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(path.read_text("utf-8"))
    return parser.elements


def ids(path: Path) -> set[str]:
    return {attrs["id"] for _, attrs in elements(path) if attrs.get("id")}


def pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "pyodide" not in p.parts)


def page(site_dir: Path, url: str) -> Path:
    return site_dir / url.strip("/") / "index.html" if url.strip("/") else site_dir / "index.html"


# --- Traceability ----------------------------------------------------------------------------

def test_every_rule_source_anchor_exists_in_the_built_site(site_dir):
    catalogue = checker.rule_catalogue(details=True)
    assert len(catalogue) >= 20
    assert any(rule["also"] for rule in catalogue)  # the other paragraphs findings cite
    missing = []
    for rule in catalogue:
        for source in (rule["source"], *rule["also"]):
            path, _, anchor = source.partition("#")
            target = page(site_dir, path)
            if not target.exists() or anchor not in ids(target):
                missing.append(f"{rule['id']}: {source}")
    assert missing == []


def test_every_source_a_derivation_cites_exists_in_the_built_site(site_dir):
    """contract §2.2.4: every term's source resolves, for every option and participant of every
    case in both languages (the rule sources are checked above)."""
    sources = set()
    for path in sorted((ROOT / "tests" / "cases").glob("*.json")):
        app = json.loads(path.read_text("utf-8"))["application"]
        for lang in ("nb", "en"):
            report = checker.evaluate(app, lang=lang)
            sources |= {t["source"] for f in report["findings"] for t in [f] if t["source"]}
            for option in report["options"]:
                terms = option["why"] + [t for row in option["participants"] for t in row["why"]]
                sources |= {t["source"] for t in terms if t["source"]}
    assert len(sources) >= 10
    missing = []
    for source in sorted(sources):
        path, _, anchor = source.partition("#")
        target = page(site_dir, path)
        if not target.exists() or (anchor and anchor not in ids(target)):
            missing.append(source)
    assert missing == []


def test_the_rule_page_lists_every_rule_with_a_link_to_its_sources(site_dir):
    html = page(site_dir, "sjekkeren-vurderer/").read_text("utf-8")
    for rule in checker.rule_catalogue(details=True):
        entry = re.search(rf'<dt id="regel-{re.escape(rule["id"])}">(.*?)</dt>\s*<dd>(.*?)</dd>', html, re.S)
        assert entry, rule["id"]
        assert normalise(re.sub(r"<[^>]+>", "", entry.group(1))) == rule["title"]
        assert f"<code>{rule['id']}</code>" in entry.group(2)
        for source in (rule["source"], *rule["also"]):
            path, _, anchor = source.partition("#")
            # Links are relative to /sjekkeren-vurderer/; its own anchors are "./#...".
            href = f"./#{anchor}" if path == "sjekkeren-vurderer/" else f"../{path}#{anchor}"
            assert f'href="{href}"' in entry.group(2), (rule["id"], source)


def test_the_rule_page_says_what_the_checker_cannot_assess(site_dir):
    text = article_text(page(site_dir, "sjekkeren-vurderer/").read_text("utf-8"))
    for topic in ("Innovasjonshøyde", "Prosjektrisiko", "Kvalitet", "Kostnadene", "SMB-status", "Tidligere klynger"):
        assert topic in text
    assert "3, 2, 7, 6, 5, 4, 3 og 2" in text and "123456785" in text


def test_a_missing_rule_anchor_fails_the_strict_build(tmp_path):
    root = site_copy(tmp_path)
    call = root / "docs" / "utlysning.md"
    call.write_text(call.read_text("utf-8").replace("{: #frist }", ""), "utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "#frist" in result.stdout + result.stderr


# --- The call text -----------------------------------------------------------------------------

# Web-page debris of the copied call page, not part of the call (see the note on the page).
DEBRIS = {
    "Hopp til hovedinnhold",
    "Tre personer som samarbeider rundt et bord© Getty Images",
    "Publisert :",
    "Sist oppdatert :",
    # headings with no content under them in the copied text
    "Aktiviteter som kan støttes",
    "Vanlige spørsmål",
    "Regionale kontaktpersoner",
    "Vedlegg",
}


def call_sentences() -> list[str]:
    lines = (ROOT / "tests" / "data" / "call-text-2023.txt").read_text("utf-8").splitlines()
    sentences = []
    for line in lines:
        line = line.strip().lstrip("•").strip()
        if not line or line in DEBRIS:
            continue
        # A sentence ends at . ? or ! before a capital letter ("12. mai" stays whole).
        sentences += re.split(r"(?<=[.?!])\s+(?=[A-ZÆØÅ])", line)
    return sentences


def test_the_copied_call_text_is_split_into_its_sentences():
    sentences = call_sentences()
    assert "Støtte vil uansett ikke overstige 50 prosent." in sentences
    assert "kan inkludere forskningsinstitutt, men ikke som prosjekteier" in sentences
    assert not any(debris in sentences for debris in DEBRIS)
    assert len(sentences) > 50


def test_every_sentence_of_the_call_is_on_the_call_page_word_for_word(site_dir):
    text = article_text(page(site_dir, "utlysning/").read_text("utf-8"))
    missing = [s for s in call_sentences() if normalise(s) not in text]
    assert missing == []


def test_the_call_page_has_every_stable_anchor(site_dir):
    anchors = {"formal", "soknader-2023", "hvem-kan-soke", "krav-til-sammensetning", "kompetanseaktorer",
               "kriterier", "malsetninger", "alle-prosjekter-skal", "arbeidsomrader",
               "prosjekteier-og-prosjektleder", "vedlegg", "krav-til-stotte", "bagatellmessig-stotte",
               "gruppeunntak", "stottebelop", "praktiske-opplysninger", "frist", "kontakt"}
    assert anchors <= ids(page(site_dir, "utlysning/"))


def test_the_anchors_sit_on_the_paragraphs_that_state_the_rule(site_dir):
    html = page(site_dir, "utlysning/").read_text("utf-8")
    for anchor, start in {
        "kompetanseaktorer": "Det oppfordres til involvering",
        "vedlegg": "Deltagende bedrifter sine mål",
        "bagatellmessig-stotte": "Ved bruk av bagatellmessig støtte",
        "stottebelop": "Innovasjon Norge kan samlet bevilge",
        "frist": "Frist for innsending av prosjektsøknader",
    }.items():
        assert re.search(rf'<p id="{anchor}">{start}', html), anchor


# --- Round data on pages -------------------------------------------------------------------

def test_the_summary_box_shows_the_round_data(site_dir):
    for url in ("/", "utlysning/"):
        text = article_text(page(site_dir, url).read_text("utf-8"))
        assert f"Kort om {ROUND.round}-runden" in text
        for value in (fmt.long_date(ROUND.deadline), fmt.kroner(ROUND.amount_min_nok),
                      fmt.kroner(ROUND.amount_max_nok), fmt.percent(ROUND.max_share),
                      f"Minst {ROUND.min_companies} bedrifter"):
            assert normalise(value) in text, (url, value)


def test_front_page_and_call_page_say_the_deadline_has_passed(site_dir):
    assert fmt.build_date() > ROUND.deadline  # the site is built after 1 September 2023
    for url in ("/", "utlysning/"):
        text = article_text(page(site_dir, url).read_text("utf-8"))
        assert f"Søknadsfristen for {ROUND.round}-runden er passert" in text
        assert "Du kan ikke lenger søke i denne runden." in text


def test_before_the_deadline_the_status_gives_the_deadline_instead():
    on_time = round_summary.status_block(ROUND, ROUND.deadline)  # the deadline day itself is on time
    assert "passert" not in on_time and "1. september 2023" in on_time
    assert "passert" in round_summary.status_block(ROUND, date(2023, 9, 2))


def test_no_page_has_a_marker_or_placeholder_left(site_dir):
    for path in pages(site_dir):
        html = path.read_text("utf-8")
        for leftover in ("<!-- runde:", "{{ runde.", "<!-- faq-liste -->", "<!-- regelkatalog -->",
                         "<!-- intensitetstabell -->", "<!-- intensitetsdiagram -->", "<!-- faq-kategorier -->"):
            assert leftover not in html, (path, leftover)


# --- Every page --------------------------------------------------------------------------------

def test_every_page_shows_a_last_updated_date_and_the_guidance_note(site_dir):
    for path in pages(site_dir):
        # The FAQ editor (admin/, hooks/cms.py) is a tool for editors, not a page of the guide.
        if path.name == "404.html" or path.relative_to(site_dir).parts[0] == "admin":
            continue
        html = path.read_text("utf-8")
        match = re.search(r'Sist oppdatert <time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', html)
        assert match, path
        assert fmt.long_date(date.fromisoformat(match.group(1))) == match.group(2)
        assert "Veiledning, ikke vedtak." in html and "Innovasjon Norge avgjør" in html, path


def test_the_faq_index_links_every_entry_and_each_entry_has_its_question_as_title(site_dir):
    index = page(site_dir, "faq/")
    hrefs = {a.get("href") for tag, a in elements(index) if tag == "a"}
    entries = sorted(p.stem for p in (ROOT / "docs" / "faq").glob("*.md") if p.name != "index.md")
    for stem in entries:
        assert f"{stem}/" in hrefs
        html = page(site_dir, f"faq/{stem}/").read_text("utf-8")
        question = re.search(r'^question:\s*"?(.*?)"?\s*$', (ROOT / "docs" / "faq" / f"{stem}.md").read_text("utf-8"), re.M)
        h1 = re.search(r"<h1[^>]*>(.*?)<a", html, re.S)
        assert h1 and normalise(h1.group(1)) == normalise(question.group(1).replace('\\"', '"'))


# --- The intensity chart and table ---------------------------------------------------------------

def test_the_intensity_table_agrees_with_the_checker(site_dir):
    text = article_text(page(site_dir, "statsstotte/").read_text("utf-8"))
    rows = intensity_chart._rows(ROUND.gber_text)
    for row in rows:
        cells = []
        gber_text = row.text or ROUND.gber_text
        for size in intensity_chart.SIZES:
            value = article_intensity(row.basis, size, text=gber_text, **row.options)
            capped = max_intensity(row.basis, size, text=gber_text, max_share=ROUND.max_share,
                                   **row.options)
            cells.append(fmt.percent(value) if value == capped
                         else f"{fmt.percent(value)} (i utlysningen {fmt.percent(capped)})")
        assert normalise(f"{row.label} " + " ".join(cells)) in text, row.label
    # Article 49 under both texts of the GBER, the round's reading named (issue 17).
    assert [row.text for row in rows if row.basis == "gber_49"] == ["2014", "2023"]
    assert "sjekkeren bruker teksten fra 2014 (vår lesning)" in text


def test_the_chart_is_a_static_accessible_svg(site_dir):
    html = page(site_dir, "statsstotte/").read_text("utf-8")
    figure = re.search(r'<figure class="intensitetsfigur">(.*?)</figure>', html, re.S).group(1)
    assert "<script" not in figure and " on" not in re.sub(r"<(title|desc)[^>]*>.*?</\1>", "", figure, flags=re.S)
    assert 'role="img"' in figure and "<title" in figure and "<desc" in figure and "<figcaption>" in figure
    assert "style=" not in figure  # the CSP forbids inline styles
    # One bar per row and size, and the cap line drawn at the round's max share.
    rows = intensity_chart._rows(ROUND.gber_text)
    assert figure.count('class="ic-bar ') == len(rows) * len(intensity_chart.SIZES)
    assert f"Utlysningens tak: {fmt.percent(ROUND.max_share)}" in figure
    x_cap = intensity_chart.LABEL_W + intensity_chart.BAR_W * ROUND.max_share
    assert f'class="ic-cap" x1="{x_cap:.1f}"' in figure


# --- Nothing from another origin -----------------------------------------------------------------

OTHER_ORIGIN = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host
NAVIGATION_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "search"}
LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
CSS_LOADS = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:[a-z][a-z0-9+.-]*:)?//[^"')\s]+)""", re.I)
JS_LOADS = re.compile(
    r"""(?:importScripts\(|import\(|\bfrom|\bimport|new (?:Shared)?Worker\(|\.register\()\s*["'`]((?:https?:)?//[^"'`]+)""")


def loads_from_other_origins(path: Path) -> list[str]:
    found = []
    for tag, attrs in elements(path):
        names = LOADING_ATTRS.get(tag, ())
        if tag == "link" and not NAVIGATION_RELS & set((attrs.get("rel") or "").lower().split()):
            names = ("href", "imagesrcset")
        for name in names:
            for url in re.split(r",\s*", attrs.get(name) or ""):
                if OTHER_ORIGIN.match(url):
                    found.append(f"<{tag} {name}={url}>")
        if "style" in attrs:
            found += CSS_LOADS.findall(attrs["style"] or "")
    return found


def test_no_page_loads_anything_from_another_origin(site_dir):
    found = {str(p.relative_to(site_dir)): loads_from_other_origins(p) for p in pages(site_dir)}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_stylesheet_or_script_loads_anything_from_another_origin(site_dir):
    found = {}
    for path in site_dir.rglob("*"):
        if path.suffix in {".css", ".html"}:
            hits = CSS_LOADS.findall(path.read_text("utf-8", errors="replace"))
        elif path.suffix in {".js", ".mjs"}:
            hits = JS_LOADS.findall(path.read_text("utf-8", errors="replace"))
        else:
            continue
        if hits:
            found[str(path.relative_to(site_dir))] = hits
    assert found == {}


def test_the_origin_check_catches_what_it_should(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.example/x.js"></script>'
                   '<img srcset="a.png 1x, https://x.example/b.png 2x"><a href="https://lovdata.no/">lenke</a>'
                   '<link rel="canonical" href="https://example.no/">', "utf-8")
    assert loads_from_other_origins(bad) == [
        "<link href=https://fonts.googleapis.com/css>", "<script src=//cdn.example/x.js>",
        "<img srcset=https://x.example/b.png 2x>",
    ]
    assert CSS_LOADS.findall('@import "https://x.example/a.css"; a{background:url(//y.example/i.png)}') == [
        "https://x.example/a.css", "//y.example/i.png"]
    assert JS_LOADS.findall('importScripts("https://cdn.example/p.js"); import x from "https://esm.sh/x";') == [
        "https://cdn.example/p.js", "https://esm.sh/x"]


# --- What the checker says, on the guide's pages -------------------------------------------------

def test_the_worked_example_is_the_checkers_own_derivation(site_dir):
    """contract §2.2 / issue 19: «Hva sjekkeren vurderer» shows one worked example, rendered
    from the checker at build time from the example file readers can download and import."""
    example = ROOT / "docs" / "assets" / "eksempler" / "artikkel-29.json"
    application = json.loads(example.read_text("utf-8"))
    assert (site_dir / "assets" / "eksempler" / "artikkel-29.json").read_text("utf-8") == \
        example.read_text("utf-8")
    option = next(o for o in checker.evaluate(application)["options"] if o["aid_basis"] == "gber_29")
    html = page(site_dir, "sjekkeren-vurderer/").read_text("utf-8")
    text = normalise(article_text(html))
    section = text[text.index("Eksempel: hver grense regnet ut"):]
    terms = option["why"] + [t for row in option["participants"] for t in row["why"]]
    assert len(terms) >= 8
    for term in terms:
        assert normalise(term["text"]) in section, term["text"]
    for row in option["participants"]:
        assert normalise(application["participants"][row["participant"]]["name"]) in section
    # Each term with a source links to it.
    assert html.count("../statsstotte/artikkel-29/#stotteintensitet") >= 3


def test_what_each_article_covers_is_the_vocabularys_line_for_each_basis(site_dir):
    from checker import vocabulary

    text = normalise(article_text(page(site_dir, "sjekkeren-vurderer/").read_text("utf-8")))
    for basis in ROUND.aid_bases:
        assert normalise(vocabulary.label("aid_basis", basis, "nb", "covers")) in text, basis
