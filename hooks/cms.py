"""The FAQ editor at /admin/ (Decap CMS): its page, its bundle and its configuration.

The Makefile bundles admin/*.mjs with Decap and React into build/admin/ (esbuild). This hook
serves that folder as admin/ and makes two files there:
  - admin/config.json: Decap's configuration, made from the project's own data so that nothing
    is typed twice: the categories of faq.yml (with their titles), the checker's rule catalogue
    (with the Norwegian titles), the front-matter fields of hooks/faq.py, the git host of
    deploy/cms.yml and the site's stylesheets for the preview;
  - admin/index.html: admin/index.html with the /admin/ Content-Security-Policy of
    deploy/security-headers-admin.conf in a <meta> element.

Only `mkdocs serve` with DECAP_LOCAL_BACKEND set (`make edit`, scripts/edit.py) points the editor
at decap-server on 127.0.0.1, and lets the page's policy reach it. A `mkdocs build` never does,
so the published site has no local backend.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import faq
import site_rules

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "build" / "admin"
PAGE = ROOT / "admin" / "index.html"
BACKEND = ROOT / "deploy" / "cms.yml"
HEADERS = ROOT / "deploy" / "security-headers-admin.conf"
FOLDER = "admin/"
COLLECTION = "faq"
FORMAT = "faq"
LOCAL_BACKEND = "DECAP_LOCAL_BACKEND"  # set by scripts/edit.py: decap-server's API URL
CSP_PLACEHOLDER = "__ADMIN_CSP__"
# Values the editor keeps in an entry but never writes to the file (admin/format.mjs): a new
# entry's file name (set by admin/cms.mjs), and whether a file is an entry (the overview is not).
FILE_NAME_KEY = "_file_name"
ENTRY_KEY = "_faq_entry"
# Directives a <meta> policy cannot carry (the browser ignores them there, with a warning).
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")

_command: str | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def local_backend() -> str | None:
    """decap-server's URL, under `mkdocs serve` only."""
    return os.environ.get(LOCAL_BACKEND) if _command == "serve" else None


# --- the configuration ------------------------------------------------------------------

def _one_of(keys) -> str:
    return "^(" + "|".join(re.escape(key) for key in keys) + ")$"


def collection(folder: str, categories: dict[str, str], rules: list[dict]) -> dict:
    """The FAQ collection: exactly the files (folder: docs/faq) and front matter hooks/faq.py reads."""
    return {
        "name": COLLECTION,
        "label": "Vanlige spørsmål",
        "label_singular": "spørsmål",
        "description": "Ett spørsmål og svar per fil i docs/faq/. Nettstedet bygges på nytt når du lagrer.",
        "folder": folder,
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "identifier_field": "question",
        # admin/cms.mjs sets the file name with admin/slug.mjs just before a new entry is saved.
        "slug": f"{{{{fields.{FILE_NAME_KEY}}}}}",
        "summary": "{{question}}",
        # docs/faq/index.md, the overview, is not an entry.
        "filter": {"field": ENTRY_KEY, "value": True},
        "sortable_fields": ["question", "date", "category"],
        "view_filters": [
            {"label": title, "field": "category", "pattern": _one_of([key])}
            for key, title in categories.items()
        ],
        "fields": [
            {
                "label": "Spørsmål", "name": "question", "widget": "string",
                "hint": "Slik søkerne stiller det. Det blir tittelen på siden og står i oversikten.",
                "pattern": ["[0-9A-Za-zÀ-ÖØ-öø-ÿ]", "skriv spørsmålet med bokstaver eller tall."],
            },
            {
                "label": "Kategori", "name": "category", "widget": "select",
                "hint": "Temaet spørsmålet står under på FAQ-siden. Kategoriene står i faq.yml.",
                "options": [{"label": title, "value": key} for key, title in categories.items()],
                "pattern": [
                    _one_of(categories),
                    "velg en av kategoriene i listen (en ny kategori legges til i faq.yml).",
                ],
            },
            {
                "label": "Dato", "name": "date", "widget": "datetime",
                "hint": "Datoen svaret ble skrevet eller sist endret. Nyeste svar står først.",
                "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "default": "{{now}}",
            },
            {
                "label": "Regler i sjekkeren", "name": "rules", "widget": "select",
                "multiple": True, "required": False,
                "hint": "Reglene svaret handler om. Siden får lenker til dem.",
                "options": [{"label": f"{r['title']} ({r['id']})", "value": r["id"]} for r in rules],
            },
            {
                "label": "Svar", "name": "body", "widget": "markdown",
                "hint": "Svar kort og direkte først, og lenk til avsnittet i utlysningen eller "
                        "veiledningen som avgjør saken, for eksempel "
                        "[krav til sammensetning](../utlysning.md#krav-til-sammensetning).",
                # Markdown as it stands in the file: an unchanged line stays unchanged (the
                # rich-text mode rewrites every line it saves), and links are written as the
                # editors' page shows, to the .md file and the paragraph.
                "modes": ["raw"],
                "buttons": [],
                "editor_components": [],
            },
        ],
    }


def editor_config(folder: str, categories: dict[str, str], rules: list[dict], backend: dict,
                  preview_styles: list[str], local: str | None) -> dict:
    """admin/config.json: Decap's configuration ("cms") and what admin/cms.mjs needs ("site")."""
    cms = {
        **backend,
        "load_config_file": False,
        "locale": "nb_no",
        # Decap requires a media folder; the FAQ has no images (the editor offers none).
        "media_folder": "docs/assets/faq",
        "collections": [collection(folder, categories, rules)],
    }
    if local:
        cms["local_backend"] = {"url": local}
    site = {
        "collection": COLLECTION,
        "format": FORMAT,
        "fields": list(faq.FIELDS),
        "indexMarker": faq.MARKER,
        "fileNameKey": FILE_NAME_KEY,
        "entryKey": ENTRY_KEY,
        "previewStyles": preview_styles,
    }
    return {"cms": cms, "site": site}


def load_backend(path: Path = BACKEND) -> dict:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise PluginError(f"{path.name}: kan ikke leses ({err}); den sier hvor /admin/ lagrer.")
    if not isinstance(data, dict) or not isinstance(data.get("backend"), dict):
        raise PluginError(f"{path.name} må ha en blokk «backend:» (se deploy/README.md).")
    return data


# --- the page's policy ------------------------------------------------------------------

def header_policy(path: Path = HEADERS) -> str:
    match = re.search(r'^add_header Content-Security-Policy "([^"]+)" always;$', path.read_text("utf-8"), re.M)
    if not match:
        raise PluginError(f"{path.name}: fant ingen Content-Security-Policy-linje.")
    return match.group(1)


def meta_policy(policy: str, local: str | None) -> str:
    """The header's policy as a <meta> can carry it; under `make edit` decap-server may be reached."""
    directives = []
    for part in policy.split(";"):
        words = part.split()
        if not words or words[0] in HEADER_ONLY:
            continue
        if words[0] == "connect-src" and local:
            parts = urlsplit(local)
            words.append(f"{parts.scheme}://{parts.netloc}")
        directives.append(" ".join(words))
    return "; ".join(directives)


# --- MkDocs events ----------------------------------------------------------------------

def on_files(files, config):
    if not (BUNDLE / "cms.js").is_file():
        raise PluginError(f"{BUNDLE}/cms.js mangler: redigeringen bygges av `make build` (esbuild).")
    for path in sorted(p for p in BUNDLE.rglob("*") if p.is_file()):
        rel = path.relative_to(BUNDLE).as_posix()
        files.append(File.generated(config, FOLDER + rel, abs_src_path=str(path)))

    root = Path(config.config_file_path or "mkdocs.yml").parent
    folder = (Path(config["docs_dir"]).relative_to(root.resolve()) / faq.FAQ_DIR).as_posix()
    material = sorted(
        f.src_uri for f in files
        if re.fullmatch(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css", f.src_uri)
    )
    preview_styles = ["../" + path for path in material + list(config["extra_css"])]
    local = local_backend()
    settings = editor_config(
        folder, faq.load_categories(root / "faq.yml"), list(site_rules.catalogue(str(config["extra"]["runde"]))), load_backend(),
        preview_styles, local,
    )
    files.append(File.generated(config, FOLDER + "config.json", content=json.dumps(settings, ensure_ascii=False, indent=1)))
    page = PAGE.read_text("utf-8").replace(CSP_PLACEHOLDER, meta_policy(header_policy(), local))
    files.append(File.generated(config, FOLDER + "index.html", content=page))
    return files
