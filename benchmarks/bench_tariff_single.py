"""Benchmark of the single-line tariff engine (``goldenage tariff duty``).

Compiles the law ahead first (``goldenage tariff compile``; nothing to do when up to date),
then prints, for the same random sample of (HTS10, date) pairs in this run:
- baseline: the raw lookup of the line in force (``Schedule.find``);
- the full duty calculation (``goldenage.tariffs.calc.duty``: validation, lookup, the
  compiled law or the rules, fees, citations), in process, and its ratio to the baseline:
  every line; the plain lines answered from the law compiled ahead (target < 0.3 ms); the lines
  the rules answer (a specific rate given a quantity, a refusal); every line with the table
  turned off (the rules for all, as before issue 20);
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
from goldenage.tariffs import calc, rate_text
from goldenage.tariffs.calc import duty
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.table import open_table
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

    found = sum(hts.find(code, day) is not None for code, day in sample)  # the schedule's indexes built
    t0 = time.perf_counter()
    for code, day in sample:
        hts.find(code, day)
    baseline = (time.perf_counter() - t0) / SAMPLE

    compile_ahead("actual")  # nothing to do when the table is up to date
    table = open_table("actual")
    if table is None:
        msg = "no compiled law: is the store turned off (GOLDENAGE_CACHE_DIR=off)?"
        raise SystemExit(msg)
    t0 = time.perf_counter()
    plain = [(c, d) for c, d in sample if hts.find(c, d) is not None and table.explanation(c, d) is not None]
    explanations_s = time.perf_counter() - t0  # the first use reads the table's explanations
    served = set(plain)
    others = [pair for pair in sample if pair not in served]
    _run(plain[:50])  # warm, as a server after its first requests

    full, ok, errors = _run(sample)
    from_table, _, _ = _run(plain)
    by_rules, _, _ = _run(others)
    real = calc.open_table
    calc.open_table = lambda scenario: None  # type: ignore[assignment] - the rules for every line
    try:
        rules_only, _, _ = _run(sample)
    finally:
        calc.open_table = real

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
    print(f"duty() in process, every line:      {full * 1e6:8.1f} us/line  ({full / baseline:.1f}x baseline)")
    print(
        f"  plain lines from the compiled law:  {from_table * 1e6:8.1f} us/line  "
        f"({from_table / baseline:.1f}x baseline; {len(plain):,} lines; target < 300 us)"
    )
    print(
        f"  lines the rules answer:             {by_rules * 1e6:8.1f} us/line  "
        f"({by_rules / baseline:.1f}x baseline; {len(others):,} lines: a quantity-dependent rate, a refusal)"
    )
    ratio = rules_only / baseline
    print(f"duty() with the table off (rules):  {rules_only * 1e6:8.1f} us/line  ({ratio:.1f}x baseline)")
    first_ms = explanations_s * 1000
    print(f"  (first use of the table: explanations read, {len(sample):,} lookups: {first_ms:.0f} ms)")
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


def _run(pairs: list[tuple[str, dt.date]]) -> tuple[float, int, int]:
    """Return the mean seconds of ``duty()`` over ``pairs`` ($10,000, quantity 100) and its outcomes."""
    ok = errors = 0
    t0 = time.perf_counter()
    for code, day in pairs:
        try:
            duty(code, "JP", day, 10_000, quantity=100)
            ok += 1
        except GoldenageError:
            errors += 1
    return (time.perf_counter() - t0) / max(len(pairs), 1), ok, errors


if __name__ == "__main__":
    main()
