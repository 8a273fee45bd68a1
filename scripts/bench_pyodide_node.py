"""Start-up and evaluation time of the checker inside Pyodide under Node (not a test).

    .venv/bin/python scripts/bench_pyodide_node.py [--runs N] [FOLDER ...]

Each FOLDER is laid out as the site serves it (default: build/pyodide); compare, e.g., with a
folder built by `scripts/build_pyodide.py --no-bytecode --out build/pyodide-nobytecode`. Each
run is a fresh Node process doing what the page's worker does (tests/node/parity.mjs): load the
runtime and the checker's wheels, import the checker, evaluate every case in tests/cases/.
Runs alternate between folders so that load from other work on the machine hits all alike;
the minimum is the best estimate of the cost itself on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARITY = ROOT / "tests" / "node" / "parity.mjs"
CASES = ROOT / "tests" / "cases"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(folder: Path, inputs: Path, out: Path) -> dict:
    cpu_before = cpu_seconds()
    subprocess.run(
        ["node", str(PARITY), str(folder), str(inputs), str(out)], check=True, capture_output=True
    )
    timings = json.loads(out.read_text())["timings_ms"]
    return {
        # CPU time of the whole Node process (all threads): less distorted than wall time when
        # other work shares the cores.
        "cpu": (cpu_seconds() - cpu_before) * 1000,
        "ready": timings["ready"],
        "import": timings["import"],
        "evaluation": statistics.median(timings["evaluations"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "build" / "pyodide"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = [
        {"id": p.stem, "data": json.loads(p.read_text())["application"], "lang": "nb", "today": "2023-09-01"}
        for p in sorted(CASES.glob("*.json"))
    ]
    results: dict[Path, list[dict]] = {f: [] for f in args.folders}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.json"
        inputs.write_text(json.dumps(cases))
        for _ in range(args.runs):
            for folder in args.folders:
                results[folder].append(one_run(folder, inputs, Path(tmp) / "out.json"))
    print(f"{len(cases)} cases, {args.runs} runs; ms as min / median")
    for folder, runs in results.items():
        cells = []
        for key in ("ready", "import", "evaluation", "cpu"):
            values = [r[key] for r in runs]
            cells.append(f"{key} {min(values):7.1f} / {statistics.median(values):7.1f}")
        total = [r["ready"] + r["import"] for r in runs]
        cells.append(f"ready+import {min(total):7.0f} / {statistics.median(total):7.0f}")
        print(f"{folder.name:24} " + " | ".join(cells))


if __name__ == "__main__":
    main()
