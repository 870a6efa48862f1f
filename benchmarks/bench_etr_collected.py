"""Benchmark of the monthly collected ETR series (``goldenage tariff etr --basis collected --monthly``).

Each figure is measured in a fresh Python process (imports and data loads included, as a user
running the command pays them), over 2025-01-01 to 2026-11-30, after the law was compiled
(``make run`` / ``goldenage tariff compile``; a first run also stores the keys of the claimed
programs and loading dates, so it is run once before the clock starts):

- baseline: the statutory daily series of the same period (``etr_series``, the series the
  collected basis is built around) in its own fresh process;
- the monthly collected report (``etr_report(..., basis="collected", monthly=True)``), whose
  per-segment sums are read from the store (written by the first run after a change of the law
  or of the claims), and its ratio to the baseline in the same run;
- the same report with its sums computed again (the shipped inputs given explicitly, which
  bypasses the store): what the first run after a law change costs;
- inside each process, the time of the computation alone (the imports and loads excluded).

Target (issue 19): the monthly collected series under 2 s. Prints the load average before and
after (the machine is shared). Run with ``make bench`` or ``python benchmarks/bench_etr_collected.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

START, END = "2025-01-01", "2026-11-30"
RUNS = 3
CHILD = """
import json, sys, time
t0 = time.perf_counter()
kind = sys.argv[1]
if kind == "statutory":
    from goldenage.tariffs.etr import etr_series
    t1 = time.perf_counter()
    result = etr_series("START", "END")
    size = len(result)
elif kind == "computed":
    from goldenage.tariffs.collected import collected_series, shipped_inputs
    from goldenage.tariffs.etr_report import collected_report
    t1 = time.perf_counter()
    result = collected_report(collected_series("START", "END", inputs=shipped_inputs()), True)
    size = len(result["series"])
else:
    from goldenage.tariffs.etr_report import etr_report
    t1 = time.perf_counter()
    result = etr_report("START", "END", basis="collected", monthly=True)
    size = len(result["series"])
t2 = time.perf_counter()
print(json.dumps({"total": t2 - t0, "imports": t1 - t0, "compute": t2 - t1, "points": size}))
""".replace("START", START).replace("END", END)


def measure(kind: str) -> dict[str, float]:
    """Return the timings of one fresh process (total is measured from outside, start-up included)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind], capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


def main() -> None:
    """Run the benchmark and print its figures."""
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    measure("collected")  # stores the compiled keys of the claims and loading dates, if not yet
    rows = []
    for _ in range(RUNS):
        rows.append((measure("statutory"), measure("collected"), measure("computed")))
    for number, (baseline, collected, computed) in enumerate(rows, start=1):
        print(
            f"run {number}: baseline statutory daily series {baseline['wall']:.2f} s wall "
            f"({baseline['compute']:.2f} s compute, {baseline['points']} days); "
            f"collected monthly {collected['wall']:.2f} s wall ({collected['compute']:.2f} s compute, "
            f"{collected['points']} months), ratio {collected['wall'] / baseline['wall']:.2f}x; "
            f"recomputed without the stored sums {computed['wall']:.2f} s wall "
            f"({computed['compute']:.2f} s compute), ratio {computed['wall'] / baseline['wall']:.2f}x"
        )
    best = min(collected["wall"] for _, collected, _ in rows)
    verdict = "met" if best < 2 else "not met"
    print(f"best collected monthly, fresh process: {best:.2f} s (target < 2 s: {verdict})")
    print(f"best recomputed (first run after a law change): {min(c['wall'] for _, _, c in rows):.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
