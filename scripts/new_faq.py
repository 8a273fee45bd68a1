"""Create a new FAQ entry: docs/faq/<slug>.md from scripts/faq-template.md.

    python scripts/new_faq.py "Kan et forskningsinstitutt være prosjekteier?" [--category KEY]

The file name is made from the question (æ -> ae, ø -> o, å -> a) by admin/slug.mjs, the slug
function the browser editor at /admin/ uses too (run here with Node); the date is today. An
existing file is never overwritten. The categories are those of faq.yml (default: the first).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "faq-template.md"
SLUG_MODULE = ROOT / "admin" / "slug.mjs"


def slugify(question: str) -> str:
    """The file name (without .md) for a question, from the one slug function in admin/slug.mjs."""
    script = (
        f"import {{ slugify }} from {json.dumps(SLUG_MODULE.as_uri())};"
        "process.stdout.write(slugify(process.argv[1]));"
    )
    try:
        result = subprocess.run(
            ["node", "--input-type=module", "-e", script, question],
            capture_output=True, text=True, encoding="utf-8",
        )
    except OSError as err:
        raise ValueError("Node.js (kommandoen `node`) trengs for å lage filnavnet (admin/slug.mjs).") from err
    if result.returncode != 0:
        raise ValueError(f"admin/slug.mjs kunne ikke lage filnavnet: {result.stderr.strip()}")
    return result.stdout


def render(question: str, category: str, today: date) -> str:
    # The question goes in double quotes in YAML: escape what would end or break the string.
    quoted = question.replace("\\", "\\\\").replace('"', '\\"')
    return TEMPLATE.read_text("utf-8").format(question=quoted, category=category, date=today.isoformat())


def create(question: str, category: str | None, root: Path = ROOT, today: date | None = None) -> Path:
    """Write the file and return its path; ValueError with a Norwegian message if it cannot."""
    question = " ".join(question.split())
    if not question:
        raise ValueError("Spørsmålet er tomt. Skriv det i anførselstegn: new_faq.py \"Kan vi ...?\"")
    categories = yaml.safe_load((root / "faq.yml").read_text("utf-8"))
    category = category or next(iter(categories))
    if category not in categories:
        raise ValueError(f"«{category}» er ikke en kategori. Bruk en av: {', '.join(categories)}.")
    slug = slugify(question)
    if not slug:
        raise ValueError("Spørsmålet må inneholde bokstaver eller tall.")
    path = root / "docs" / "faq" / f"{slug}.md"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} finnes allerede; endre den filen, eller skriv spørsmålet annerledes.")
    path.write_text(render(question, category, today or date.today()), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lag en ny FAQ-fil i docs/faq/.")
    parser.add_argument("question", help="spørsmålet, i anførselstegn")
    parser.add_argument("--category", help="kategori fra faq.yml (standard: den første)")
    args = parser.parse_args(argv)
    try:
        path = create(args.question, args.category)
    except ValueError as err:
        print(f"Feil: {err}", file=sys.stderr)
        return 2
    print(f"Laget {path.relative_to(ROOT)}. Skriv svaret, og se det med `make serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
