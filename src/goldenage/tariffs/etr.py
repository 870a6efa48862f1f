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
single frame of every weighted line x every segment (:mod:`.etr_segments`), and the result is
spread over the days. With the shipped weights the sums per segment stored by
``goldenage tariff compile`` are read instead (:mod:`.etr_sums`): this module then imports
neither polars nor the engine.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.etr_sums import SegmentSums, read_sums
from goldenage.tariffs.hts_revisions import check_coverage
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.scenario_names import scenario_name

if TYPE_CHECKING:
    import polars as pl

    from goldenage.tariffs.weights import Weights

ORIGIN = "JP"
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
        import polars as pl  # noqa: PLC0415 - only for tables written to files

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
    # Summed by the engine (the table compiled ahead, else the rules): imported only here.
    from goldenage.tariffs import etr_segments  # noqa: PLC0415
    from goldenage.tariffs.weights import Weights, load_weights  # noqa: PLC0415

    first, last = period(start, end, law)
    table = (
        weights if isinstance(weights, Weights) else load_weights(None if weights is None else Path(weights))
    )
    return _series(law, table.source, etr_segments.segment_sums(first, last, law, table.frame), first, last)


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
        from goldenage.tariffs.kernel.compiled import compiled  # noqa: PLC0415 - see etr_series

        begins, ends = (day.astype(dt.date) for day in compiled(scenario_name(scenario)).coverage)
    else:
        begins, ends = coverage
    check_coverage(first, "--from", begins, ends)
    check_coverage(last, "--to", begins, ends)
    return first, last
