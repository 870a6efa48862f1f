"""Benchmark of the single-line tariff engine (``goldenage tariff duty``).

Prints, for the same random sample of (HTS10, date) pairs in this run:
- baseline: the raw lookup of the line in force (``Schedule.find``);
- the full duty calculation (``goldenage.tariffs.calc.duty``: validation, lookup, rate
  parsing, fees, citations), and its ratio to the baseline;
- parsing every distinct rate text of the shipped table once (cold ``parse_rate``);
- the timeline of one line over the whole period (``goldenage tariff timeline``).
Run with ``make bench``.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import polars as pl

from goldenage.errors import GoldenageError
from goldenage.tariffs import rate_text
from goldenage.tariffs.calc import duty
from goldenage.tariffs.rate_text import parse_rate
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.timeline import timeline

SAMPLE = 2_000
SEED = 20251028


def main() -> None:
    """Run the benchmark and print its figures."""
    started = time.perf_counter()
    hts = schedule()
    load_s = time.perf_counter() - started
    rng = random.Random(SEED)
    lines = hts.lines.filter(pl.col("level") == 10, pl.col("chapter") < 98)
    codes = lines.get_column("code").to_list()
    span = (hts.coverage_end - hts.coverage_start).days
    sample = [
        (rng.choice(codes), hts.coverage_start + dt.timedelta(days=rng.randrange(span)))
        for _ in range(SAMPLE)
    ]

    t0 = time.perf_counter()
    found = sum(hts.find(code, day) is not None for code, day in sample)
    baseline = (time.perf_counter() - t0) / SAMPLE

    t0 = time.perf_counter()
    ok = errors = 0
    for code, day in sample:
        try:
            duty(code, "JP", day, 10_000, quantity=100)
            ok += 1
        except GoldenageError:
            errors += 1
    full = (time.perf_counter() - t0) / SAMPLE

    texts = set(hts.lines.get_column("general").to_list()) | set(hts.lines.get_column("other").to_list())
    texts.discard("")
    rate_text._parse.cache_clear()  # noqa: SLF001 - measure the cold parse
    t0 = time.perf_counter()
    for text in texts:
        try:
            parse_rate(text)
        except GoldenageError:
            pass
    parse_s = time.perf_counter() - t0

    print(f"schedule load (parquet, {hts.lines.height:,} line versions): {load_s * 1000:.0f} ms")
    print(f"sample: {SAMPLE:,} random (HTS10, date) pairs, {found:,} in force on their date")
    print(f"baseline Schedule.find:  {baseline * 1e6:8.1f} us/line")
    print(f"duty() full calculation: {full * 1e6:8.1f} us/line  ({full / baseline:.1f}x baseline)")
    print(f"  computed {ok:,}; refused with a typed error {errors:,}", end="")
    print(" (line not in force that day, or a rate needing other inputs)")
    per_text = parse_s / len(texts) * 1e6
    print(f"parse_rate cold, {len(texts):,} distinct texts: {parse_s * 1000:.0f} ms", end="")
    print(f" ({per_text:.1f} us/text)")

    t0 = time.perf_counter()
    points = timeline("8703.23.01.90", "JP", hts.coverage_start, hts.coverage_end)
    timeline_s = time.perf_counter() - t0
    print(f"timeline of 8703.23.01.90 over {hts.coverage_start}..{hts.coverage_end}: ", end="")
    print(f"{timeline_s * 1000:.0f} ms, {len(points)} change points")


if __name__ == "__main__":
    main()
