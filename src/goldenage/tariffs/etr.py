"""The import-weighted effective tariff rate (ETR) of goods of Japan, per day.

For each day, over the weighted lines in force that day::

    ETR(day) = sum of duty(line, day) / sum of value(line)

where the duty is what the engine charges an entry of the line on that day with a customs
value equal to the line's weight (by default its 2024 import value, see
:mod:`goldenage.tariffs.weights`), no quantity and no importer declarations (the documented
defaults). The split by authority divides each component (column 1 ``mfn`` and every
Chapter 99 authority of :data:`goldenage.tariffs.kernel.engine.MODULES`) by the same
denominator, so the parts add up to the ETR.

Lines the engine cannot compute on a day (a specific or compound rate, which needs a
quantity; a rate it cannot evaluate; a code that is no line of the HTSUS that day) are left
out of numerator and denominator; ``coverage`` is the share of the day's total weight that
was computed.

The engine's result is constant between consecutive period starts
(:func:`goldenage.tariffs.kernel.context.period_starts`), and the weights between their own
``valid_from``/``valid_to`` dates, so one representative day per segment is evaluated, in a
single frame of every weighted line x every segment, and the result is spread over the days.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage.errors import InputError
from goldenage.tariffs.errors import UnknownHTSCodeError
from goldenage.tariffs.etr_sums import SegmentSums, StoredSums, read_sums, weights_digest, write_sums
from goldenage.tariffs.hts_revisions import check_coverage
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.kernel.compiled import Amounts, amounts, compiled
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.law import Law
from goldenage.tariffs.scenario_names import scenario_name
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.weights import Weights, load_weights

ORIGIN = "JP"
ONE_DAY = dt.timedelta(days=1)
# Two ETRs closer than this (a fraction: 1e-9 = 0.0000001 percentage points) are the same
# rate: a revision that only renumbers lines reorders the sums and moves the last bits.
SAME_RATE = 1e-9


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@dataclass(frozen=True)
class EtrPoint:
    """The ETR of one day: total, split by authority, and the share of the weight computed."""

    date: dt.date
    etr: float | None
    by_authority: dict[str, float | None]
    coverage: float | None

    def top(self, count: int = 3) -> list[tuple[str, float]]:
        """Return up to ``count`` authorities with the largest positive rates, largest first."""
        positive = [(name, rate) for name, rate in self.by_authority.items() if rate is not None and rate > 0]
        return sorted(positive, key=lambda item: -item[1])[:count]

    def to_json(self) -> dict[str, Any]:
        """Return the point as JSON-ready data (rates as fractions; ``None`` where undefined)."""
        return {
            "date": self.date.isoformat(),
            "etr": self.etr,
            "by_authority": dict(self.by_authority),
            "coverage": self.coverage,
        }


@dataclass(frozen=True, eq=False)
class EtrSeries:
    """A daily ETR series (arrays indexed by day, from ``days[0]`` to ``days[-1]``).

    ``etr`` and ``by_authority`` are NaN on a day when no weighted line could be computed;
    ``coverage`` is NaN when no weight is in force. ``weight_usd`` is the day's total weight,
    ``computed_usd`` the weight of the lines computed. ``evaluated`` lists the representative
    days the engine evaluated (one per segment of constant law and weights), ``rows`` the size
    of the frame.
    """

    scenario: str
    weights_source: str
    days: np.ndarray  # datetime64[D]
    etr: np.ndarray
    by_authority: dict[str, np.ndarray]
    coverage: np.ndarray
    weight_usd: np.ndarray
    computed_usd: np.ndarray
    evaluated: tuple[dt.date, ...]
    rows: int
    origin: str = ORIGIN

    def __len__(self) -> int:
        return len(self.days)

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the CSV columns of :meth:`to_rows`."""
        return ("date", "etr", "coverage", *self.by_authority)

    def point(self, index: int) -> EtrPoint:
        """Return the point of the ``index``-th day."""
        return EtrPoint(
            date=self.days[index].astype(dt.date),
            etr=_number(self.etr[index]),
            by_authority={name: _number(rates[index]) for name, rates in self.by_authority.items()},
            coverage=_number(self.coverage[index]),
        )

    def points(self) -> list[EtrPoint]:
        """Return one point per day."""
        return [self.point(index) for index in range(len(self))]

    def at(self, day: dt.date | str) -> EtrPoint:
        """Return the point of one day of the series (:class:`InputError` outside it)."""
        on = parse_date(day)
        index = int((np.datetime64(on, "D") - self.days[0]).astype(int))
        if not 0 <= index < len(self):
            msg = f"{on.isoformat()} is outside the series"
            field = "--date"
            raise InputError(field, msg, f"a date from {self.days[0]} to {self.days[-1]}")
        return self.point(index)

    def change_points(self, tolerance: float = SAME_RATE) -> list[EtrPoint]:
        """Return the first day and every day on which the ETR changes.

        A day is a change point when its ETR differs by more than ``tolerance`` (a fraction)
        from the ETR of the last change point, or when one of the two is undefined and the
        other is not.
        """
        rate = self.etr
        kept = [0]
        for index in np.flatnonzero(rate[1:] != rate[:-1]) + 1:
            before, now = rate[kept[-1]], rate[index]
            if np.isnan(before) != np.isnan(now) or abs(now - before) > tolerance:
                kept.append(int(index))
        return [self.point(index) for index in kept]

    def to_json(self) -> dict[str, Any]:
        """Return ``{origin, scenario, weights_source, series: [{date, etr, by_authority, coverage}]}``."""
        return {
            "origin": self.origin,
            "scenario": self.scenario,
            "weights_source": self.weights_source,
            "series": [point.to_json() for point in self.points()],
        }

    def to_frame(self) -> pl.DataFrame:
        """Return one row per day (date, etr, coverage, one column per authority), rates to 1e-6.

        The table of ``goldenage tariff etr --output`` and ``GET /api/tariff/etr?format=csv|xlsx``.
        """
        frame = pl.DataFrame(self.to_rows(), infer_schema_length=None).select(self.columns)
        return frame.with_columns(pl.col("date").str.to_date(), pl.exclude("date").cast(pl.Float64).round(6))

    def to_rows(self) -> list[dict[str, Any]]:
        """Return one row per day keyed by :attr:`columns` (for :class:`csv.DictWriter`)."""
        rows = []
        for point in self.points():
            row: dict[str, Any] = {
                "date": point.date.isoformat(),
                "etr": point.etr,
                "coverage": point.coverage,
            }
            row.update(point.by_authority)
            rows.append(row)
        return rows


def etr_series(
    start: str | dt.date,
    end: str | dt.date,
    scenario: str | None = None,
    weights: Weights | str | Path | None = None,
) -> EtrSeries:
    """Return the daily ETR of goods of Japan from ``start`` to ``end`` inclusive.

    ``scenario`` names a parameter overlay (default ``actual``); ``weights`` is a
    :class:`~goldenage.tariffs.weights.Weights`, the path of a weights file, or ``None`` for
    the shipped 2024 import weights. Bad dates (not ``YYYY-MM-DD``, ``end`` before ``start``,
    outside the HTSUS data) and unknown scenarios raise :class:`InputError`.

    With the shipped weights, the sums per segment stored by ``goldenage tariff compile``
    (:mod:`.etr_sums`) are used when they hold for this run's rules, data and weights.
    """
    law = scenario_name(scenario)  # its compiled law reads the table compiled ahead
    if weights is None:
        stored = read_sums(law)
        if stored is not None:
            first, last = period(start, end, law, coverage=stored.coverage)
            return _series(law, stored.weights_source, stored.sums.within(first, last), first, last)
    first, last = period(start, end, law)
    table = (
        weights if isinstance(weights, Weights) else load_weights(None if weights is None else Path(weights))
    )
    return _series(law, table.source, segment_sums(first, last, law, table.frame), first, last)


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


def _series(law: str, source: str, sums: SegmentSums, first: dt.date, last: dt.date) -> EtrSeries:
    """Return the daily series of ``first``..``last`` from the sums of its segments."""
    computed, weight = sums.computed, sums.weight
    with np.errstate(invalid="ignore", divide="ignore"):
        denominator = np.where(computed > 0, computed, np.nan)
        etr = sums.duty / denominator
        by_authority = {name: amount / denominator for name, amount in sums.parts.items()}
        coverage = np.where(weight > 0, computed / np.where(weight > 0, weight, 1.0), np.nan)

    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    index = np.searchsorted(sums.starts, days, side="right") - 1
    return EtrSeries(
        scenario=law,
        weights_source=source,
        days=days,
        etr=etr[index],
        by_authority={name: rates[index] for name, rates in by_authority.items()},
        coverage=coverage[index],
        weight_usd=weight[index],
        computed_usd=computed[index],
        evaluated=tuple(sums.starts.astype(dt.date).tolist()),
        rows=int(sums.rows.sum()),
    )


def period(
    start: str | dt.date,
    end: str | dt.date,
    scenario: str | None = None,
    coverage: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date, dt.date]:
    """Return ``(--from, --to)`` as dates inside the HTSUS data, ``--to`` not before ``--from``.

    The coverage is the compiled law's (read from the table compiled ahead when there is one),
    or ``coverage`` (first and last day) for a caller that does not need the compiled law.
    Raises :class:`InputError` naming the option.
    """
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if last < first:
        msg = f"{last} is before --from {first}"
        field = "--to"
        raise InputError(field, msg, "a date on or after --from")
    if coverage is None:
        begins, ends = (day.astype(dt.date) for day in compiled(scenario_name(scenario)).coverage)
    else:
        begins, ends = coverage
    check_coverage(first, "--from", begins, ends)
    check_coverage(last, "--to", begins, ends)
    return first, last


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
