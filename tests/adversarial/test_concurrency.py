"""Concurrent and killed batch runs on one output (issue 17, item 4): never a mixed or partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

CLI = str(Path(sys.executable).parent / "goldenage")
HEADER = "hts10,origin,entry_date,customs_value\n"


def _entries(path: Path, rows: int, value: int) -> Path:
    line = f"8703.23.01.90,JP,2025-10-01,{value}\n"
    path.write_text(HEADER + line * rows, encoding="utf-8")
    return path


def test_two_runs_writing_one_output_leave_one_whole_result(tmp_path: Path) -> None:
    first = _entries(tmp_path / "a.csv", 50_000, 10_000)
    second = _entries(tmp_path / "b.csv", 30_000, 20_000)
    target = tmp_path / "out.csv"
    runs = [
        subprocess.Popen([CLI, "tariff", "batch", str(source), str(target)], stderr=subprocess.PIPE)  # noqa: S603
        for source in (first, second)
    ]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read() if run.stderr else ""
    out = pl.read_csv(target)
    # A car of 2025-10-01 pays 15% all-inclusive (EO 14345): 1,500 on 10,000, 3,000 on 20,000.
    result = (out.height, tuple(sorted(set(out["duty_total"].to_list()))))
    assert result in ((50_000, (1_500.0,)), (30_000, (3_000.0,)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "out.csv"]


def test_a_killed_run_leaves_the_output_whole_and_its_leftover_is_cleared(tmp_path: Path) -> None:
    source = _entries(tmp_path / "big.csv", 400_000, 10_000)
    target = tmp_path / "out.csv"
    target.write_text("the previous result\n", encoding="utf-8")
    run = subprocess.Popen([CLI, "tariff", "batch", str(source), str(target)], stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 120
    while (
        not list(tmp_path.glob(".out.csv.*.partial")) and run.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == "the previous result\n"
    leftovers = list(tmp_path.glob(".out.csv.*.partial"))
    for leftover in leftovers:  # a killed writer's temporary file, an hour old
        os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    small = _entries(tmp_path / "small.csv", 3, 10_000)
    done = subprocess.run([CLI, "tariff", "batch", str(small), str(target)], capture_output=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert pl.read_csv(target).height == 3
    assert not list(tmp_path.glob(".out.csv.*.partial"))
