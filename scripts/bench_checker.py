"""Median time of one `checker.evaluate` call in CPython (not a test).

Two applications: the typical example (tests/cases/eligible-de-minimis.json, four
participants) and the same application grown to 200 participants, the format's maximum.
An evaluation includes the comparison of every aid basis (contract §2.1: seven options) and
the derivation of every figure (§2.2). Targets: at most 2 ms and 60 ms.

    .venv/bin/python scripts/bench_checker.py [--checker ROOT]

--checker measures the checker package of another checkout (e.g. a git worktree of an earlier
commit), so before and after can run side by side. Both wall time and this process's CPU time
are printed: on a shared machine the CPU time is the steadier of the two.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = Path(sys.argv[sys.argv.index("--checker") + 1]) if "--checker" in sys.argv else ROOT
sys.path.insert(0, str(CHECKER))

import checker  # noqa: E402
from checker.rules import org_number_valid  # noqa: E402

TARGETS_MS = {"typical": 2.0, "200 participants": 60.0}


def typical() -> dict:
    path = ROOT / "tests" / "cases" / "eligible-de-minimis.json"
    return json.loads(path.read_text(encoding="utf-8"))["application"]


def large(app: dict, count: int = 200) -> dict:
    """`count` participants cycling through the example's four, each with its own valid
    organisation number, so every per-participant rule has work to do."""
    grown = copy.deepcopy(app)
    numbers = (str(n) for n in range(900_000_000, 1_000_000_000) if org_number_valid(str(n)))
    grown["participants"] = [
        dict(app["participants"][i % 4], name=f"Deltaker {i + 1}", org_number=next(numbers),
             project_owner=i == 0)
        for i in range(count)
    ]
    return grown


def median_ms(data: dict, repeat: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms."""
    checker.evaluate(data)  # warm caches, as the browser does after the first check
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        checker.evaluate(data)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main() -> int:
    app = typical()
    results = {"typical": median_ms(app, 500), "200 participants": median_ms(large(app), 50)}
    print(f"{CHECKER.name}: Python {sys.version.split()[0]}, pydantic "
          f"{__import__('pydantic').VERSION}, {len(checker.evaluate(app)['options'])} options "
          f"per evaluation, load {os.getloadavg()[0]:.1f}")
    ok = True
    for name, (wall, cpu) in results.items():
        target = TARGETS_MS[name]
        ok &= cpu <= target
        print(f"{name:>17}: median {wall:7.3f} ms wall, {cpu:7.3f} ms CPU per evaluation "
              f"(target <= {target:g} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
