"""The overpayment rate of each day and quarter, with the last published rate carried forward.

Law: 26 U.S.C. 6621(a)(1) and (b) (the overpayment rate is fixed for each calendar quarter from
the federal short-term rate of the first month of the preceding quarter); 19 U.S.C. 1505(c) and
T.D. 85-93 (CBP pays that rate on excess moneys deposited).

The quarterly rates are the parameters ``us.cbp.interest.overpayment_rate_noncorporate`` and
``..._corporate``, each value cited to its Revenue Ruling or CBP notice. The IRS announces a
quarter's rate about six weeks before the quarter starts, so an interest period that reaches a
quarter whose rate is not (yet) in the shipped data still has an answer: **the last published
rate is carried forward**, and every such quarter is reported with ``assumed: true`` (a
:class:`QuarterRate` whose :meth:`QuarterRate.warning` names the quarter, the rate carried and
its source). Only the days after the last published quarter are carried; a day before the
first value, or inside a gap the data closes with ``null`` between two published values,
still raises :class:`InterestRateUnavailableError` (there is nothing published to carry).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from goldenage.errors import GoldenageError
from goldenage.params import NoValueInForceError, Parameter, Period
from goldenage.provenance.citation import Citation


class InterestRateUnavailableError(GoldenageError, LookupError):
    """No overpayment interest rate is in force on a day the interest period covers.

    Raised only for days before the first shipped rate or inside a gap between two published
    rates (days after the last published rate take it, carried forward). Names the day, the
    interest period and the parameter file.
    """

    def __init__(self, day: dt.date, first_day: dt.date, as_of: dt.date, cause: NoValueInForceError) -> None:
        self.day = day
        self.first_day = first_day
        self.as_of = as_of
        super().__init__(
            f"No overpayment interest rate in force on {day.isoformat()}, needed for interest accruing "
            f"from {first_day.isoformat()} to {as_of.isoformat()}: {cause}"
        )


@dataclass(frozen=True)
class QuarterRate:
    """The rate applied on the days ``start``..``end`` (inclusive) of one calendar quarter."""

    start: dt.date
    end: dt.date
    rate: float
    assumed: bool  # True: no published rate shipped for this quarter; ``source`` is the one carried
    source: Period  # the published value applied (carried forward when ``assumed``)

    @property
    def quarter(self) -> str:
        """Return the calendar quarter, e.g. ``2026-Q3``."""
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def citation(self) -> Citation:
        """Return the citation of the published rate applied."""
        return self.source.reference

    def warning(self) -> str:
        """Return the line printed for an assumed quarter (empty for a published one)."""
        if not self.assumed:
            return ""
        published = f"{self.source.start.year}-Q{(self.source.start.month - 1) // 3 + 1}"
        document = self.citation.document or self.citation.title
        return (
            f"{self.quarter} ({self.start} to {self.end}): no published overpayment rate is shipped; "
            f"the last published rate, {self.rate * 100:g}% ({published}, {document}), is carried forward"
        )

    def to_json(self) -> dict[str, Any]:
        """Return ``{quarter, from, to, rate, assumed, citation}``."""
        return {
            "quarter": self.quarter,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "rate": self.rate,
            "assumed": self.assumed,
            "citation": self.citation.to_json(),
        }


def last_published(parameter: Parameter) -> Period:
    """Return the latest period of ``parameter`` with a (non-null) value."""
    published = [period for period in parameter.periods if period.value is not None]
    if not published:
        msg = f"{parameter.id} ({parameter.path}) has no published value"
        raise GoldenageError(msg)
    return published[-1]


def published_through(parameter: Parameter) -> dt.date | None:
    """Return the last day with a published rate (``None``: the last value is open-ended)."""
    return last_published(parameter).end


def daily_rates(parameter: Parameter, days: np.ndarray, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Return the annual rate of each day (``datetime64[D]``) and whether it was carried forward.

    A day covered by a published value takes it; a day after the last published value takes
    that value, flagged ``assumed``; any other day raises :class:`InterestRateUnavailableError`
    naming the first such day (``as_of`` is named in its message).
    """
    periods = parameter.periods
    starts = np.array([np.datetime64(p.start, "D") for p in periods])
    ends = np.array([np.datetime64(p.end if p.end else dt.date.max, "D") for p in periods])
    values = np.array([np.nan if p.value is None else p.value for p in periods], dtype=np.float64)
    index = np.searchsorted(starts, days, side="right") - 1
    safe = np.clip(index, 0, None)
    published = (index >= 0) & (days <= ends[safe]) & ~np.isnan(values[safe])
    carried = last_published(parameter)
    assumed = ~published & (carried.end is not None) & (days > np.datetime64(carried.end or dt.date.max, "D"))
    missing = ~published & ~assumed
    if missing.any():
        day = days[np.flatnonzero(missing)[0]].astype(dt.date)
        try:
            parameter.period_at(day)  # raises, with the reason (before the first value, ended, null)
        except NoValueInForceError as err:
            raise InterestRateUnavailableError(day, days[0].astype(dt.date), as_of, err) from err
        msg = f"{parameter.id}: a period covers {day.isoformat()} but its rate was not found"
        raise AssertionError(msg)  # pragma: no cover - only a bug makes the two lookups disagree
    rates = np.where(assumed, float(carried.value), values[safe])
    return rates, assumed


def rate_quarters(parameter: Parameter, start: dt.date, as_of: dt.date) -> tuple[QuarterRate, ...]:
    """Return the rate of each quarter (or part of one) of the days ``start`` <= day < ``as_of``.

    Law: 26 U.S.C. 6621(b) (one rate per calendar quarter). A quarter whose rate changes inside
    the data (which the law does not allow) is split where it changes, so nothing is hidden.
    """
    if as_of <= start:
        return ()
    days = np.arange(np.datetime64(start, "D"), np.datetime64(as_of, "D"), np.timedelta64(1, "D"))
    rates, assumed = daily_rates(parameter, days, as_of)
    months = days.astype("datetime64[M]").astype(np.int64)
    quarters = months // 3
    change = np.flatnonzero(
        (np.diff(quarters) != 0) | (np.diff(rates) != 0) | (np.diff(assumed.astype(np.int8)) != 0)
    )
    bounds = [0, *(change + 1).tolist(), len(days)]
    carried = last_published(parameter)
    segments = []
    for first, stop in zip(bounds[:-1], bounds[1:], strict=True):
        day = days[first].astype(dt.date)
        flagged = bool(assumed[first])
        segments.append(
            QuarterRate(
                start=day,
                end=days[stop - 1].astype(dt.date),
                rate=float(rates[first]),
                assumed=flagged,
                source=carried if flagged else parameter.period_at(day),
            )
        )
    return tuple(segments)


__all__ = [
    "InterestRateUnavailableError",
    "QuarterRate",
    "daily_rates",
    "last_published",
    "published_through",
    "rate_quarters",
]
