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


def compile_ahead(scenario: str, force: bool = False) -> Compiled:
    """Write the table of ``scenario`` (a shipped scenario's name) unless it is up to date.

    Raises ``ValueError`` when the store is turned off (``GOLDENAGE_CACHE_DIR=off``), and the
    scenario's own error when the name is unknown.
    """
    started = time.perf_counter()
    folder = folder_for(scenario)
    if folder is None:
        msg = "the store is turned off"
        raise ValueError(msg)
    existing = open_table(scenario)
    if existing is not None and not force:
        return Compiled(scenario, folder, len(existing.keys), time.perf_counter() - started, fresh=False)
    law = CompiledLaw(scenario, saved=False)  # neither the store nor an older table
    codes = schedule().lines.filter(pl.col("level") == 10)["code"].unique().sort()
    numbers = codes.cast(pl.Int64, strict=False).drop_nulls().to_numpy()
    starts = law.starts
    frame = EntryFrame.of(
        code=np.repeat(numbers, len(starts)),
        day=np.tile(starts, len(numbers)),
        value=np.ones(len(numbers) * len(starts)),
    )
    law.compile_rows(frame, block=len(starts) * _LINES_PER_BLOCK)  # whole lines: alike periods meet
    arrays, facts = law.export()
    written = write_table(scenario, arrays, facts, numbers)
    return Compiled(scenario, written, law.size, time.perf_counter() - started, fresh=True)


__all__ = ["Compiled", "compile_ahead"]
