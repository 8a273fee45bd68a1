"""The FAQ: one Markdown file per question in docs/faq/, checked and indexed at build time.

Editors never touch code or the nav (design principle 7). This hook
  - checks every docs/faq/*.md front matter (question, category, date, rules), and that the
    answer links to the paragraph that settles it, and fails the build with ONE message listing
    every problem, each naming the file, the field and the fix;
  - writes the index into docs/faq/index.md at the marker <!-- faq-liste -->: grouped by the
    categories of faq.yml in their order, newest first within a category (and the category
    table at <!-- faq-kategorier --> on the editors' page);
  - gives each entry its question as title, and a footer with its category, date and the
    checker rules it concerns (linked to «Hva sjekkeren vurderer»).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

import site_format as fmt
import site_rules

FAQ_DIR = "faq/"
INDEX = "faq/index.md"
MARKER = "<!-- faq-liste -->"
CATEGORIES_MARKER = "<!-- faq-kategorier -->"  # the editors' page lists faq.yml with this
FIELDS = ("question", "category", "date", "rules")
HOWTO = "docs/slik-oppdaterer-du-faq.md"
# scripts/faq-template.md starts the answer with this, so an unwritten answer cannot go live.
UNWRITTEN = "SVAR MANGLER"

# A link in an answer: Markdown [text](target "title") or an HTML href.
LINK = re.compile(r'\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|href="([^"]+)"')

# Same shape as MkDocs' own front-matter detection: a first line of ---, YAML, then --- or ...
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Entry:
    src_uri: str  # "faq/kan-et-forskningsinstitutt-vaere-prosjekteier.md"
    question: str
    category: str
    date: date
    rules: tuple[str, ...]


def load_categories(path: Path) -> dict[str, str]:
    """faq.yml: category key -> title, in display order."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise PluginError(f"{where} mangler: den lister FAQ-kategoriene (nøkkel: tittel).")
    except yaml.YAMLError as err:
        raise PluginError(f"{where} er ikke gyldig YAML: {err}")
    if not isinstance(data, dict) or not data:
        raise PluginError(f"{where} må være en liste med linjer på formen «nøkkel: Tittel».")
    bad = [k for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str) or not v.strip()]
    if bad:
        raise PluginError(f"{where}: kategorien {bad[0]!r} må ha en tittel (tekst) etter kolon.")
    return data


def _normalise_question(question: str) -> str:
    return " ".join(question.casefold().split()).rstrip(" ?")


def check_entry(
    where: str, src_uri: str, text: str, categories: dict[str, str], rule_ids: frozenset[str]
) -> tuple[Entry | None, list[str]]:
    """Check one FAQ file. `where` is the path to show the editor (docs/faq/x.md)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [
            f"{where}: mangler front matter. Filen må begynne med en blokk mellom to linjer med "
            f"«---» med feltene question, category og date. Lag nye filer med scripts/new_faq.py "
            f"(se {HOWTO})."
        ]
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except (yaml.YAMLError, ValueError) as err:
        # ValueError: PyYAML reads 2026-13-01 as a date and fails on the month.
        detail = " ".join(str(err).split())
        return None, [
            f"{where}: front matter er ikke gyldig YAML ({detail}). Sett tekst som inneholder "
            f"kolon i anførselstegn, og skriv datoer som ÅÅÅÅ-MM-DD."
        ]
    if not isinstance(meta, dict):
        return None, [f"{where}: front matter må bestå av linjer på formen «felt: verdi»."]

    errors = [
        f"{where}: ukjent felt «{key}». Tillatte felt: {', '.join(FIELDS)}."
        for key in meta
        if key not in FIELDS
    ]

    question = meta.get("question")
    if not isinstance(question, str) or not question.strip():
        errors.append(
            f"{where}: feltet «question» mangler eller er tomt. Skriv spørsmålet slik leserne "
            f"stiller det, f.eks. question: \"Kan et forskningsinstitutt være prosjekteier?\""
        )

    category = meta.get("category")
    if category not in categories:
        shown = "mangler" if category is None else f"«{category}» er ikke en kategori"
        errors.append(
            f"{where}: feltet «category» {shown}. Bruk en av: {', '.join(categories)} "
            f"(en ny kategori legges til i faq.yml)."
        )

    raw_date = meta.get("date")
    if isinstance(raw_date, datetime):
        raw_date = raw_date.date()
    if isinstance(raw_date, str):
        try:
            raw_date = date.fromisoformat(raw_date.strip())
        except ValueError:
            pass
    if not isinstance(raw_date, date):
        shown = "mangler" if raw_date is None else f"«{raw_date}» er ikke en dato"
        errors.append(
            f"{where}: feltet «date» {shown}. Skriv datoen svaret ble skrevet eller sist endret "
            f"som ÅÅÅÅ-MM-DD, f.eks. date: {date.today().isoformat()}."
        )

    rules = meta.get("rules") or []
    if isinstance(rules, str) or not isinstance(rules, list):
        errors.append(f"{where}: feltet «rules» må være en liste, f.eks. rules: [owner.kind].")
        rules = []
    for rule in rules:
        if rule not in rule_ids:
            errors.append(
                f"{where}: feltet «rules»: «{rule}» er ikke en regel i sjekkeren. Bruk en av: "
                f"{', '.join(sorted(rule_ids))} (se siden «Hva sjekkeren vurderer»)."
            )

    answer = text[match.end():]
    if not answer.strip() or UNWRITTEN in answer:
        errors.append(
            f"{where}: svaret er ikke skrevet. Skriv svaret under den andre «---»-linjen"
            f" (og fjern teksten «{UNWRITTEN}» fra malen)."
        )
    elif not paragraph_links(src_uri, answer):
        errors.append(
            f"{where}: svaret lenker ikke til noe avsnitt i utlysningen eller veiledningen. Lenk til "
            f"avsnittet som avgjør saken, med anker (#), f.eks. "
            f"[krav til sammensetning](../utlysning.md#krav-til-sammensetning) (se {HOWTO})."
        )

    if errors:
        return None, errors
    return Entry(src_uri, question.strip(), category, raw_date, tuple(rules)), []


def paragraph_links(src_uri: str, answer: str) -> list[str]:
    """The answer's links to a paragraph of the site outside the FAQ, as docs paths with anchor.

    The FAQ index promises that every answer links to the paragraph that settles it: a page of
    the call, the guide or the checker (not another FAQ entry, not another site), with an
    anchor. Whether that anchor exists is MkDocs' own link check in the strict build.
    """
    found = []
    for match in LINK.finditer(answer):
        path, _, anchor = (match.group(1) or match.group(2)).partition("#")
        if not anchor or not path.endswith(".md") or ":" in path:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if not target.startswith((FAQ_DIR, "../")):
            found.append(f"{target}#{anchor}")
    return found


def check_all(
    sources: dict[str, tuple[str, str]], categories: dict[str, str], rule_ids: frozenset[str]
) -> tuple[list[Entry], list[str]]:
    """sources: src_uri -> (where, text). Returns the valid entries and every error found."""
    entries, errors = [], []
    seen: dict[str, str] = {}
    for src_uri, (where, text) in sorted(sources.items()):
        entry, problems = check_entry(where, src_uri, text, categories, rule_ids)
        errors += problems
        if entry is None:
            continue
        key = _normalise_question(entry.question)
        if key in seen:
            errors.append(
                f"{where}: feltet «question»: samme spørsmål som i {seen[key]}. Slå svarene "
                f"sammen i én fil, eller skriv spørsmålene slik at de skiller seg."
            )
            continue
        seen[key] = where
        entries.append(entry)
    return entries, errors


def index_markdown(entries: list[Entry], categories: dict[str, str]) -> str:
    """The FAQ index: categories in faq.yml order, newest first, then alphabetical."""
    if not entries:
        return "Det er ingen spørsmål her ennå."
    parts = []
    for key, title in categories.items():
        group = sorted(
            (e for e in entries if e.category == key),
            key=lambda e: (-e.date.toordinal(), e.question.casefold()),
        )
        if not group:
            continue
        items = "\n".join(
            f"- [{e.question}]({fmt.relative_link(INDEX, e.src_uri)})"
            f' <span class="faq-dato">{fmt.long_date(e.date)}</span>'
            for e in group
        )
        parts.append(f"## {title} {{ #{key} }}\n\n{items}\n")
    return "\n".join(parts)


def categories_markdown(categories: dict[str, str]) -> str:
    rows = "\n".join(f"| `{key}` | {title} |" for key, title in categories.items())
    return f"| Nøkkel (`category`) | Tittel |\n|---|---|\n{rows}\n"


def entry_page(markdown: str, entry: Entry, categories: dict[str, str], rule_titles: dict[str, str]) -> str:
    """An entry as a page: its question as the title, then the answer, then a short footer."""
    lines = [
        "",
        '<div class="faq-meta" markdown>',
        "",
        f"Kategori: [{categories[entry.category]}]({fmt.relative_link(entry.src_uri, INDEX)}#{entry.category}).",
        f"Svaret er datert {fmt.long_date(entry.date)}.",
        "",
    ]
    if entry.rules:
        target = fmt.relative_link(entry.src_uri, "sjekkeren-vurderer.md")
        lines += ["Dette gjelder disse reglene i sjekkeren:", ""]
        lines += [
            f"- [{rule_titles[r]}]({target}#{site_rules.rule_anchor(r)}) (`{r}`)" for r in entry.rules
        ]
        lines.append("")
    lines.append("</div>")
    return f"# {entry.question}\n\n{markdown.strip()}\n" + "\n".join(lines) + "\n"


# --- MkDocs events --------------------------------------------------------------------------

_state: dict = {}


def _display_path(file, config) -> str:
    root = os.path.dirname(config.config_file_path or ".")
    return os.path.relpath(file.abs_src_path, root).replace(os.sep, "/")


def on_files(files, config):
    root = Path(config.config_file_path or "mkdocs.yml").parent
    categories = load_categories(root / "faq.yml")
    sources = {
        f.src_uri: (_display_path(f, config), f.content_string)
        for f in files.documentation_pages()
        if f.src_uri.startswith(FAQ_DIR) and f.src_uri != INDEX
    }
    entries, errors = check_all(sources, categories, site_rules.rule_ids())
    if errors:
        count = f"{len(errors)} feil" if len(errors) > 1 else "Én feil"
        raise PluginError(f"{count} i FAQ-filene:\n  " + "\n  ".join(errors))
    _state.update(categories=categories, entries={e.src_uri: e for e in entries})
    return files


def on_page_markdown(markdown, page, config, files):
    markdown = markdown.replace(CATEGORIES_MARKER, categories_markdown(_state["categories"]))
    src = page.file.src_uri
    if src == INDEX:
        if MARKER not in markdown:
            raise PluginError(f"docs/{INDEX}: markøren {MARKER} mangler; der settes listen over spørsmål inn.")
        return markdown.replace(MARKER, index_markdown(list(_state["entries"].values()), _state["categories"]))
    entry = _state["entries"].get(src)
    if entry is None:
        return markdown
    titles = {rule["id"]: rule["title"] for rule in site_rules.catalogue(str(config["extra"]["runde"]))}
    return entry_page(markdown, entry, _state["categories"], titles)
