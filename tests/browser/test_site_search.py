"""Findability: a reader types their own words into Material's search box and the right page
comes first (issue 10, «Findability»).

The site uses only what Material's search offers: the search plugin's word separator
(mkdocs.yml), `search: boost:` on the guide pages that define a term, and the readers' words
written into the pages (synonyms such as «bagatellstøtte» and «egenerklæring»). The test drives
the built site in Chromium like a person: open the search, type, read the first result. The site
is served with the production headers, so the search must also work under the CSP.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from http_support import serve_directory
from site_support import article_text, normalise
from trust_support import parse_security_headers

# Each query of the issue, and the page that answers it: the guide page that defines the term,
# or the FAQ answer that is about it.
FIRST_RESULT = {
    "bagatellstøtte": "statsstotte/bagatellmessig-stotte/",
    "bagatellmessig støtte": "statsstotte/bagatellmessig-stotte/",
    "de minimis": "statsstotte/bagatellmessig-stotte/",
    "egenerklæring": "faq/erklaering-om-bagatellmessig-stotte/",
    "prosjekteier": "faq/hvem-kan-vaere-prosjekteier/",
    "prosjekteiere": "faq/hvem-kan-vaere-prosjekteier/",
    "forskningsinstitutt": "faq/forskningsinstitutter-og-universiteter/",
    "offentlig aktør": "faq/offentlige-aktorer/",
    "tidligere klynge": "faq/hva-er-en-tidligere-klynge/",
    "bedriftsnettverk": "faq/bedriftsnettverk/",
    "støtteandel": "faq/femti-prosent-av-hva/",
    "50 prosent": "faq/femti-prosent-av-hva/",
    "frist": "faq/fristen-har-gatt-ut/",
    "insentiveffekt": "statsstotte/insentiveffekt/",
    "foretak i vanskeligheter": "statsstotte/foretak-i-vanskeligheter/",
    "SMB": "statsstotte/smb-definisjonen/",
    "kumulasjon": "statsstotte/kumulasjon/",
}

RESULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def search_box(browser, site_dir):
    """One page for every query: the front page, with the search box clicked as a reader does."""
    url, stop = serve_directory(site_dir, parse_security_headers())
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(url)
    box = page.get_by_role("textbox", name="Søk")
    box.click()
    yield page, box
    context.close()
    stop()


def first_result(page, query: str) -> str:
    """The site path of the first search result once the results are for the whole query.

    Material re-renders the list on every key; a result belongs to the query when its link's
    highlight parameter (?h=…) holds the query's last word.
    """
    last_word = query.split()[-1].lower()
    handle = page.wait_for_function(
        """word => {
            const link = document.querySelector("li.md-search-result__item a.md-search-result__link");
            if (!link) return null;
            const url = new URL(link.href);
            return (url.searchParams.get("h") || "").split(" ").includes(word) ? url.pathname : null;
        }""",
        arg=last_word,
        timeout=RESULT_TIMEOUT_MS,
    )
    return urlsplit(handle.json_value()).path.lstrip("/")


@pytest.mark.parametrize("query, expected", FIRST_RESULT.items(), ids=list(FIRST_RESULT))
def test_a_readers_words_find_the_right_page_first(search_box, query, expected):
    page, box = search_box
    box.fill("")
    box.press_sequentially(query)
    assert first_result(page, query) == expected


@pytest.mark.parametrize("query, expected", FIRST_RESULT.items(), ids=list(FIRST_RESULT))
def test_the_expected_page_uses_the_readers_words(site_dir, query, expected):
    """The expectations are not arbitrary: each page names what the reader searched for."""
    text = normalise(article_text((site_dir / expected / "index.html").read_text("utf-8"))).lower()
    assert all(word in text for word in query.lower().split()), (query, expected)
