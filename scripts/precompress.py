"""Write file.gz and file.br beside each compressible file of the built site.

nginx serves them with gzip_static/brotli_static (deploy/nginx.conf), so the server spends no CPU
on compression and the best settings are affordable: gzip -9 and brotli quality 11. A variant is
written only where it saves at least MIN_SAVING of the file: a deflated zip or wheel barely
shrinks, and a variant that is hardly smaller only costs disk space.

Output is deterministic (no timestamps or names in the gzip header). Brotli at quality 11 takes
about a minute for the 9.6 MB pyodide.asm.wasm, so the work is spread over the cores and cached
in build/precompress-cache/ under the hash of the input; entries unused for a week are removed.

    .venv/bin/python scripts/precompress.py [site]
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress-cache"

# Text and code compress well; wasm about 3:1, the checker's memory snapshot (.bin) and package
# archive (.tar) about 3.5:1 and 5:1; zip and whl are tried because a zip may be stored
# uncompressed, and kept only if it pays.
EXTENSIONS = {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt",
              ".wasm", ".zip", ".whl", ".webmanifest", ".ico", ".bin", ".tar"}
# Brotli at quality 11 takes about 2 s a megabyte of the snapshot. Past this size (only the
# snapshot, 23 MB, fetched after the checker is ready and never on the way to it) quality 9
# takes a twentieth of the time for some 14 % more bytes.
LARGE = 16_000_000
MIN_SIZE = 1024  # below this a response fits in a packet or two either way
MIN_SAVING = 0.05

SUFFIXES = (".gz", ".br")


def encode(job: tuple[str, bytes]) -> bytes:
    suffix, data = job
    if suffix == ".gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return brotli.compress(data, quality=11 if len(data) < LARGE else 9)


def candidates(site: Path) -> list[Path]:
    return sorted(
        p for p in site.rglob("*")
        if p.is_file() and p.suffix in EXTENSIONS and p.stat().st_size >= MIN_SIZE
    )


def cache_key(data: bytes, suffix: str) -> Path:
    return CACHE / f"{hashlib.sha256(data).hexdigest()}{suffix}"


def pays(encoded: int, original: int) -> bool:
    return encoded <= original * (1 - MIN_SAVING)


def fill_cache(contents: list[bytes], suffix: str) -> None:
    """Encode what the cache lacks, on every core, biggest first."""
    jobs = {}
    for data in contents:
        key = cache_key(data, suffix)
        if key.exists():
            os.utime(key)  # marks it used, for prune_cache
        else:
            jobs[key] = (suffix, data)
    if not jobs:
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    order = sorted(jobs, key=lambda k: -len(jobs[k][1]))
    # forkserver, not fork: tests call this from a process that runs server threads.
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("forkserver")) as pool:
        for key, out in zip(order, pool.map(encode, [jobs[k] for k in order])):
            key.write_bytes(out)


def precompress(site: Path) -> tuple[int, int, int]:
    """Write the variants; returns (files, bytes before, bytes after the best variant)."""
    files = {path: path.read_bytes() for path in candidates(site)}
    fill_cache(list(files.values()), ".gz")
    # What gzip -9 cannot shrink (a deflated zip) brotli cannot either: skip its slow pass.
    worth = {path for path, data in files.items()
             if pays(cache_key(data, ".gz").stat().st_size, len(data))}
    fill_cache([files[path] for path in worth], ".br")
    before = after = 0
    for path, data in files.items():
        best = len(data)
        for suffix in SUFFIXES:
            target = path.with_name(path.name + suffix)
            out = cache_key(data, suffix).read_bytes() if path in worth else data
            if pays(len(out), len(data)):
                target.write_bytes(out)
                best = min(best, len(out))
            else:
                target.unlink(missing_ok=True)
        before += len(data)
        after += best
    return len(files), before, after


def prune_cache(max_age_s: float = 7 * 24 * 3600) -> None:
    if CACHE.exists():
        for entry in CACHE.iterdir():
            if time.time() - entry.stat().st_mtime > max_age_s:
                entry.unlink()


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "index.html").exists():
        print(f"precompress: {site} is not a built site", file=sys.stderr)
        return 1
    count, before, after = precompress(site)
    prune_cache()
    print(f"precompress: {count} files, {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB at best encoding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
