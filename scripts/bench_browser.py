"""Benchmark the checker page in headless Chromium against the built site (not a test).

    .venv/bin/python scripts/bench_browser.py [--runs 3] [--evaluations 20] [--nginx]

Prints, as medians over the runs:
- time from navigation to `data-checker-state="ready"` and to the first verdict, cold (a new
  browser profile) and warm (a second visit with the same profile: HTTP cache and service
  worker in place);
- bytes transferred (the page's and the worker's Resource Timing `transferSize`: what came
  over the network, 0 for what a cache served);
- the median time of one evaluation inside Pyodide (the worker times each call).

The page records its own timings (milliseconds since navigation start) on the checker's root:
data-ready-at, data-first-result-at, data-load-steps (from the worker) and data-eval-ms.
Targets on the project's 2-core machine: warm <= 2.0 s to ready, cold <= 3.5 s, eval <= 15 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402  (the tests' server)

sys.path.insert(0, str(ROOT / "scripts"))
from bench_checker import large  # noqa: E402  (the same 200-participant application)

SITE = ROOT / "site"
CASE = ROOT / "tests" / "cases" / "eligible-de-minimis.json"
TARGETS = {"warm_ready_ms": 2000, "cold_ready_ms": 3500, "eval_ms": 15}
TIMEOUT_MS = 120_000

PAGE_BYTES = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
  .reduce((sum, entry) => sum + entry.transferSize, 0)"""


def visit(context, url: str) -> dict:
    """One visit of the checker page; the page's own timings and the bytes fetched."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("[data-checker-state=ready]", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-verdict]", state="attached", timeout=TIMEOUT_MS)
    root = page.locator("[data-checker-state]")
    steps = json.loads(root.get_attribute("data-load-steps"))
    figures = {
        "ready_ms": int(root.get_attribute("data-ready-at")),
        "first_verdict_ms": int(root.get_attribute("data-first-result-at")),
        "bytes": page.evaluate(PAGE_BYTES) + steps.pop("transfer_bytes"),
        "steps": steps,
    }
    page.close()
    return figures


def evaluation_times(context, url: str, count: int, data: dict) -> list[float]:
    """Import `data` `count` times; each import is one evaluation timed inside the worker (the
    whole report, with the comparison of every aid basis)."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("[data-checker-state=ready]", state="attached", timeout=TIMEOUT_MS)
    times = []
    for _ in range(count):
        before = int(page.get_attribute("[data-checker-state]", "data-eval-count") or 0)
        # By id: matching the label among 200 participants' fields takes Playwright seconds.
        page.locator("#checker-import").set_input_files(
            {"name": "soknad.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})
        page.wait_for_function(
            "n => Number(document.querySelector('[data-checker-state]').dataset.evalCount) > n",
            arg=before, timeout=TIMEOUT_MS)
        times.append(float(page.get_attribute("[data-checker-state]", "data-eval-ms")))
    page.close()
    return times


def median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="cold/warm pairs (default 3)")
    parser.add_argument("--evaluations", type=int, default=20, help="timed evaluations (default 20)")
    parser.add_argument("--nginx", action="store_true",
                        help="serve through Debian's nginx with deploy/nginx.conf (compressed, cached)")
    args = parser.parse_args()
    if not (SITE / "sjekk" / "index.html").exists():
        print("site/ is not built: run `make build` first", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    if args.nginx:
        sys.path.insert(0, str(ROOT / "deploy"))
        import nginx_local  # noqa: PLC0415  (deploy/nginx_local.py, only needed here)

        server = nginx_local.start(SITE)
        base, stop = server.url, server.stop
    else:
        base, stop = serve_directory(SITE)
    url = base + "sjekk/"
    cold, warm = [], []
    try:
        with sync_playwright() as playwright:
            launch = dict(executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nb-NO")
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
                    context = playwright.chromium.launch_persistent_context(profile, **launch)
                    cold.append(visit(context, url))
                    context.close()
                    context = playwright.chromium.launch_persistent_context(profile, **launch)
                    warm.append(visit(context, url))
                    if len(warm) == args.runs:
                        typical = json.loads(CASE.read_text(encoding="utf-8"))["application"]
                        evals = evaluation_times(context, url, args.evaluations, typical)
                        evals_large = evaluation_times(context, url, max(3, args.evaluations // 4),
                                                       large(typical))
                    context.close()
    finally:
        stop()

    figures = {
        "cold_ready_ms": median(cold, "ready_ms"),
        "cold_first_verdict_ms": median(cold, "first_verdict_ms"),
        "warm_ready_ms": median(warm, "ready_ms"),
        "warm_first_verdict_ms": median(warm, "first_verdict_ms"),
        "cold_bytes": median(cold, "bytes"),
        "warm_bytes": median(warm, "bytes"),
        "eval_ms": statistics.median(evals),
    }
    print(f"Checker page, headless Chromium, {args.runs} runs (medians); load average {os.getloadavg()[0]:.1f}")
    print(f"{'':24}{'cold':>10}{'warm':>10}")
    print(f"{'to ready (ms)':24}{figures['cold_ready_ms']:>10.0f}{figures['warm_ready_ms']:>10.0f}")
    print(f"{'to first verdict (ms)':24}{figures['cold_first_verdict_ms']:>10.0f}{figures['warm_first_verdict_ms']:>10.0f}")
    print(f"{'transferred (MB)':24}{figures['cold_bytes'] / 1e6:>10.2f}{figures['warm_bytes'] / 1e6:>10.2f}")
    print(f"one evaluation in Pyodide, every aid basis compared: median {figures['eval_ms']:.1f} ms "
          f"over {len(evals)} (min {min(evals):.1f}, max {max(evals):.1f}); 200 participants: "
          f"median {statistics.median(evals_large):.1f} ms over {len(evals_large)}")
    print("worker steps, ms since the worker started (cold | warm):")
    for key in ("module_ms", "python_ms", "packages_ms", "import_ms"):
        print(f"  {key:14}{median([r['steps'] for r in cold], key):>8.0f} | {median([r['steps'] for r in warm], key):>6.0f}")
    for key, target in TARGETS.items():
        verdict = "ok" if figures[key] <= target else "OVER"
        print(f"target {key} <= {target}: {figures[key]:.1f} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
