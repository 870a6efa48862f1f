"""The sums of the daily ETR series per segment, computed from the engine (:mod:`.etr`).

A segment is a run of days with the same law and the same weights in force: the engine's
result is constant between consecutive period starts
(:func:`goldenage.tariffs.kernel.context.period_starts`), and the weights between their own
``valid_from``/``valid_to`` dates, so one representative day per segment is evaluated, in a
single frame of every weighted line x every segment (from the table compiled ahead where there
is one, else by the rules). The collected basis (:mod:`.collected`) uses the same frame.
``goldenage tariff compile`` stores the sums of the shipped weights (:mod:`.etr_sums`), so
that a series of those weights reads them and imports none of this.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage.tariffs.errors import UnknownHTSCodeError
from goldenage.tariffs.etr_sums import SegmentSums, StoredSums, read_sums, weights_digest, write_sums
from goldenage.tariffs.kernel.compiled import Amounts, amounts, compiled
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.law import Law
from goldenage.tariffs.scenario_names import scenario_name
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.weights import load_weights

ONE_DAY = dt.timedelta(days=1)


def compile_sums(scenario: str) -> Path | None:
    """Compute and store the sums of ``scenario``'s series over the whole coverage (shipped weights).

    Run by ``goldenage tariff compile`` after the scenario's table. Returns the folder written,
    or ``None`` when the store is turned off.
    """
    law = scenario_name(scenario)
    digest = weights_digest()  # before the weights are read (see write_sums)
    table = load_weights(None)
    begins, ends = (day.astype(dt.date) for day in compiled(law).coverage)
    sums = segment_sums(begins, ends, law, table.frame)
    return write_sums(law, StoredSums(sums, table.source, (begins, ends), digest))


def ensure_sums(scenario: str, force: bool = False) -> None:
    """Compute and store the sums of ``scenario``'s series unless those stored hold (``force``: always).

    Run after the scenario's table is compiled (``goldenage tariff compile``, ``goldenage data
    add-revision``); ``force`` after a table compiled anew.
    """
    if force or read_sums(scenario_name(scenario)) is None:
        compile_sums(scenario)


def segment_sums(first: dt.date, last: dt.date, law: str, weights: pl.DataFrame) -> SegmentSums:
    """Return the sums of the weighted lines over each segment of ``first``..``last``."""
    starts = _segments(first, last, law, weights)
    live = _live_weights(weights, starts)
    n_segments = len(starts)
    segment = live.get_column("segment").to_numpy()
    value = live.get_column("value_usd").to_numpy().astype(np.float64)
    weight = np.bincount(segment, weights=value, minlength=n_segments)
    result = _amounts(live, value, law)

    ok = ~result.failed
    where = segment[ok]
    return SegmentSums(
        starts=np.array(starts, dtype="datetime64[D]"),
        weight=weight,
        computed=np.bincount(where, weights=value[ok], minlength=n_segments),
        duty=np.bincount(where, weights=result.total[ok], minlength=n_segments),
        parts={
            name: np.bincount(where, weights=result.components[name][ok], minlength=n_segments)
            for name in AUTHORITIES
        },
        rows=np.bincount(segment, minlength=n_segments).astype(np.int64),
    )


def _amounts(live: pl.DataFrame, value: np.ndarray, law: Law | str, **columns: Any) -> Amounts:
    """Return the engine's amounts for every weighted line and segment.

    Every weight code is first given as is; the few that are no line in force on the day and
    end in ``00`` are given again as their 8-digit subheading where that is the line in force
    (plain rows: from the table compiled ahead; else through the schedule, :func:`_engine_codes`).
    ``columns`` are further :meth:`EntryFrame.of` columns, one value per row of ``live`` (a
    claimed program, declarations: see :mod:`goldenage.tariffs.collected`).
    """
    days = live.get_column("day").to_numpy().astype("datetime64[D]")
    codes = live.get_column("hts10")
    frame = EntryFrame.of(code=codes.cast(pl.Int64).to_numpy(), day=days, value=value, **columns)
    result = amounts(frame, law)
    failed = np.flatnonzero(result.failed)
    unknown = np.fromiter(
        (isinstance(e, UnknownHTSCodeError) for e in result.error[failed]), bool, len(failed)
    )
    retry = failed[unknown & codes.gather(failed).str.ends_with("00").to_numpy()]
    if not retry.size:
        return result
    second = None
    if not columns:
        subheadings = codes.gather(retry).str.slice(0, 8).to_numpy().astype("<U8")
        rows = EntryFrame.of(code=subheadings, day=days[retry], value=value[retry])
        again, second = retry, compiled(law).subheading_amounts(rows)
    if second is None:  # no table compiled ahead, or declarations: the subheadings in force
        mapped = _engine_codes(live[retry]).get_column("code")
        given = mapped.is_not_null().to_numpy()
        again, subheadings = retry[given], mapped.filter(mapped.is_not_null()).to_numpy()
        rest = {name: np.asarray(column)[again] for name, column in columns.items()}
        second = amounts(
            EntryFrame.of(code=subheadings.astype("<U10"), day=days[again], value=value[again], **rest), law
        )
    for name, column in second.components.items():
        result.components[name][again] = column
    for name in ("total", "mpf", "hmf", "failed", "error"):
        getattr(result, name)[again] = getattr(second, name)
    return result


def _segments(first: dt.date, last: dt.date, law: Law, weights: pl.DataFrame) -> list[dt.date]:
    """Return the first day of each run of days with the same law and weights in [first, last].

    The law's period starts are those of its compiled law (read from the table compiled ahead
    when there is one, without loading the scope lists).
    """
    dates = set(compiled(law).starts.astype("datetime64[D]").astype(dt.date).tolist())
    dates.update(weights.get_column("valid_from").drop_nulls().to_list())
    dates.update(day + ONE_DAY for day in weights.get_column("valid_to").drop_nulls().to_list())
    return [first, *sorted(day for day in dates if first < day <= last)]


def _live_weights(weights: pl.DataFrame, starts: list[dt.date], sums: tuple[str, ...] = ()) -> pl.DataFrame:
    """Return ``segment, day, hts10, value_usd``: the positive weights in force on each start.

    Weights of one code in force on the same day (rows of overlapping validity) are added up,
    and so are the numeric columns named in ``sums`` (added to the result).
    A (code x segment) table summed with one ``bincount``.
    """
    days = np.array(starts, dtype="datetime64[D]")
    never = np.datetime64("NaT")
    valid_from = weights.get_column("valid_from").to_numpy().astype("datetime64[D]")
    valid_to = weights.get_column("valid_to").to_numpy().astype("datetime64[D]")
    # Segments in force for each weight row: starts within [valid_from, valid_to] (null = open).
    first = np.where(
        np.isnat(valid_from), 0, np.searchsorted(days, np.where(np.isnat(valid_from), never, valid_from))
    )
    end = np.where(np.isnat(valid_to), len(days), np.searchsorted(days, valid_to, side="right"))
    count = np.maximum(end - first, 0)
    row = np.repeat(np.arange(len(count)), count)
    segment = np.repeat(first, count) + (np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count))
    hts10 = weights.get_column("hts10")
    codes = hts10.unique().sort()
    code = hts10.rank("dense").cast(pl.Int64).to_numpy() - 1  # index into the sorted distinct codes
    cell = code[row].astype(np.int64) * len(days) + segment
    value = np.bincount(
        cell, weights=weights.get_column("value_usd").to_numpy()[row], minlength=len(codes) * len(days)
    )
    live = np.flatnonzero(value > 0)
    by_segment = np.argsort(live % len(days), kind="stable")  # segment, then code (cells are code-major)
    live = live[by_segment]
    extra = {
        name: np.bincount(cell, weights=weights.get_column(name).to_numpy()[row], minlength=len(value))[live]
        for name in sums
    }
    return pl.DataFrame(
        {
            "segment": (live % len(days)).astype(np.int64),
            "day": days[live % len(days)],
            "hts10": codes.gather(live // len(days)),
            "value_usd": value[live],
            **extra,
        },
        schema={
            "segment": pl.Int64,
            "day": pl.Date,
            "hts10": pl.Utf8,
            "value_usd": pl.Float64,
            **dict.fromkeys(sums, pl.Float64),
        },
    )


def _in_force(candidates: pl.DataFrame, key: str, lines: pl.DataFrame) -> pl.Series:
    """Return, per row of ``candidates`` (with ``row`` and ``day``), whether line ``key`` is in force."""
    found = (
        candidates.select("row", "day", key)
        .join(lines, left_on=key, right_on="code", how="inner")
        .filter(
            (pl.col("valid_from") <= pl.col("day"))
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("day")))
        )
        .get_column("row")
        .unique()
    )
    return candidates.get_column("row").is_in(found.implode())


def _engine_codes(live: pl.DataFrame) -> pl.DataFrame:
    """Add ``code``: the line the engine is given, or null when no line is in force that day.

    A weight code is given as is when it is a line in force. ``<8 digits>00`` is given as the
    8-digit subheading when that is in force with no 10-digit line under it (the shipped
    weights use this form for the chapter 91 subheadings without statistical lines).
    """
    lines = schedule().lines.select("code", "valid_from", "valid_to")
    table = live.with_row_index("row").with_columns(pl.col("hts10").str.slice(0, 8).alias("parent"))
    own = _in_force(table, "hts10", lines)
    parent = _in_force(table, "parent", lines)
    children = lines.filter(pl.col("code").str.len_chars() == 10).with_columns(
        pl.col("code").str.slice(0, 8).alias("parent")
    )
    with_child = _in_force(
        table, "parent", children.select(pl.col("parent").alias("code"), "valid_from", "valid_to")
    )
    subheading = ~own & table.get_column("hts10").str.ends_with("00") & parent & ~with_child
    code = (
        pl.when(pl.col("own"))
        .then(pl.col("hts10"))
        .when(pl.col("subheading"))
        .then(pl.col("parent"))
        .otherwise(None)
    )
    return (
        table.with_columns(own.alias("own"), subheading.alias("subheading"))
        .with_columns(code.alias("code"))
        .drop("row", "parent", "own", "subheading")
    )
