"""Benchmark of ``goldenage minerals tts --all``: TTS for every node of a generated 1,000-node network.

Target: under 2 s for the 1,000 disruptions. Prints, measured in the same run on the same network
(``goldenage.minerals.synthetic.generate_network``: 20 products, three supplier tiers, seed
20251028):

- the one-call path (``survival_all``): one HiGHS model, re-solved from the previous basis, with
  the exact shortcuts of ``DisruptionModel._each``; with and without a TTR;
- baseline 1, naive: a fresh model built and solved per node (``survival``), on a sample of
  nodes, extrapolated to all of them;
- baseline 2, warm re-solve of every sampled node in one model without the shortcuts;
- a check that the three agree on the sample.
Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_minerals_tts.py``.
"""

from __future__ import annotations

import math
import random
import time

from goldenage.minerals.lp import DisruptionModel
from goldenage.minerals.synthetic import generate_network
from goldenage.minerals.tts import survival, survival_all

SIZE = 1_000
SAMPLE = 100
SEED = 20251028


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def main() -> None:
    """Run the benchmark and print its figures."""
    t0 = time.perf_counter()
    network = generate_network(SIZE, seed=SEED)
    generate_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    results = survival_all(network)
    all_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    with_ttr = survival_all(network, ttr=12.0)
    all_ttr_s = time.perf_counter() - t0

    sample = random.Random(SEED).sample(range(len(network.nodes)), SAMPLE)
    t0 = time.perf_counter()
    naive = {j: survival(network, {network.nodes[j].id: 0.0}).tts for j in sample}
    naive_s = (time.perf_counter() - t0) / SAMPLE

    model = DisruptionModel(network)
    model.survive({})
    t0 = time.perf_counter()
    warm = {j: model.survive({network.nodes[j].id: 0.0}) for j in sample}
    warm_s = (time.perf_counter() - t0) / SAMPLE

    agree = all(_same(results[j].tts, naive[j]) and _same(warm[j], naive[j]) for j in sample)
    finite = [r.tts for r in results if r.tts is not None]
    at_risk = sum(1 for r in with_ttr if r.at_risk)
    size = f"{len(network.nodes):,} nodes, {len(network.edges):,} edges"
    print(f"network: {size} (generated in {generate_s:.2f} s)")
    print(
        f"TTS, every node, one call:        {all_s:6.2f} s  ({all_s / SIZE * 1000:.2f} ms/node)"
        f"  target < 2 s: {'met' if all_s < 2 else 'NOT met'}"
    )
    print(f"TTS + lost demand (TTR 12), one call: {all_ttr_s:6.2f} s; at risk (TTS < TTR): {at_risk:,}")
    median = sorted(finite)[len(finite) // 2]
    print(f"  finite TTS: {len(finite):,} nodes (min {min(finite):.3g}, median {median:.3g} months)")
    print(
        f"baseline 1, fresh model per node:  {naive_s * 1000:6.1f} ms/node on {SAMPLE} nodes"
        f" -> {naive_s * SIZE:6.1f} s for {SIZE:,} ({naive_s * SIZE / all_s:.0f}x the one-call path)"
    )
    print(
        f"baseline 2, warm re-solve, no shortcuts: {warm_s * 1000:6.1f} ms/node"
        f" -> {warm_s * SIZE:6.1f} s for {SIZE:,} ({warm_s * SIZE / all_s:.1f}x)"
    )
    print(f"one-call, naive and warm results agree on the sample: {agree}")


if __name__ == "__main__":
    main()
