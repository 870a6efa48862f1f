"""Compile a scenario's law ahead for every 10-digit line of the HTSUS (``goldenage tariff compile``).

Every line of the shipped schedule at the statistical (10-digit) level, in every period of the
law from the first HTSUS revision, without declarations: the keys of plain entry lines. The
rules are evaluated once for all of them (:meth:`.compiled.CompiledLaw.compile_rows`, which
evaluates alike periods of a line once) and the result is written as the table of
:mod:`.table`. Codes not in force in a period are compiled too (their keys refuse the rows
with the error naming the revision), so that no plain key falls back to the rules.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from goldenage.tariffs.kernel.compiled import CompiledLaw
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import FLAG_SLOTS, PERIOD_SLOTS
from goldenage.tariffs.kernel.table import folder_for, open_table, write_table
from goldenage.tariffs.schedule import schedule

_LINES_PER_BLOCK = 8_000  # lines per evaluation of the rules (about 500,000 keys)


@dataclass(frozen=True)
class Compiled:
    """What :func:`compile_ahead` did."""

    scenario: str
    folder: Path
    keys: int
    seconds: float
    fresh: bool  # False: the table of these rules and data was there already


def compile_ahead(scenario: str, force: bool = False, lines: np.ndarray | None = None) -> Compiled:
    """Write the table of ``scenario`` (a shipped scenario's name) unless it is up to date.

    ``lines`` (10-digit codes as numbers) restricts the table to those lines (tests; the other
    plain keys are then compiled by the rules when met). Raises ``ValueError`` when the store
    is turned off (``GOLDENAGE_CACHE_DIR=off``), and the scenario's own error when the name is
    unknown.
    """
    started = time.perf_counter()
    folder = folder_for(scenario)
    if folder is None:
        msg = "the store is turned off"
        raise ValueError(msg)
    existing = open_table(scenario)
    if existing is not None and not force:
        return Compiled(scenario, folder, len(existing.keys), time.perf_counter() - started, fresh=False)
    law = CompiledLaw(scenario, saved=False, explained=True)  # neither the store nor an older table
    codes = schedule().lines.filter(pl.col("level") == 10)["code"].unique().sort()
    numbers = codes.cast(pl.Int64, strict=False).drop_nulls().to_numpy()
    chosen = numbers if lines is None else np.unique(np.asarray(lines, dtype=np.int64))
    starts = law.starts
    frame = EntryFrame.of(
        code=np.repeat(chosen, len(starts)),
        day=np.tile(starts, len(chosen)),
        value=np.ones(len(chosen) * len(starts)),
    )
    law.compile_rows(frame, block=len(starts) * _LINES_PER_BLOCK)  # whole lines: alike periods meet
    arrays, facts = law.export()
    subheadings = _subheadings(scenario, starts)
    written = write_table(scenario, arrays, facts, numbers, law.explanations(), subheadings)
    return Compiled(scenario, written, law.size, time.perf_counter() - started, fresh=True)


def _subheadings(scenario: str, starts: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, str]:
    """Compile the 8-digit subheadings of chapters 1-97 in the periods they have no statistical line.

    Such a subheading is the line in force for its code (``goldenage tariff duty`` takes its
    8 digits; the daily series' weights name it ``<8 digits>00``). Its keys are its 8 digits and
    the period; in a period where a 10-digit line under it is in force it has no key. Returns
    the arrays, the codes (as numbers) and the explanations for :func:`.table.write_table`.
    """
    lines = schedule().lines.select("code", "chapter", "valid_from", "valid_to")
    day = pl.Series("day", starts.astype("datetime64[D]")).to_frame().with_row_index("period")
    in_force = (pl.col("valid_from") <= pl.col("day")) & (
        pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("day"))
    )
    parents = (
        lines.filter(pl.col("code").str.len_chars() == 10)
        .join(day, how="cross")
        .filter(in_force)
        .select(pl.col("code").str.slice(0, 8), "period")
        .unique()
    )
    eights = lines.filter(pl.col("code").str.len_chars() == 8, pl.col("chapter") < 98)["code"].unique()
    cells = (
        eights.to_frame()
        .join(day, how="cross")
        .join(parents, on=["code", "period"], how="anti")
        .sort("code", "period")
    )
    codes = cells["code"].to_numpy().astype("<U8")
    period = cells["period"].to_numpy().astype(np.int64)
    law = CompiledLaw(scenario, saved=False, explained=True)
    law.compile_keys(
        EntryFrame.of(code=codes, day=starts[period], value=np.ones(len(codes))),
        (codes.astype(np.int64) * PERIOD_SLOTS + period) * FLAG_SLOTS,
    )
    arrays, _ = law.export()
    return arrays, eights.cast(pl.Int64).to_numpy(), law.explanations()


__all__ = ["Compiled", "compile_ahead"]
