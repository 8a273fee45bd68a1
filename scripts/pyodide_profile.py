"""List the Python files the checker page's start-up and first evaluations import.

Runs INSIDE Pyodide under Node, with the checker installed from an uncompiled copy of the served
folder (scripts/pyodide_run.mjs --load checker). It does what the page's worker does (import the
checker, read the rule catalogue, evaluate applications, reject a bad one) and writes the files
of every module imported, relative to the archive they come from:

    pyodide_profile.py OUT.json [APPLICATION.json ...]
    -> {"stdlib": ["json/__init__.py", ...], "site": ["pydantic/main.py", ...]}

The build compiles exactly these to bytecode: start-up then compiles nothing, and the many
modules it never imports stay as source, which is about half the size once compressed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import checker
from checker import adapter

STDLIB_ZIP = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
SITE = str(Path(checker.__file__).parent.parent) + "/"  # where Pyodide installed the wheels


def exercise(paths: list[Path]) -> None:
    """What the page's worker does, through the same adapter (checker.adapter)."""
    adapter.rules_json("nb")
    applications = [json.dumps(json.loads(p.read_text()).get("application")) for p in paths]
    # Rejecting input is part of what the page does.
    for text in [*applications, '{"participants": "ingen"}', "not json"]:
        for lang in ("nb", "en"):
            adapter.evaluate_json(text, lang, "2023-09-01")


def imported_files() -> dict[str, list[str]]:
    files = {getattr(module, "__file__", None) or "" for module in list(sys.modules.values())}
    return {
        "stdlib": sorted(f.removeprefix(STDLIB_ZIP) for f in files if f.startswith(STDLIB_ZIP)),
        "site": sorted(f.removeprefix(SITE) for f in files if f.startswith(SITE)),
    }


if __name__ == "__main__":
    exercise([Path(p) for p in sys.argv[2:]])
    Path(sys.argv[1]).write_text(json.dumps(imported_files(), indent=1) + "\n")
