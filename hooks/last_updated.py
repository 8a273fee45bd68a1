"""A «Sist oppdatert» date on every page: the file's last commit date, else its modification time.

One `git log` for the whole docs/ folder at the start of the build (not one per page), and one
`git status` so that a file edited since its last commit shows today's edit, not the commit.
Outside a git checkout (a copy, an archive) the file's modification time is used.
The date is shown by overrides/partials/source-file.html.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from pathlib import Path

import site_format as fmt


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def commit_dates(docs_dir: Path) -> dict[Path, date]:
    """Newest commit date of every committed file under docs_dir that is unchanged since then."""
    log = _git(["log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."], docs_dir)
    top = _git(["rev-parse", "--show-toplevel"], docs_dir)
    if log is None or top is None:
        return {}
    root = Path(top.strip())
    dates: dict[Path, date] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("\0"):
            current = date.fromisoformat(line[1:])
        elif line and current:
            dates.setdefault((root / line).resolve(), current)
    status = _git(["status", "--porcelain", "--untracked-files=all", "--", "."], docs_dir) or ""
    for line in status.splitlines():
        dates.pop((root / line[3:].strip('"')).resolve(), None)
    return dates


def file_date(path: Path, dates: dict[Path, date]) -> date:
    return dates.get(path.resolve()) or datetime.fromtimestamp(os.path.getmtime(path)).date()


_dates: dict[Path, date] = {}


def on_pre_build(config):
    _dates.clear()
    _dates.update(commit_dates(Path(config.docs_dir)))


def on_page_markdown(markdown, page, config, files):
    if page.file.abs_src_path:
        updated = file_date(Path(page.file.abs_src_path), _dates)
        page.meta["sist_oppdatert"] = {"iso": updated.isoformat(), "tekst": fmt.long_date(updated)}
    return markdown
