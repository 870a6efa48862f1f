"""Benchmark of the investment Monte Carlo (issue 6 target).

Prints, in one run on this machine, pinned to one core:
- ``goldenage.investment.montecarlo.simulate`` on 1,000,000 paths x 20 years of one project
  (draws, waterfall, Japan's IRR, recoup period, US share, percentiles): seconds (target < 3 s);
- a per-path Python loop (the reference's algorithm A one period at a time, then
  ``numpy_financial.irr``) on fewer paths of the same project, and the vectorised engine's
  speed-up over it, measured in the same run;
- a check that both give the same IRRs on the loop's paths.
Run with ``.venv/bin/python benchmarks/bench_investment_mc.py``.
"""

from __future__ import annotations

import os
import time

import numpy as np
import numpy_financial as npf

from goldenage.investment import returns, timing, waterfall
from goldenage.investment.montecarlo import simulate
from goldenage.investment.portfolio import Portfolio
from goldenage.investment.terms import mou_terms

PATHS = 1_000_000
LOOP_PATHS = 2_000
YEARS = 20
SEED = 20250904
PROJECT = {
    "name": "benchmark project",
    "amount": 1_000_000_000,
    "years": YEARS,
    "cash_flow": {"distribution": "lognormal", "median": 200_000_000, "sigma": 0.4},
    "volatility": 0.2,
    "deemed_rate": {"distribution": "fixed", "value": 0.05},
}


def per_path_loop(paths: int, seed: int) -> tuple[float, np.ndarray, np.ndarray]:
    """Return the seconds, cash and IRRs of ``paths`` paths computed one at a time."""
    rng = np.random.default_rng(seed)
    split = mou_terms().split
    a, b = split.before_japan, split.after_japan
    cash_all = np.empty((paths, YEARS))
    irrs = np.empty(paths)
    start = time.perf_counter()
    for path in range(paths):
        level = rng.lognormal(np.log(PROJECT["cash_flow"]["median"]), PROJECT["cash_flow"]["sigma"])
        shocks = np.exp(0.2 * rng.standard_normal(YEARS) - 0.2**2 / 2)
        balance, flows = float(PROJECT["amount"]), [-float(PROJECT["amount"])]
        for year in range(YEARS):
            cash = float(level * shocks[year])
            cash_all[path, year] = cash
            owed = balance * 1.05
            if a * cash < owed:
                flows.append(a * cash)
                balance = owed - a * cash
            else:
                flows.append(owed + b * (cash - owed / a))
                balance = 0.0
        irrs[path] = npf.irr(flows)
    return time.perf_counter() - start, cash_all, irrs


def main() -> None:
    """Run the benchmark and print its figures."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    portfolio = Portfolio.model_validate({"name": "benchmark", "projects": [PROJECT]})
    simulate(portfolio, 20_000, SEED)  # warm-up: imports, caches
    start = time.perf_counter()
    result = simulate(portfolio, PATHS, SEED)
    summary = result.to_json()["portfolio"]
    vectorised = time.perf_counter() - start
    loop_seconds, loop_cash, loop_irrs = per_path_loop(LOOP_PATHS, SEED)
    per_path = loop_seconds / LOOP_PATHS
    schedule = timing.regular(loop_cash, PROJECT["amount"], 0.05)
    flows = waterfall.run(schedule, mou_terms().split)
    check = returns.irr(returns.japan_flows(flows.japan, schedule.funding))
    agree = np.allclose(check, loop_irrs, atol=1e-8, equal_nan=True)
    print(f"Monte Carlo, {PATHS:,} paths x {YEARS} years, 1 core: {vectorised:.2f} s (target < 3 s)")
    print(
        f"  {PATHS / vectorised:,.0f} paths/s; Japan IRR p5/p50/p95 = "
        f"{summary['japan_irr']['p5']:.4%} / {summary['japan_irr']['p50']:.4%} / "
        f"{summary['japan_irr']['p95']:.4%}; never recouped {summary['recoup_period']['never_share']:.2%}"
    )
    print(
        f"Per-path Python loop, {LOOP_PATHS:,} paths: {loop_seconds:.2f} s = {per_path * 1e6:,.0f} us/path "
        f"(~{per_path * PATHS:,.0f} s for {PATHS:,} paths)"
    )
    print(f"Vectorised / loop speed-up: {per_path * PATHS / vectorised:,.0f}x")
    print(f"Same IRRs on the loop's paths: {'yes' if agree else 'NO'}")


if __name__ == "__main__":
    main()
