"""Period grids for the waterfall: regular periods, instalment funding and dated cash flows.

Conventions (docs/investment.md): time 0 is the first funding; period ``t`` runs from time
``t-1`` to time ``t``; its distributable cash arrives at the end (time ``t``); funding paid at
time ``t`` enters the balance after that time's distribution and accrues from then on (deemed
interest accrues from the funding date, investment_mou.md 7.9). With ``m`` periods a year the
per-period accrual factor is ``(1 + r)**(1/m)`` (annual compounding at the deemed rate ``r``);
dated flows accrue ``(1 + r)**(days/365)`` between dates (Actual/365).

Law: MOU Deemed Allocation Amount definition (principal plus deemed interest); its day count
and compounding are not reported, so these are conventions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from goldenage.errors import InputError

DAYS_PER_YEAR = 365.0
PERIODS_PER_YEAR = {"annual": 1, "monthly": 12}


@dataclass(frozen=True)
class Schedule:
    """Funding, distributable cash and deemed-interest accrual on one grid of ``T`` periods.

    ``funding`` is ``(..., T+1)`` (paid at times 0..T), ``cash`` ``(..., T)`` (end of periods
    1..T), ``growth`` broadcasts to ``cash`` (accrual factor of each period), ``times`` is
    ``(T+1,)`` in years from time 0, ``simple`` broadcasts to ``cash`` (simple interest of
    each period per dollar, ``r`` times its length in years). ``periods_per_year`` is ``None``
    for dated flows.
    """

    funding: np.ndarray
    cash: np.ndarray
    growth: np.ndarray
    simple: np.ndarray
    times: np.ndarray
    periods_per_year: int | None
    dates: tuple[dt.date, ...] | None = None

    @property
    def periods(self) -> int:
        """Return the number of periods ``T``."""
        return self.cash.shape[-1]

    def discount(self) -> np.ndarray:
        """Return discount factors at the deemed rate for times 0..T, shaped ``(..., T+1)``."""
        growth = np.broadcast_to(self.growth, self.cash.shape)
        accrued = np.cumprod(growth, axis=-1)
        ones = np.ones((*accrued.shape[:-1], 1))
        return 1.0 / np.concatenate([ones, accrued], axis=-1)


def regular(
    cash: npt.ArrayLike,
    funding: npt.ArrayLike,
    annual_rate: npt.ArrayLike,
    periods_per_year: int = 1,
) -> Schedule:
    """Return a schedule of equal periods.

    ``cash`` is ``(..., T)``; ``funding`` holds the amounts paid at times 0, 1, ... (one value
    = everything at time 0; shorter than ``T+1`` is padded with zeros); ``annual_rate`` is a
    scalar or broadcasts against ``cash[..., :1]`` (one rate per path).
    """
    cash_array = np.asarray(cash, dtype=np.float64)
    periods = cash_array.shape[-1]
    funded = np.atleast_1d(np.asarray(funding, dtype=np.float64))
    if funded.shape[-1] > periods + 1:
        msg = f"{funded.shape[-1]} instalments for {periods} periods"
        field = "funding"
        raise InputError(field, msg, f"at most {periods + 1} amounts (times 0 to {periods})")
    pad = [(0, 0)] * (funded.ndim - 1) + [(0, periods + 1 - funded.shape[-1])]
    funded = np.pad(funded, pad)
    rate = np.asarray(annual_rate, dtype=np.float64)
    if rate.ndim:
        rate = rate[..., np.newaxis]
    growth = (1.0 + rate) ** (1.0 / periods_per_year)
    times = np.arange(periods + 1, dtype=np.float64) / periods_per_year
    return Schedule(funded, cash_array, growth, rate / periods_per_year, times, periods_per_year)


def dated(
    funding: Sequence[tuple[dt.date, float]],
    distributions: Sequence[tuple[dt.date, float]],
    annual_rate: float,
) -> Schedule:
    """Return a schedule for irregular dated flows (one period between consecutive dates).

    Time 0 is the first funding date; a distribution before it is refused.
    """
    if not funding:
        msg = "no funding date"
        field = "dated.funding"
        raise InputError(field, msg, "at least one {date, amount}")
    start = min(day for day, _ in funding)
    early = [day for day, _ in distributions if day <= start]
    if early:
        msg = f"distribution on {early[0]} is not after the first funding ({start})"
        field = "dated.distributions"
        raise InputError(field, msg, f"dates after {start}")
    grid = sorted({day for day, _ in funding} | {day for day, _ in distributions})
    index = {day: i for i, day in enumerate(grid)}
    funded = np.zeros(len(grid))
    cash = np.zeros(len(grid) - 1)
    for day, amount in funding:
        funded[index[day]] += amount
    for day, amount in distributions:
        cash[index[day] - 1] += amount
    days = np.array([(day - start).days for day in grid], dtype=np.float64)
    times = days / DAYS_PER_YEAR
    lengths = np.diff(times)
    growth = (1.0 + annual_rate) ** lengths
    return Schedule(funded, cash, growth, annual_rate * lengths, times, None, tuple(grid))
