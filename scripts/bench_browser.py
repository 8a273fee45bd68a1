"""Benchmark the checker page in headless Chromium against built sites, side by side (not a test).

    .venv/bin/python scripts/bench_browser.py [--nginx] [--runs 5] [--linger 6]
        [--site LABEL=DIR ...] [--no-stock] [--evaluations 20]

Each set-up (a built site; by default site/, and the stock set-up made from it) is timed in the
same run, its runs interleaved with the others' so that load from other work on the machine
hits all alike. Per run and set-up, a reader's visits, each in a fresh browser on one profile:

- cold: a new profile opens the checker;
- second, third: the checker again (HTTP cache, V8's code cache and the service worker in place);
- offline: once more with the browser offline (the service worker and the immutable HTTP cache);
- after another page: a new profile reads the front page first (its idle prefetch runs), then
  follows a link to the checker.

Every visit lingers LINGER seconds after the first verdict, as a reader does: V8 writes its code
cache only about 2 s after the last optimised code, so a page closed at `ready` leaves little
behind and the next visit looks slower than any reader's. The first visit also waits until the
service worker has the offline copy (html[data-offline=ready]).

Printed per scenario and set-up: the median time from navigation to `ready` and to the first
verdict, the bytes sent (with --nginx: nginx's $bytes_sent for everything the page, its worker
and the service worker asked for, to `ready` and for the whole visit), and the median 1-minute
load average during those visits; then the worker's own performance marks per visit (when it
started after the navigation, and each step of its start-up since: the runtime's two modules
imported, WebAssembly instantiated, the pre-run hook, the snapshot's files fetched and the
packages installed when it restores, Python ready, the checker imported) and how many visits
started from the memory snapshot. Absolute times mean little when the load average is well
above 1.5 on this 2-core machine; ratios between set-ups of the same run hold up better.

The stock set-up is what Pyodide gives without this project's start-up work: the npm package's
runtime and source-only standard library, the published wheels (scripts/build_pyodide.py
--no-bytecode), a worker that calls loadPyodide and then loadPackage, and no service worker or
prefetch; pages, server and browser are the first set-up's. Without --nginx the server is the
tests' plain one (no cache headers, no compression): use it only to compare set-ups.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' browser and server)
from http_support import serve_directory  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from bench_checker import large  # noqa: E402  (the same 200-participant application)
import precompress  # noqa: E402

CASE = ROOT / "tests" / "cases" / "eligible-de-minimis.json"
STOCK_FOLDER = ROOT / "build" / "pyodide-stock"
NPM_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
TIMEOUT_MS = 120_000
SCENARIOS = ("cold", "second", "third", "offline", "after another page")
# Issue 20's targets: time to `ready` (medians, through nginx) against the stock set-up of the
# same run, as scenario: (the stock set-up's scenario, at most this fraction of it).
RATIO_TARGETS = {
    "second": ("second", 0.25),
    "third": ("third", 0.25),
    "after another page": ("cold", 0.35),
    "cold": ("cold", 0.61),
}
TARGET_COLD_MB = 7.5
TARGET_EVAL_MS = 10.0
# The worker's performance marks (docs/assets/checker/worker.js), in start-up order.
MARKS = ("module_ms", "asm_ms", "instantiated_ms", "snapshot_fetched_ms", "prerun_ms", "packages_ms",
         "python_ms", "import_ms")

PAGE_BYTES = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
  .reduce((sum, entry) => sum + entry.transferSize, 0)"""

# The stock worker: Pyodide loaded the way its documentation shows, behind the page's protocol
# (docs/assets/checker/worker.js: init, progress, ready, evaluate, result).
STOCK_WORKER = """
let run = null, waiting = null;
const evaluate = ({ id, application }) => {
  const started = performance.now();
  const reply = JSON.parse(run(application));
  postMessage({ type: "result", id, ...reply, elapsed_ms: performance.now() - started });
};
onmessage = async ({ data }) => {
  if (data.type === "evaluate") return run ? evaluate(data) : (waiting = data);
  const started = performance.now();
  const { loadPyodide } = await import(new URL("pyodide.mjs", data.base).href);
  const pyodide = await loadPyodide({ indexURL: data.base, lockFileURL: new URL("pyodide-lock.json", data.base).href });
  await pyodide.loadPackage(["checker"]);
  const adapter = pyodide.pyimport("checker.adapter");
  run = (text) => adapter.evaluate_json(text, "nb");
  const rules = JSON.parse(adapter.rules_json("nb"));
  const load_ms = Math.round(performance.now() - started);
  postMessage({ type: "ready", rules, load_ms, steps: { import_ms: load_ms, time_origin: performance.timeOrigin } });
  if (waiting) evaluate(waiting);
};
"""


@dataclass
class SetUp:
    label: str
    site: Path
    visits: dict[str, list[dict]] = field(default_factory=lambda: {s: [] for s in SCENARIOS})
    evaluations: list[float] = field(default_factory=list)
    evaluations_large: list[float] = field(default_factory=list)

    @property
    def offline_capable(self) -> bool:
        return 'name="offline-cache"' in (self.site / "sjekk" / "index.html").read_text(encoding="utf-8")


class Server:
    """nginx with deploy/nginx.conf (bytes from its access log), or the tests' plain server."""

    def __init__(self, site: Path, nginx: bool):
        self.site = site
        if nginx:
            sys.path.insert(0, str(ROOT / "deploy"))
            import nginx_local  # noqa: PLC0415  (deploy/nginx_local.py, only needed here)

            self._start = nginx_local.start
            self._nginx = nginx_local.start(site)
            self.url = self._nginx.url
        else:
            self._nginx = None
            self.url, self._stop_plain = serve_directory(site)

    def stop(self) -> None:
        if self._nginx:
            self._nginx.stop()
        else:
            self._stop_plain()

    def offline(self):
        """A context in which the server is gone (nginx only: back on the same port after)."""
        server = self

        class Gone:
            def __enter__(self):
                if server._nginx:
                    server._nginx.stop()

            def __exit__(self, *exc):
                if server._nginx:
                    server._nginx = server._start(server.site, server._nginx.port)

        return Gone()

    def bytes_sent(self) -> int | None:
        if self._nginx is None or self._nginx.process.poll() is not None:
            return None
        log = self._nginx.prefix / "access.log"
        text = log.read_text() if log.exists() else ""
        return sum(int(m.group(1)) for m in re.finditer(r'" \d{3} (\d+) "', text))


def load_average() -> float:
    return os.getloadavg()[0]


def wait_checker(page) -> dict:
    """Until the first verdict; the page's own timings (ms since navigation) and the worker's."""
    page.wait_for_selector("[data-checker-state=ready]", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-verdict]", state="attached", timeout=TIMEOUT_MS)
    root = page.locator("[data-checker-state]")
    steps = json.loads(root.get_attribute("data-load-steps") or "{}")
    origin = page.evaluate("performance.timeOrigin")
    return {
        "ready_ms": int(root.get_attribute("data-ready-at")),
        "verdict_ms": int(root.get_attribute("data-first-result-at")),
        "worker_start_ms": steps["time_origin"] - origin if "time_origin" in steps else None,
        **{mark: steps.get(mark) for mark in MARKS},  # since the worker started
        "snapshot": steps.get("snapshot"),
        "resource_bytes": page.evaluate(PAGE_BYTES) + steps.get("transfer_bytes", 0),
    }


def linger(page, seconds: float, first_visit: bool) -> None:
    if first_visit and page.locator('meta[name="offline-cache"]').count():
        page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_timeout(seconds * 1000)


def visit(playwright, profile: Path, server: Server, path: str, *, linger_s: float,
          first_visit: bool = False, offline: bool = False, read_first: str | None = None) -> dict:
    """One reader's visit in a fresh browser on `profile`."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nb-NO")
    try:
        context.set_offline(offline)
        page = context.new_page()
        before = server.bytes_sent()
        if read_first is not None:
            page.goto(server.url + read_first)
            page.wait_for_timeout(linger_s * 1000)  # reading; the page is idle, the prefetch runs
            before = server.bytes_sent()
        page.goto(server.url + path)
        page.wait_for_selector("[data-checker-state=ready]", state="attached", timeout=TIMEOUT_MS)
        at_ready = server.bytes_sent()  # at once: the snapshot for next time is fetched after ready
        figures = wait_checker(page)
        figures["load"] = load_average()
        linger(page, linger_s, first_visit)
        if offline:
            figures["bytes_to_ready"] = figures["bytes"] = None
        elif before is not None:
            figures["bytes_to_ready"] = at_ready - before
            figures["bytes"] = server.bytes_sent() - before
        else:
            figures["bytes_to_ready"] = figures["bytes"] = figures["resource_bytes"]
        return figures
    finally:
        context.close()


def evaluation_times(playwright, profile: Path, url: str, count: int, data: dict) -> list[float]:
    """Import `data` `count` times; each import is one evaluation timed inside the worker (the
    whole report, with the comparison of every aid basis)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(url)
        wait_checker(page)
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
        return times
    finally:
        context.close()


def one_run(playwright, setup: SetUp, server: Server, linger_s: float, evaluations: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        profile = Path(tmp) / "reader"
        for scenario in ("cold", "second", "third"):
            setup.visits[scenario].append(visit(
                playwright, profile, server, "sjekk/", linger_s=linger_s, first_visit=scenario == "cold"))
        if setup.offline_capable:
            with server.offline():
                setup.visits["offline"].append(
                    visit(playwright, profile, server, "sjekk/", linger_s=0, offline=True))
        if evaluations:
            typical = json.loads(CASE.read_text(encoding="utf-8"))["application"]
            url = server.url + "sjekk/"
            setup.evaluations = evaluation_times(playwright, profile, url, evaluations, typical)
            setup.evaluations_large = evaluation_times(
                playwright, profile, url, max(3, evaluations // 4), large(typical))
        setup.visits["after another page"].append(visit(
            playwright, Path(tmp) / "reader-of-the-front-page", server, "sjekk/",
            linger_s=linger_s, first_visit=True, read_first=""))


def make_stock(site: Path, target: Path) -> Path:
    """The stock set-up: `site` with a stock Pyodide folder and worker, and no service worker."""
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_pyodide.py"), "--no-bytecode",
         "--out", str(STOCK_FOLDER)], capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(f"building the stock Pyodide folder failed:\n{built.stderr}")
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    (folder,) = (target / "pyodide").iterdir()
    shutil.rmtree(folder)
    shutil.copytree(STOCK_FOLDER, folder)
    shutil.copyfile(NPM_STDLIB, folder / "python_stdlib.zip")  # exactly as npm ships it
    (target / "assets" / "checker" / "worker.js").write_text(STOCK_WORKER, encoding="utf-8")
    for page in target.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'<meta name="(offline-cache|checker-prefetch)"[^>]*>', "", text)
        page.write_text(text, encoding="utf-8")
    precompress.precompress(target)
    return target


def med(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


def cell(rows: list[dict], key: str, scale: float, digits: int) -> str:
    value = med(rows, key)
    return "-" if value is None else f"{value / scale:.{digits}f}"


def report(setups: list[SetUp], runs: int, linger_s: float, nginx: bool) -> None:
    server = "nginx (deploy/nginx.conf)" if nginx else "the tests' plain server (no caching headers)"
    print(f"Checker page through {server}, headless Chromium, {os.cpu_count()} cores; "
          f"medians of {runs} runs, each visit lingering {linger_s:g} s")
    print(f"{'':20}{'set-up':>10}{'ready s':>9}{'verdict s':>11}{'MB to ready':>13}{'MB visit':>10}"
          f"{'load':>6}")
    for scenario in SCENARIOS:
        for index, s in enumerate(setups):
            rows = s.visits[scenario]
            print(f"{scenario if index == 0 else '':20}{s.label:>10}{cell(rows, 'ready_ms', 1000, 2):>9}"
                  f"{cell(rows, 'verdict_ms', 1000, 2):>11}{cell(rows, 'bytes_to_ready', 1e6, 2):>13}"
                  f"{cell(rows, 'bytes', 1e6, 2):>10}{cell(rows, 'load', 1, 1):>6}")
    print("the worker's marks, ms (medians; the start after the navigation, the rest since it "
          "started), and the visits that started from the snapshot:")
    print(f"{'':20}{'set-up':>10}{'start':>7}" + "".join(f"{m.removesuffix('_ms')[:8]:>9}" for m in MARKS)
          + f"{'snapshot':>10}")
    for scenario in SCENARIOS:
        for index, s in enumerate(setups):
            rows = s.visits[scenario]
            restored = sum(1 for r in rows if r.get("snapshot"))
            print(f"{scenario if index == 0 else '':20}{s.label:>10}{cell(rows, 'worker_start_ms', 1, 0):>7}"
                  + "".join(f"{cell(rows, m, 1, 0):>9}" for m in MARKS) + f"{restored:>6}/{len(rows)}")
    for s in setups:
        if s.evaluations:
            print(f"{s.label}: one evaluation in Pyodide, every aid basis compared: median "
                  f"{statistics.median(s.evaluations):.1f} ms over {len(s.evaluations)} "
                  f"(min {min(s.evaluations):.1f}, max {max(s.evaluations):.1f}); 200 participants: "
                  f"median {statistics.median(s.evaluations_large):.1f} ms")
    stock = next((s for s in setups if s.label == "stock"), None)
    if stock:
        print("to ready, against the stock set-up of this run:")
        for scenario, (stock_scenario, _) in RATIO_TARGETS.items():
            ratios = "  ".join(
                f"{s.label} {med(s.visits[scenario], 'ready_ms') / med(stock.visits[stock_scenario], 'ready_ms'):.2f}"
                for s in setups if s is not stock)
            print(f"  {scenario} / stock {stock_scenario}: {ratios}")
    for shipped in (s for s in setups if s is not stock):
        print(f"targets for {shipped.label}:")
        if stock:
            for scenario, (stock_scenario, target) in RATIO_TARGETS.items():
                ratio = med(shipped.visits[scenario], "ready_ms") / med(stock.visits[stock_scenario], "ready_ms")
                print(f"  {scenario} / stock {stock_scenario} <= {target}: {ratio:.2f} "
                      f"{'ok' if ratio <= target else 'OVER'}")
        cold_mb = med(shipped.visits["cold"], "bytes_to_ready") / 1e6
        print(f"  cold transfer to ready <= {TARGET_COLD_MB} MB: {cold_mb:.2f} MB "
              f"{'ok' if cold_mb <= TARGET_COLD_MB else 'OVER'}")
        if shipped.evaluations:
            value = statistics.median(shipped.evaluations)
            print(f"  one evaluation <= {TARGET_EVAL_MS} ms: {value:.1f} ms "
                  f"{'ok' if value <= TARGET_EVAL_MS else 'OVER'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per set-up (default 5)")
    parser.add_argument("--linger", type=float, default=6.0, help="seconds on each page (default 6)")
    parser.add_argument("--evaluations", type=int, default=20, help="timed evaluations (default 20)")
    parser.add_argument("--nginx", action="store_true",
                        help="serve through Debian's nginx with deploy/nginx.conf (compressed, cached)")
    parser.add_argument("--site", action="append", metavar="LABEL=DIR",
                        help="a built site to time (repeatable; default site=site/)")
    parser.add_argument("--no-stock", action="store_true", help="leave out the stock set-up")
    args = parser.parse_args()
    sites = [tuple(s.split("=", 1)) for s in args.site or [f"site={ROOT / 'site'}"]]
    setups = [SetUp(label, Path(path).resolve()) for label, path in sites]
    for s in setups:
        if not (s.site / "sjekk" / "index.html").exists():
            print(f"{s.site} is not built: run `make build` first", file=sys.stderr)
            return 2

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-sites-") as tmp:
        if not args.no_stock:
            setups.append(SetUp("stock", make_stock(setups[0].site, Path(tmp) / "stock")))
        servers = {s.label: Server(s.site, args.nginx) for s in setups}
        try:
            with sync_playwright() as playwright:
                for run in range(args.runs):
                    # Each run starts with another set-up: the visit after another set-up's
                    # visits (a machine still busy writing caches) is not always the same one's.
                    for s in setups[run % len(setups):] + setups[:run % len(setups)]:
                        last = run == args.runs - 1
                        one_run(playwright, s, servers[s.label], args.linger, args.evaluations if last else 0)
                    print(f"run {run + 1}/{args.runs} done, load average {load_average():.1f}", file=sys.stderr)
        finally:
            for server in servers.values():
                server.stop()
    report(setups, args.runs, args.linger, args.nginx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
