"""Benchmark the checker page as production serves it: nginx with deploy/nginx.conf, headless
Chromium, the built site/ (run `make build` first).

Prints medians of RUNS for:
- cold: a new browser profile, to `ready` (data-checker-state) and bytes sent by nginx until then;
- warm: a second visit with the HTTP cache filled (service worker blocked, so only HTTP caching);
- 3rd: a third visit (V8 may by then reuse its compiled WebAssembly);
- offline: the server stopped and the browser offline, the service worker serving everything.

Bytes are counted from nginx's access log ($bytes_sent: headers and compressed bodies as sent).

    .venv/bin/python scripts/bench_nginx.py [--site site] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY_MS = 120_000

# Records, in the page, when the checker became ready and showed its first answer
# (performance.now() counts from the start of the navigation).
TIMING_SCRIPT = """
new MutationObserver(() => {
  const root = document.querySelector('[data-checker-state]');
  if (!root) return;
  if (root.dataset.checkerState === 'ready' && !window.__readyAt) window.__readyAt = performance.now();
  if (Number(root.dataset.evalCount || 0) >= 1 && !window.__answerAt) window.__answerAt = performance.now();
}).observe(document, {subtree: true, attributes: true, childList: true});
"""


def load_nginx_local():
    spec = importlib.util.spec_from_file_location("nginx_local", ROOT / "deploy" / "nginx_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["nginx_local"] = module
    spec.loader.exec_module(module)
    return module


def logged_bytes(server) -> int:
    """Total $bytes_sent in the access log (deploy/nginx-local.conf.in: the field after the status)."""
    log = server.prefix / "access.log"
    if not log.exists():
        return 0
    return sum(int(m.group(1)) for m in re.finditer(r'" \d{3} (\d+) "', log.read_text()))


def visit(context, url: str) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__readyAt && window.__answerAt", timeout=READY_MS, polling=50)
    timing = page.evaluate("() => ({ready: window.__readyAt, answer: window.__answerAt})")
    page.close()
    return {"ready_ms": round(timing["ready"]), "answer_ms": round(timing["answer"])}


def new_context(playwright, profile: Path, service_workers: str):
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        service_workers=service_workers, locale="nb-NO",
    )
    context.add_init_script(TIMING_SCRIPT)
    return context


def http_cache_runs(playwright, nginx_local, site: Path) -> tuple[dict, dict, dict]:
    """Cold, warm and third visit in a fresh profile, service worker blocked.

    V8 caches compiled WebAssembly only after it has seen a module more than once, so the
    third visit shows whether that cache saves compiling the 9.6 MB runtime again."""
    server = nginx_local.start(site)
    try:
        with tempfile.TemporaryDirectory() as profile:
            context = new_context(playwright, Path(profile), "block")
            try:
                cold = visit(context, server.url + "sjekk/")
                cold["bytes"] = logged_bytes(server)
                before = cold["bytes"]
                warm = visit(context, server.url + "sjekk/")
                warm["bytes"] = logged_bytes(server) - before
                third = visit(context, server.url + "sjekk/")
            finally:
                context.close()
    finally:
        server.stop()
    return cold, warm, third


def offline_run(playwright, nginx_local, site: Path) -> dict:
    """First visit with the service worker, then the same page with no server and no network."""
    server = nginx_local.start(site)
    with tempfile.TemporaryDirectory() as profile:
        context = new_context(playwright, Path(profile), "allow")
        try:
            page = context.new_page()
            page.goto(server.url + "sjekk/")
            page.wait_for_selector("html[data-offline=ready]", timeout=READY_MS)
            page.close()
            first_visit_bytes = logged_bytes(server)
            server.stop()
            context.set_offline(True)
            result = visit(context, server.url + "sjekk/")
            result["first_visit_bytes_with_offline_cache"] = first_visit_bytes
        finally:
            context.close()
            server.stop()
    return result


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the raw runs as JSON")
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "sjekk" / "index.html").exists():
        print(f"{site} is not built: run `make build` first", file=sys.stderr)
        return 1
    nginx_local = load_nginx_local()
    colds, warms, thirds, offlines = [], [], [], []
    started = time.monotonic()
    with sync_playwright() as playwright:
        for _ in range(args.runs):
            cold, warm, third = http_cache_runs(playwright, nginx_local, site)
            colds.append(cold)
            warms.append(warm)
            thirds.append(third)
            offlines.append(offline_run(playwright, nginx_local, site))
    if args.json:
        print(json.dumps({"cold": colds, "warm": warms, "third": thirds, "offline": offlines}, indent=2))
    print(f"nginx (deploy/nginx.conf), headless Chromium, medians of {args.runs} "
          f"({time.monotonic() - started:.0f} s, load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores):")
    print(f"  cold     ready {median(colds, 'ready_ms') / 1000:.2f} s, first answer "
          f"{median(colds, 'answer_ms') / 1000:.2f} s, transferred {median(colds, 'bytes') / 1e6:.2f} MB")
    print(f"  warm     ready {median(warms, 'ready_ms') / 1000:.2f} s, first answer "
          f"{median(warms, 'answer_ms') / 1000:.2f} s, transferred {median(warms, 'bytes') / 1e3:.0f} kB (HTTP cache)")
    print(f"  3rd      ready {median(thirds, 'ready_ms') / 1000:.2f} s, first answer "
          f"{median(thirds, 'answer_ms') / 1000:.2f} s (HTTP cache, V8 code cache if any)")
    print(f"  offline  ready {median(offlines, 'ready_ms') / 1000:.2f} s, first answer "
          f"{median(offlines, 'answer_ms') / 1000:.2f} s (service worker, no server)")
    print(f"  first visit incl. offline cache: "
          f"{median(offlines, 'first_visit_bytes_with_offline_cache') / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
