"""The FAQ editor as the site publishes it (site/admin/, hooks/cms.py): its configuration made
from the project's data, its own security headers and nothing wider, its place outside search,
navigation and the offline cache, and the file format it reads and writes.

tests/browser/test_cms.py uses the editor itself, against decap-server, and
tests/browser/test_cms_published.py starts the published one in Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

import checker
from site_support import ROOT, hook_module
from trust_support import csp_directives, parse_security_headers

faq = hook_module("faq")
cms = hook_module("cms")
CATEGORIES = yaml.safe_load((ROOT / "faq.yml").read_text("utf-8"))
CATALOGUE = checker.rule_catalogue(lang="nb")
SITE_HEADERS = parse_security_headers()
ADMIN_HEADERS = parse_security_headers(ROOT / "deploy" / "security-headers-admin.conf")
ADMIN_POLICY = csp_directives(ADMIN_HEADERS["Content-Security-Policy"])
BACKEND = yaml.safe_load((ROOT / "deploy" / "cms.yml").read_text("utf-8"))["backend"]


@pytest.fixture(scope="module")
def config(site_dir) -> dict:
    return json.loads((site_dir / "admin" / "config.json").read_text("utf-8"))


def collection(config, name: str = "faq") -> dict:
    (found,) = [c for c in config["cms"]["collections"] if c["name"] == name]
    return found


def fields(config, name: str = "faq") -> dict[str, dict]:
    return {field["name"]: field for field in collection(config, name)["fields"]}


# --- the configuration comes from the project's data ------------------------------------------

def test_the_editor_offers_exactly_the_categories_of_faq_yml_with_their_titles(config):
    category = fields(config)["category"]
    assert [(o["value"], o["label"]) for o in category["options"]] == list(CATEGORIES.items())
    pattern = re.compile(category["pattern"][0])
    assert all(pattern.search(key) for key in CATEGORIES)
    assert not pattern.search("ukjent") and not pattern.search(f"{next(iter(CATEGORIES))}x")


def test_the_editor_offers_exactly_the_checkers_rules_with_their_norwegian_titles(config):
    rules = fields(config)["rules"]
    assert rules["multiple"] is True and rules["required"] is False
    assert [o["value"] for o in rules["options"]] == [r["id"] for r in CATALOGUE]
    for option, rule in zip(rules["options"], CATALOGUE):
        assert option["label"] == f"{rule['title']} ({rule['id']})"


def test_the_collection_is_the_files_and_fields_the_build_checks(config, site_dir):
    faq_collection = collection(config)
    assert faq_collection["folder"] == "docs/faq" and faq_collection["extension"] == "md"
    assert list(fields(config)) == [*faq.FIELDS, "body"]
    assert "required" not in fields(config)["question"]  # Decap's default: required
    assert fields(config)["date"]["format"] == "YYYY-MM-DD" and fields(config)["date"]["default"] == "{{now}}"
    assert config["site"]["fields"] == list(faq.FIELDS)
    assert config["site"]["indexMarker"] == faq.MARKER
    # The preview gets the site's own stylesheets, as the pages link them.
    page = (site_dir / "faq" / "index.html").read_text("utf-8")
    for href in config["site"]["previewStyles"]:
        assert f'href="{href}"' in page


def test_the_published_editor_has_no_local_backend(config, site_dir):
    assert "local_backend" not in config["cms"]
    assert config["cms"]["backend"] == BACKEND
    html = (site_dir / "admin" / "index.html").read_text("utf-8")
    assert "127.0.0.1" not in html and "localhost" not in html


def test_only_mkdocs_serve_with_the_variable_set_points_at_decap_server(monkeypatch):
    url = "http://127.0.0.1:8081/api/v1"
    monkeypatch.setenv(cms.LOCAL_BACKEND, url)
    try:
        cms.on_startup("build", dirty=False)
        assert cms.local_backend() is None
        cms.on_startup("serve", dirty=False)
        assert cms.local_backend() == url
        monkeypatch.delenv(cms.LOCAL_BACKEND)
        assert cms.local_backend() is None
    finally:
        cms.on_startup(None, dirty=False)


# --- the file format: what the editor reads and writes ----------------------------------------

FORMAT_SCRIPT = """
import { faqFormat } from %s;
const [site, files, made] = JSON.parse(process.argv[1]);
const format = faqFormat(site);
const out = {
  files: Object.fromEntries(Object.entries(files).map(([name, text]) => {
    const data = format.fromFile(text);
    return [name, { entry: data[site.entryKey], back: format.toFile(data) }];
  })),
  made: made.map((data) => format.toFile(data)),
};
process.stdout.write(JSON.stringify(out));
"""


def run_format(config: dict, files: dict[str, str], made: list[dict]) -> dict:
    """admin/format.mjs under Node, set up as the built editor sets it up (config.json)."""
    script = FORMAT_SCRIPT % json.dumps((ROOT / "admin" / "format.mjs").as_uri())
    arg = json.dumps([config["site"], files, made])
    done = subprocess.run(["node", "--input-type=module", "-e", script, arg], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, check=True)
    return json.loads(done.stdout)


def test_the_editor_reads_and_writes_every_faq_file_unchanged(config):
    files = {p.name: p.read_text("utf-8") for p in sorted((ROOT / "docs" / "faq").glob("*.md"))}
    broken = '---\nquestion: "Et spørsmål\nrules: [a\n---\nSvar.\n'
    result = run_format(config, {**files, "broken.md": broken}, [])["files"]
    assert result.pop("index.md")["entry"] is False  # the overview is not an entry
    # Front matter that is not YAML: left out of the editor, so a save cannot lose it.
    assert result.pop("broken.md")["entry"] is False
    assert result and all(r["entry"] for r in result.values())
    assert {name: r["back"] for name, r in result.items()} == {name: files[name] for name in result}


def test_what_the_editor_writes_passes_the_builds_check_with_the_same_values(config):
    categories = {key: title for key, title in CATEGORIES.items()}
    rule_ids = frozenset(r["id"] for r in CATALOGUE)
    key, rule = next(iter(CATEGORIES)), CATALOGUE[0]["id"]
    body = "Se [utlysningen](../utlysning.md#krav-til-sammensetning).\n"
    made = [
        {"question": 'Hva betyr «sirkulær»: "ja", \\ eller nei?', "category": key, "date": "2026-11-27",
         "rules": [rule], "body": body},
        {"question": "  Uten regler?  ", "category": key, "date": "2026-12-01", "rules": [], "body": body},
        # A field written by hand that the build does not know is kept, so the build names it.
        {"question": "Med tittel?", "category": key, "date": "2026-12-01", "title": "x", "body": body},
    ]
    texts = run_format(config, {}, made)["made"]
    first, second, third = (faq.check_entry(f"docs/faq/{i}.md", f"faq/{i}.md", t, categories, rule_ids)
                            for i, t in enumerate(texts))
    assert first[1] == [] and first[0].question == made[0]["question"] and first[0].rules == (rule,)
    assert second[1] == [] and second[0].question == "Uten regler?" and "rules:" not in texts[1]
    assert third[0] is None and any("ukjent felt «title»" in e for e in third[1])


# --- security headers: /admin/ gets its own, every other path keeps the site's ----------------

def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_admin_headers_differ_from_the_sites_only_in_the_policy_and_noindex():
    assert set(ADMIN_HEADERS) == set(SITE_HEADERS) | {"X-Robots-Tag"}
    for name, value in SITE_HEADERS.items():
        if name != "Content-Security-Policy":
            assert ADMIN_HEADERS[name] == value, name
    assert ADMIN_HEADERS["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_policy_allows_only_what_decap_needs():
    git_host = sorted({origin(BACKEND["base_url"]), origin(BACKEND["api_root"])})
    assert ADMIN_POLICY == {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "connect-src": ["'self'", *git_host],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_admin_page_carries_the_same_policy_in_its_meta(site_dir):
    html = (site_dir / "admin" / "index.html").read_text("utf-8")
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert csp_directives(content) == {k: v for k, v in ADMIN_POLICY.items() if k != "frame-ancestors"}


# --- outside search, navigation and the offline cache -----------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.robots: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs.get("content")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_the_editor_is_noindex_and_linked_only_from_the_editors_pages(site_dir):
    assert parse(site_dir / "admin" / "index.html").robots == "noindex, nofollow"
    linking = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("admin/"):
            continue
        base = "http://site/" + rel
        if any(urlsplit(urljoin(base, href)).path.startswith("/admin/") for href in parse(path).hrefs):
            linking.append(rel)
    assert linking == ["slik-oppdaterer-du-faq/index.html", "slik-oppdaterer-du-runder/index.html"]
    assert "admin/" not in (site_dir / "sitemap.xml").read_text("utf-8")
    locations = [doc["location"] for doc in json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))["docs"]]
    assert not [loc for loc in locations if loc.startswith("admin/")]


def test_the_offline_cache_lists_nothing_of_the_editor(site_dir):
    text = (site_dir / "sw.js").read_text("utf-8")
    build = json.loads(re.search(r"^const BUILD = (\{.*\});", text, re.M).group(1))
    assert build["shell"] and not [u for u in build["shell"] + build["runtime"] if u.startswith("admin/")]


