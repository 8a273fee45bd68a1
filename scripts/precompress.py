"""Write file.gz and file.br beside each compressible file of the built site.

nginx serves them with gzip_static/brotli_static (deploy/nginx.conf), so the server spends no CPU
on compression and the best settings are affordable: gzip -9 and brotli quality 11. A variant is
written only where it saves at least MIN_SAVING of the file: Pyodide's standard library zip and
the wheels are already deflated, and a .gz that is barely smaller only costs disk space.

Output is deterministic (no timestamps or names in the gzip header). Brotli at quality 11 takes
about a minute for the 9.6 MB pyodide.asm.wasm, so results are cached in build/precompress-cache/
under the hash of the input; entries unused for a week are removed.

    .venv/bin/python scripts/precompress.py [site]
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress-cache"

# Text and code compress well; wasm about 3:1; zip and whl are tried because a zip may be
# stored uncompressed, and kept only if it pays.
EXTENSIONS = {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt",
              ".wasm", ".zip", ".whl", ".webmanifest", ".ico"}
MIN_SIZE = 1024  # below this a response fits in a packet or two either way
MIN_SAVING = 0.05

ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    ".br": lambda data: brotli.compress(data, quality=11),
}


def candidates(site: Path) -> list[Path]:
    return sorted(
        p for p in site.rglob("*")
        if p.is_file() and p.suffix in EXTENSIONS and p.stat().st_size >= MIN_SIZE
    )


def compressed(data: bytes, suffix: str) -> bytes:
    """The encoded bytes, from the cache when this exact input was encoded before."""
    key = CACHE / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if key.exists():
        os.utime(key)  # marks it used, for prune_cache
        return key.read_bytes()
    out = ENCODERS[suffix](data)
    CACHE.mkdir(parents=True, exist_ok=True)
    key.write_bytes(out)
    return out


def precompress(site: Path) -> tuple[int, int, int]:
    """Write the variants; returns (files, bytes before, bytes after the best variant)."""
    count = before = after = 0
    for path in candidates(site):
        data = path.read_bytes()
        best = len(data)
        for suffix in ENCODERS:
            target = path.with_name(path.name + suffix)
            out = compressed(data, suffix)
            if len(out) <= len(data) * (1 - MIN_SAVING):
                target.write_bytes(out)
                best = min(best, len(out))
            else:
                target.unlink(missing_ok=True)
        count += 1
        before += len(data)
        after += best
    return count, before, after


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
