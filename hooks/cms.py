"""The editor at /admin/ (Decap CMS): its page, its bundle and its configuration.

The Makefile bundles admin/*.mjs with Decap and React into build/admin/ (esbuild). This hook
serves that folder as admin/ and makes two files there:
  - admin/config.json: Decap's configuration, made from the project's own data so that nothing
    is typed twice: for the FAQ, the categories of faq.yml (with their titles), the checker's
    rule catalogue (with the Norwegian titles) and the front-matter fields of hooks/faq.py; for
    the call rounds, the JSON schema of the checker's round model (checker.rounds.RoundFile)
    with the aid bases of the checker's vocabulary and the regulations of checker/law.json;
    and the git host of deploy/cms.yml and the site's stylesheets for the preview;
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
import site_format as fmt
import site_rules
from checker import law, vocabulary
from checker import rounds as round_data
from checker.text import join

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
# Values the editor keeps in an entry but never writes to the file (admin/format.mjs,
# admin/rounds.mjs): a new FAQ entry's file name (set by admin/cms.mjs), and whether a file
# is an entry (the FAQ overview is not, nor is a round file that is not JSON).
FILE_NAME_KEY = "_file_name"
ENTRY_KEY = "_entry"
ROUNDS = "rounds"  # Decap names an editorial-workflow branch cms/<collection>/<file name>
ROUND_FORMAT = "round-json"
# The round files' folder in the repository: the checker package's own (checker/rounds).
ROUND_FOLDER = round_data.__name__.replace(".", "/")
# A date without a time, written as the files hold it (2023-09-01).
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
# Directives a <meta> policy cannot carry (the browser ignores them there, with a warning).
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")
# The editors' page about rounds lists the form's fields here.
ROUND_FIELDS_MARKER = "<!-- runde-felt -->"

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
                "label": "Dato", "name": "date", **DATE,
                "hint": "Datoen svaret ble skrevet eller sist endret. Nyeste svar står først.",
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


# --- the round collection, made from the round model's JSON schema ----------------------------

# A day's EUR→NOK rate, the value of both rate figures.
RATE = ("Kurs", "Kroner for én euro, med alle desimalene Norges Bank oppgir.")

# Bokmål for every field of checker.rounds.RoundFile (the model's names are English): by name, or
# by "parent.name" where a name needs other words there. (label, hint); {ceilings} in a hint is
# filled in from checker/law.json. A field the model gains without a line here stops the build.
ROUND_TEXT: dict[str, tuple[str, str]] = {
    "round": ("Runde", "Kort navn på runden, for eksempel 2024. Det blir filnavnet "
              "(checker/rounds/2024.json), og søknadene oppgir runden med det. Endres ikke etter at "
              "runden er lagret."),
    "title": ("Tittel", "Utlysningens tittel, slik Innovasjon Norge skriver den."),
    "call_url": ("Utlysningen hos Innovasjon Norge", "Adressen til utlysningsteksten, med https://."),
    "call_page": ("Utlysningssiden på nettstedet",
                  "Siden med utlysningsteksten her, skrevet som adressen: utlysning-2024/ for "
                  "docs/utlysning-2024.md. Siden må finnes, med de faste ankrene. Sjekkerens funn lenker dit."),
    "checked": ("Kontrollert", "Datoen tallene sist ble kontrollert mot utlysningen. Sidene viser den "
                "under sammendraget."),
    "parameters": ("Tallene i runden", "Hvert tall har en kilde og et merke for om kilden er bekreftet."),
    "opened": ("Utlysningen åpnet", "Datoen utlysningen ble publisert."),
    "deadline": ("Søknadsfrist", "Siste dag søknaden kan sendes. En søknad sendt denne dagen er i tide."),
    "amount_min_nok": ("Minste støttebeløp", "Den nedre grensen utlysningen oppgir per prosjekt, i hele kroner."),
    "amount_max_nok": ("Største støttebeløp", "Den øvre grensen utlysningen oppgir per prosjekt, i hele kroner."),
    "max_share": ("Største støtteandel", "Som desimaltall: 0.5 er 50 %. Kilden må sitere utlysningen med "
                  "«…»: sitatet står i sammendraget på sidene."),
    "min_companies": ("Minste antall bedrifter", "Hvor mange bedrifter konsortiet minst må ha."),
    "aid_bases": ("Støttegrunnlag", "Grunnlagene utlysningen tillater. Med bagatellmessig støtte må også "
                  "forordningen, taket, perioden og de to kursene under fylles ut."),
    "gber_text": ("Gruppeunntakets tekst", "Den teksten av gruppeunntaket (forordning (EU) nr. 651/2014) "
                  "støtten i runden ble gitt etter. Tekstene står i checker/law.json."),
    "de_minimis_regulation": ("Forordning om bagatellmessig støtte",
                              "Bare når bagatellmessig støtte er et støttegrunnlag. Forordningene står i "
                              "checker/law.json."),
    "de_minimis_ceiling_eur": ("Bagatelltaket i euro", "Taket i forordningen: {ceilings}. Byggingen sjekker "
                               "at det stemmer med forordningen."),
    "de_minimis_grant_period": ("Perioden støtten kan tildeles",
                                "Fra søknadsfristen til siste dag støtte i runden kan tildeles. Bagatelltaket "
                                "i kroner regnes med de laveste og høyeste kursene i perioden."),
    "eur_nok_low": ("Laveste eurokurs", "Norges Banks laveste daglige midtkurs for euro i perioden over."),
    "eur_nok_high": ("Høyeste eurokurs", "Norges Banks høyeste daglige midtkurs for euro i perioden over."),
    "objectives": ("Målsetninger", "Målsetningene i utlysningen, som søkerne velger blant i sjekkeren."),
    "requirements": ("Krav til alle prosjekter", "Det utlysningen sier at alle prosjekter skal."),
    "activities": ("Arbeidsområder", "Arbeidsområdene utlysningen nevner."),
    # Each figure's value, named so that the form's messages say which it is.
    "opened.value": ("Dato", ""),
    "deadline.value": ("Dato", ""),
    "amount_min_nok.value": ("Beløp i kroner", ""),
    "amount_max_nok.value": ("Beløp i kroner", ""),
    "max_share.value": ("Andel", ""),
    "min_companies.value": ("Antall bedrifter", ""),
    "aid_bases.value": ("Grunnlagene", ""),
    "gber_text.value": ("Tekst", ""),
    "de_minimis_regulation.value": ("Forordning", ""),
    "de_minimis_ceiling_eur.value": ("Beløp i euro", ""),
    "de_minimis_grant_period.value": ("Periode", ""),
    "eur_nok_low.value": RATE,
    "eur_nok_high.value": RATE,
    "objectives.value": ("Målsetningene", ""),
    "requirements.value": ("Kravene", ""),
    "activities.value": ("Arbeidsområdene", ""),
    # The rest of a figure.
    "date": ("Dato for kursen", ""),
    "from": ("Fra og med", ""),
    "to": ("Til og med", ""),
    "source": ("Kilde", "Hvor verdien står: sitér utlysningen med «…» og si hvilket avsnitt, eller vis til "
               "forordningen eller forskriften og artikkelen. Er utlysningen uklar, begynn med «Vår lesning:»."),
    "verified": ("Bekreftet", "Slå av når verdien bygger på vår lesning eller på en kilde som ikke er bekreftet."),
    # One objective, requirement or work area.
    "key": ("Nøkkel", "Det faste navnet søknadsfilene bruker, med små bokstaver og understrek. Bruk "
            "nøkkelen fra forrige runde når punktet er det samme."),
    "nb": ("Tekst på bokmål", "Utlysningens ordlyd."),
    "en": ("Tekst på engelsk", ""),
    "nb_short": ("Kort tekst på bokmål", "Til sjekkerens meldinger. Kan stå tom; da brukes hele teksten."),
    "en_short": ("Kort tekst på engelsk", "Kan stå tom; da brukes hele teksten."),
}

# What the form says when a value breaks the model's pattern (Decap: «<label> <message>»).
ROUND_PATTERNS = {
    "round": "kan bare ha små bokstaver (a–z), tall og bindestrek, og begynner med en bokstav eller et tall.",
    "call_url": "må være en hel adresse som begynner med https://.",
    "call_page": "skrives som adressen på nettstedet: små bokstaver, tall, bindestrek og skråstrek, "
                 "og en skråstrek til slutt (utlysning-2024/).",
    "key": "kan bare ha små bokstaver (a–z), tall og understrek, og begynner med en bokstav.",
}

# A figure's source and whether it is verified come after what they are the source of.
PROVENANCE = ("source", "verified")

# How a list of the call's items shows each item when it is folded.
ITEMS = {"CallItem": {"label_singular": "punkt", "summary": "{{fields.nb}}"}}


def round_choices() -> dict[str, list[dict]]:
    """The select fields' options, from the checker's vocabulary and checker/law.json."""
    gber = law.law().gber_texts
    de_minimis = law.law().de_minimis
    return {
        "parameters.aid_bases.value": [
            {"label": fmt.capitalise(fmt.label("aid_basis", value)), "value": value}
            for value in vocabulary.values("aid_basis")
        ],
        "parameters.gber_text.value": [
            {"label": f"{key}: {gber[key].name}", "value": key} for key in law.gber_texts()
        ],
        "parameters.de_minimis_regulation.value": [
            {"label": f"{key}: tak {fmt.integer(rules.ceiling_eur)}{fmt.NBSP}euro, tildelt senest "
                      f"{fmt.long_date(rules.last_grant_day)}", "value": key}
            for key, rules in de_minimis.items()
        ],
    }


def _round_text(path: str) -> tuple[str, str]:
    parts = path.split(".")
    text = ROUND_TEXT.get(".".join(parts[-2:])) or ROUND_TEXT.get(parts[-1])
    if text is None:
        raise PluginError(f"hooks/cms.py: feltet «{path}» i rundedataene (checker.rounds.RoundFile) har "
                          "ingen norsk ledetekst; legg det til i ROUND_TEXT.")
    label, hint = text
    if "{ceilings}" in hint:
        hint = hint.format(ceilings=join([f"{fmt.integer(rules.ceiling_eur)}{fmt.NBSP}euro etter {key}"
                                          for key, rules in law.law().de_minimis.items()], "nb"))
    return label, hint


def _schema_field(name: str, node: dict, path: str, required: bool, defs: dict, choices: dict) -> dict:
    """One Decap field for one property of the JSON schema. `required` is whether the model
    requires it *here*: inside an optional object (a de minimis figure) nothing is, since the
    object may be left out; the build then checks what the model demands of it."""
    if "anyOf" in node:  # `X | None`: optional
        (node,) = [option for option in node["anyOf"] if option.get("type") != "null"]
        required = False
    ref = node.get("$ref", "").rpartition("/")[2]
    node = defs.get(ref, node)
    label, hint = _round_text(path)
    field = {"label": label, "name": name, **({"hint": hint} if hint else {})}
    if not required:
        field["required"] = False
    if "default" in node:
        field["default"] = node["default"]
    kind = node.get("type")
    if kind == "object":
        field["widget"] = "object"
        field["fields"] = _schema_fields(node, path, required, defs, choices)
    elif kind == "array":
        items = node["items"]
        item_ref = items.get("$ref", "").rpartition("/")[2]
        items = defs.get(item_ref, items)
        if items.get("type") == "object":
            # An item exists only once the editor adds it: its own fields are required as the model says.
            field.update(widget="list", **ITEMS[item_ref], fields=_schema_fields(items, path, True, defs, choices))
        else:
            field.update(widget="select", multiple=True, options=_options(path, items, choices))
        if "minItems" in node:
            field["min"] = node["minItems"]
    elif kind == "string" and node.get("format") == "date":
        field.update(DATE)
    elif kind == "string" and (path in choices or "enum" in node):
        options = _options(path, node, choices)
        field.update(widget="select", options=options,
                     pattern=[_one_of(o["value"] for o in options), f"må være en av: {', '.join(o['value'] for o in options)}."])
    elif kind == "string":
        field["widget"] = "string"
        if "pattern" in node:
            field["pattern"] = [node["pattern"], ROUND_PATTERNS[name]]
    elif kind in ("integer", "number"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
        # Decap's bounds are inclusive: an integer above 0 is at least 1; a decimal above 0 is
        # held to 0 or more here, and exactly 0 is left to the build.
        low = node.get("minimum", node.get("exclusiveMinimum"))
        if kind == "integer" and "exclusiveMinimum" in node:
            low = node["exclusiveMinimum"] + 1
        if low is not None:
            field["min"] = low
        if "maximum" in node:
            field["max"] = node["maximum"]
    elif kind == "boolean":
        field["widget"] = "boolean"
    else:
        raise PluginError(f"hooks/cms.py: vet ikke hvordan feltet «{path}» ({kind}) skal redigeres.")
    return field


def _schema_fields(node: dict, path: str, required: bool, defs: dict, choices: dict) -> list[dict]:
    properties = node["properties"]
    names = [n for n in properties if n not in PROVENANCE] + [n for n in PROVENANCE if n in properties]
    return [
        _schema_field(name, properties[name], f"{path}.{name}".lstrip("."),
                      required and name in node.get("required", ()), defs, choices)
        for name in names
    ]


def _options(path: str, node: dict, choices: dict) -> list[dict]:
    """A select's options: the model's own values, with their labels from the vocabulary or law."""
    options = choices.get(path)
    if options is None:
        raise PluginError(f"hooks/cms.py: feltet «{path}» har faste verdier, men ingen ledetekster for dem.")
    if "enum" in node and sorted(node["enum"]) != sorted(o["value"] for o in options):
        raise PluginError(f"hooks/cms.py: verdiene for «{path}» i modellen ({', '.join(node['enum'])}) "
                          "er ikke de samme som i ordlisten.")
    return options


def round_fields() -> list[dict]:
    """The round file's fields as Decap fields: names, widgets, what is required, bounds and
    patterns from `RoundFile.model_json_schema()`; labels and hints from ROUND_TEXT."""
    schema = round_data.RoundFile.model_json_schema()
    return _schema_fields(schema, "", True, schema.get("$defs", {}), round_choices())


def round_collection() -> dict:
    """The round collection: one JSON file per round in checker/rounds/, named by its id."""
    return {
        "name": ROUNDS,
        "label": "Utlysningsrunder",
        "label_singular": "runde",
        "description": "Tallene for hver utlysningsrunde, én fil per runde i checker/rounds/. Sjekkeren "
                       "og sidene leser dem. En ny runde trenger også sin utlysningsside.",
        "folder": ROUND_FOLDER,
        "extension": "json",
        "format": ROUND_FORMAT,
        "create": True,
        # A round is named by applications, drafts and pages: removing one is a programmer's job.
        "delete": False,
        "identifier_field": "round",
        "slug": "{{fields.round}}",
        "summary": "{{round}}: {{title}}",
        "filter": {"field": ENTRY_KEY, "value": True},
        # The form is the data; the page preview would show nothing more.
        "editor": {"preview": False},
        "fields": round_fields(),
    }


def round_fields_markdown(fields: list[dict]) -> str:
    """The form's fields as a table for the editors' page: label, name in the file, hint. The
    figures under «parameters» get a row each; their parts (value, source, ...) are explained
    once on the page."""
    rows = []
    for field in fields:
        inner = field.get("fields") if field["name"] == "parameters" else [field]
        prefix = "parameters." if field["name"] == "parameters" else ""
        rows += [(f["label"], prefix + f["name"], f.get("hint", "")) for f in inner]
    return "\n".join(["| I skjemaet | I filen | Hva det er |", "|---|---|---|",
                      *(f"| {label} | `{name}` | {hint} |" for label, name, hint in rows)])


def editor_config(folder: str, categories: dict[str, str], rules: list[dict], backend: dict,
                  preview_styles: list[str], local: str | None) -> dict:
    """admin/config.json: Decap's configuration ("cms") and what admin/cms.mjs needs ("site")."""
    cms = {
        **backend,
        "load_config_file": False,
        "locale": "nb_no",
        # Decap requires a media folder; the FAQ has no images (the editor offers none).
        "media_folder": "docs/assets/faq",
        "collections": [collection(folder, categories, rules), round_collection()],
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
        "rounds": {"collection": ROUNDS, "format": ROUND_FORMAT},
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


def on_page_markdown(markdown, page, config, files):
    if ROUND_FIELDS_MARKER in markdown:
        return markdown.replace(ROUND_FIELDS_MARKER, round_fields_markdown(round_fields()))
    return markdown
