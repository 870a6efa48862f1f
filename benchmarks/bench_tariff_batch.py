"""Benchmark of the columnar tariff engine (issue 5 targets).

Prints, in one run on this machine:
- the kernel on 1,000,000 prebuilt rows pinned to one core: the compiled law
  (:mod:`goldenage.tariffs.kernel.compiled`) cold (it evaluates the rules once per distinct
  line, period and declarations, then applies the rates) and warm (the keys already
  compiled, as in a long batch or a server), rows per second, median and best of five (the
  best, as :mod:`timeit` advises, is the machine's own speed; the spread shows how much other
  work on the machine slowed the others) (target >= 5,000,000); and the rules evaluated on
  every row (``evaluate``, no compiled rates) as a second reference;
- the same kind of rows through a per-row Python loop of the single-line API: rows per second
  and the kernel's ratio to it (target >= 100x);
- the end-to-end CLI (``goldenage tariff batch``) on a 1,000,000-row Parquet file, three
  times a first run (empty store: loads the rules and compiles the keys) followed by a second
  run (keys stored), and three runs after ``goldenage tariff compile --scenario actual`` (the
  table of every line, which ``make run`` writes for every scenario; the time of that command
  too): rows per second, median and best (issue 5: >= 500,000; issue 20, after the compile:
  >= 1,000,000), their ratio to the per-row loop, and the peak memory of those processes;
- the full daily ETR series of goods of Japan for every weighted HTS10 line from 2025-01-01
  to today, three times with the compiled law emptied first (cold, median and best), then
  again (warm) and from the stored keys (target < 2 s); three times in a fresh process with an
  empty store, which also loads the rules (the baseline); and three times in a fresh process
  after the compile, from the sums it stores (issue 20: < 0.5 s), with its ratio to the
  baseline (imports excluded); and the whole command ``goldenage tariff etr --json`` after the
  compile, three times (Python's start-up and imports included).
Run with ``make bench``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from goldenage.errors import GoldenageError
from goldenage.tariffs.calc import duty
from goldenage.tariffs.etr import etr_series
from goldenage.tariffs.kernel.compiled import _COMPILED, CompiledLaw, flush_all
from goldenage.tariffs.kernel.engine import evaluate, fees, totals
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.law import law_for
from goldenage.tariffs.weights import load_weights

ROWS = 1_000_000
LOOP_ROWS = 2_000
WARM_RUNS = 5
CLI_PAIRS = 3  # first and second runs of the CLI
SEED = 20251028
START = dt.date(2025, 1, 1)


def sample(rows: int, seed: int) -> pl.DataFrame:
    """Return random entry lines: weighted Japanese import lines, dates 2025-01-01..today."""
    weights = load_weights().frame
    codes = weights["hts10"].to_numpy()
    probability = weights["value_usd"].to_numpy() / weights["value_usd"].sum()
    rng = np.random.default_rng(seed)
    span = (dt.date.today() - START).days
    days = np.datetime64(START) + rng.integers(0, span + 1, rows).astype("timedelta64[D]")
    return pl.DataFrame(
        {
            "hts10": rng.choice(codes, rows, p=probability),
            "origin": ["JP"] * rows,
            "entry_date": days.astype(str),
            "customs_value": np.round(rng.lognormal(9, 1.5, rows), 2).astype(str),
        }
    )


def _warm_runs(compiled: CompiledLaw, frame_args: dict[str, np.ndarray], runs: int) -> list[float]:
    """Return the seconds of ``runs`` warm kernel runs (frame built from the arrays + amounts)."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        compiled.amounts(EntryFrame.of(**frame_args))
        seconds.append(time.perf_counter() - started)
    return seconds


def _run_watching_memory(command: list[str], environment: dict[str, str]) -> float:
    """Run ``command`` to completion; return its peak resident memory in MiB.

    Read from the process's own ``VmHWM`` while it runs (the rusage of a child would also count
    the memory of this benchmark process, which the child shares until it executes the CLI).
    """
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    peak_kib = 0
    proc = Path(f"/proc/{process.pid}")
    while process.poll() is None:
        try:
            if command[-2] in (proc / "cmdline").read_bytes().decode().split("\0"):  # the CLI, not the fork
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kib = max(peak_kib, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.02)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, stderr=process.stderr.read())
    return peak_kib / 1024


_FRESH_SERIES = """
import datetime as dt, sys, time
from goldenage.tariffs.etr import etr_series
started = time.perf_counter()
etr_series(dt.date.fromisoformat(sys.argv[1]), dt.date.today())
print(time.perf_counter() - started)
"""


def _fresh_process_series(store: Path) -> float:
    """Return the seconds of the daily series in a new process with an empty store (imports excluded)."""
    environment = {**os.environ, CACHE_ENV: str(store)}
    command = [sys.executable, "-c", _FRESH_SERIES, START.isoformat()]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    return float(done.stdout.strip())


def _command_seconds(command: list[str], environment: dict[str, str]) -> float:
    """Return the wall seconds of a whole command in a new process (start-up and imports included)."""
    started = time.perf_counter()
    subprocess.run(command, env=environment, capture_output=True, check=True)  # noqa: S603
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print its figures."""
    store = tempfile.TemporaryDirectory()
    os.environ[CACHE_ENV] = store.name  # empty: the cold figures compile everything
    law = law_for("actual")
    table = sample(ROWS, SEED)
    frame_args = {
        "code": table["hts10"].cast(pl.Int64).to_numpy(),
        "day": table["entry_date"].str.to_date().to_numpy(),
        "value": table["customs_value"].cast(pl.Float64).to_numpy(),
    }
    small = {k: v[:1000] for k, v in frame_args.items()}
    evaluate(EntryFrame.of(**small), law)  # load the schedule, the lists and the parameters
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    compiled = CompiledLaw(law)
    started = time.perf_counter()
    result = compiled.amounts(EntryFrame.of(**frame_args))
    cold_s = time.perf_counter() - started
    computed = int((~result.failed).sum())
    warm = _warm_runs(compiled, frame_args, WARM_RUNS)
    warm_s = statistics.median(warm)

    started = time.perf_counter()
    frame = EntryFrame.of(**frame_args)
    state = evaluate(frame, law)
    totals(state)
    fees(state)
    rules_s = time.perf_counter() - started

    rng = random.Random(SEED)
    picks = [rng.randrange(ROWS) for _ in range(LOOP_ROWS)]
    codes = table["hts10"].to_list()
    started = time.perf_counter()
    for i in picks:
        try:
            duty(codes[i], "JP", frame_args["day"][i].astype(dt.date), frame_args["value"][i])
        except GoldenageError:
            pass
    loop_rate = LOOP_ROWS / (time.perf_counter() - started)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "entries.parquet", Path(folder) / "duties.parquet"
        table.write_parquet(source)
        cli = str(Path(sys.executable).parent / "goldenage")
        command = [cli, "tariff", "batch", str(source), str(target)]
        first_s, second_s, peaks = [], [], []
        for attempt in range(CLI_PAIRS):  # each pair: a first run on an empty store, then a second
            environment = {**os.environ, CACHE_ENV: str(Path(folder) / f"cli-store-{attempt}")}
            for runs in (first_s, second_s):
                started = time.perf_counter()
                peaks.append(_run_watching_memory(command, environment))
                runs.append(time.perf_counter() - started)
        # A store where `goldenage tariff compile` (run by `make run`) wrote the table of every
        # line: each first run then finds its keys there (its own keys are deleted before each).
        ahead_store = Path(folder) / "ahead-store"
        environment = {**os.environ, CACHE_ENV: str(ahead_store)}
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [cli, "tariff", "compile", "--scenario", "actual"],
            env=environment,
            check=True,
            capture_output=True,
        )
        compile_s = time.perf_counter() - started
        ahead_s = []
        for _ in range(CLI_PAIRS):
            for stored in ahead_store.glob("compiled-*"):
                shutil.rmtree(stored)
            started = time.perf_counter()
            peaks.append(_run_watching_memory(command, environment))
            ahead_s.append(time.perf_counter() - started)

        flush_all()  # the kernel's compiled laws go to their own store
        etr_cold = []
        for attempt in range(CLI_PAIRS):
            os.environ[CACHE_ENV] = str(Path(folder) / f"etr-store-{attempt}")  # empty: nothing compiled yet
            _COMPILED.clear()
            started = time.perf_counter()
            series = etr_series(START, dt.date.today())
            etr_cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        etr_series(START, dt.date.today())
        etr_warm_s = time.perf_counter() - started
        flush_all()  # what the process would write at exit
        _COMPILED.clear()
        started = time.perf_counter()
        etr_series(START, dt.date.today())
        etr_disk_s = time.perf_counter() - started
        etr_fresh = [_fresh_process_series(Path(folder) / f"fresh-store-{k}") for k in range(CLI_PAIRS)]
        etr_table = [_fresh_process_series(ahead_store) for _ in range(CLI_PAIRS)]
        whole_command = [cli, "tariff", "etr", "--json"]
        etr_command = [_command_seconds(whole_command, environment) for _ in range(CLI_PAIRS)]

    print(f"machine: {os.cpu_count()} cores; {ROWS:,} random weighted entry lines ({computed:,} computable)")
    print(f"kernel (compiled law), 1 core, cold: {cold_s:.3f} s = {ROWS / cold_s:,.0f} rows/s ", end="")
    print(f"({compiled.size:,} keys compiled)")
    print(f"kernel (compiled law), 1 core, warm: median of {WARM_RUNS} runs {warm_s:.3f} s ", end="")
    runs = ", ".join(f"{s:.3f}" for s in warm)
    print(f"= {ROWS / warm_s:,.0f} rows/s, best {ROWS / min(warm):,.0f} rows/s (runs: {runs}) ", end="")
    print("(target >= 5,000,000)")
    print(f"rules evaluated on every row (no compiled rates), 1 core: {rules_s:.2f} s ", end="")
    print(f"= {ROWS / rules_s:,.0f} rows/s")
    print(f"per-row loop of duty(): {loop_rate:,.0f} rows/s; kernel / loop = ", end="")
    print(f"{ROWS / warm_s / loop_rate:,.0f}x warm, {ROWS / cold_s / loop_rate:,.0f}x cold (target >= 100x)")
    print(f"`goldenage tariff compile --scenario actual` (every HTSUS line and period): {compile_s:.2f} s")
    for name, runs, target in (
        ("first run (empty store: nothing compiled)", first_s, "500,000"),
        ("run after `goldenage tariff compile` (plain lines: the table)", ahead_s, "1,000,000"),
        ("second run (keys stored)", second_s, "500,000"),
    ):
        seconds = ", ".join(f"{s:.2f}" for s in runs)
        median = ROWS / statistics.median(runs)
        print(f"end-to-end CLI on Parquet, {name}: median {median:,.0f} rows/s, ", end="")
        print(
            f"best {ROWS / min(runs):,.0f} rows/s (runs: {seconds} s; {median / loop_rate:,.0f}x the loop) ",
            end="",
        )
        print(f"(target >= {target})")
    pairs = peaks[: 2 * CLI_PAIRS]
    print(f"peak memory of the CLI process: {max(pairs[0::2]):,.0f} MiB (first runs), ", end="")
    print(f"{max(peaks[2 * CLI_PAIRS :]):,.0f} MiB (first runs after compile), ", end="")
    print(f"{max(pairs[1::2]):,.0f} MiB (second runs)")
    print(f"daily ETR series {START}..{dt.date.today()} ", end="")
    print(f"({len(series)} days, {series.rows:,} rows evaluated): ", end="")
    cold_runs = ", ".join(f"{s:.2f}" for s in etr_cold)
    print(
        f"cold median {statistics.median(etr_cold):.2f} s, best {min(etr_cold):.2f} s (runs: {cold_runs}), ",
        end="",
    )
    print(f"warm {etr_warm_s:.2f} s, ", end="")
    print(f"from the stored keys {etr_disk_s:.2f} s (target < 2 s)")
    fresh = ", ".join(f"{s:.2f}" for s in etr_fresh)
    print("the same series in a fresh process, empty store (loads the rules, then compiles): median ", end="")
    print(f"{statistics.median(etr_fresh):.2f} s, best {min(etr_fresh):.2f} s (runs: {fresh} s; ", end="")
    print("Python and library imports excluded)")
    from_table = ", ".join(f"{s:.2f}" for s in etr_table)
    ratio = statistics.median(etr_fresh) / statistics.median(etr_table)
    print("the same series in a fresh process after the compile (its stored sums): median ", end="")
    print(
        f"{statistics.median(etr_table):.3f} s, best {min(etr_table):.3f} s (runs: {from_table} s; ", end=""
    )
    print(f"{ratio:.1f}x faster than with the rules) (target < 0.5 s)")
    whole = ", ".join(f"{s:.2f}" for s in etr_command)
    print("the whole command `goldenage tariff etr --json` after the compile ", end="")
    print("(start-up and imports included): ", end="")
    print(f"median {statistics.median(etr_command):.3f} s, best {min(etr_command):.3f} s (runs: {whole} s)")

    store.cleanup()


if __name__ == "__main__":
    main()
