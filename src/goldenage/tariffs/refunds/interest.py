"""Interest CBP pays on overpaid (excess deposited) duties, compounded daily.

Law: 19 U.S.C. 1505(b)-(c); T.D. 85-93 (50 FR 21832); 26 U.S.C. 6621(a)(1) and 6622(a).

- **Entitlement and period.** CBP refunds excess moneys deposited "together with interest
  thereon" (1505(b)); the interest accrues "from the date the importer of record deposits
  estimated duties, fees, and interest ... to the date of liquidation or reliquidation of the
  applicable entry" (1505(c)). Here the period ends on ``as_of`` instead: the estimate to a
  chosen date (a liquidation date if known). No interest runs after liquidation (1505(c)).
- **Rate.** 1505(c) leaves the rate to the Secretary; by T.D. 85-93 it is the Internal Revenue
  Code rate under 26 U.S.C. 6621 and 6622 (recited in every CBP notice "Quarterly IRS Interest
  Rates Used in Calculating Interest on Overdue Accounts and Refunds of Customs Duties", e.g.
  90 FR 9036). The overpayment rate is the federal short-term rate plus 3 points, or plus 2 points
  for a corporation (6621(a)(1)), fixed per calendar quarter. The parameters
  ``us.cbp.interest.overpayment_rate_noncorporate`` and ``..._corporate`` hold the quarterly rates
  with their citations.
- **Compounding.** Interest is compounded daily (26 U.S.C. 6622(a), incorporated by T.D. 85-93).
  Each day carries the rate of the quarter it falls in, at ``rate / 365`` per day, or
  ``rate / 366`` in a leap year: the IRS's daily compounding factors are computed on the actual
  days of the year (Rev. Proc. 95-17, 1995-1 C.B. 556, separate tables for 366-day years). 2025
  and 2026 have 365 days. CBP has not published its own day-count convention for the IEEPA
  refunds; this follows the IRS rule it incorporates.
- **Days counted.** Interest accrues on each day from the deposit date up to, not including,
  ``as_of``: ``as_of - deposit_date`` days. It is zero when ``as_of <= deposit_date``.

Formula, with ``r_d`` the rate in force on day ``d`` and ``Y_d`` the days in its year::

    interest = amount * (prod over deposit_date <= d < as_of of (1 + r_d / Y_d) - 1)

Days after the last published quarter take the last published rate, carried forward (see
:mod:`goldenage.tariffs.refunds.rates`, which also lists the quarters so carried); a day before
the first value raises :class:`InterestRateUnavailableError` naming that day, it never counts as
zero. Amounts are not rounded (round the total with :func:`goldenage.money.round_cents`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from goldenage import params
from goldenage.errors import InputError
from goldenage.tariffs.refunds.rates import (
    InterestRateUnavailableError,
    QuarterRate,
    daily_rates,
    rate_quarters,
)

_ONE_DAY = np.timedelta64(1, "D")

__all__ = [
    "InterestRateUnavailableError",
    "overpayment_interest",
    "overpayment_interest_many",
    "overpayment_rate_id",
    "overpayment_rates",
]


def overpayment_rate_id(corporate: bool = False) -> str:
    """Return the id of the quarterly overpayment rate parameter for the importer's status."""
    return "us.cbp.interest.overpayment_rate_" + ("corporate" if corporate else "noncorporate")


def overpayment_rates(start: dt.date, as_of: dt.date, corporate: bool = False) -> tuple[QuarterRate, ...]:
    """Return the rate of each quarter of the days ``start`` <= day < ``as_of``, assumed ones flagged.

    Law: 26 U.S.C. 6621(a)(1), (b). The same daily rates as :func:`overpayment_interest_many`.
    """
    return rate_quarters(params.get(overpayment_rate_id(corporate)), start, as_of)


def overpayment_interest(
    amount: float, deposit_date: dt.date, as_of: dt.date, corporate: bool = False
) -> float:
    """Return the interest on ``amount`` deposited on ``deposit_date``, compounded daily to ``as_of``.

    Law: 19 U.S.C. 1505(c); 26 U.S.C. 6621(a)(1), 6622(a).

    ``corporate`` selects the corporate overpayment rate (federal short-term rate + 2 points)
    instead of the non-corporate one (+ 3 points). See the module docstring for the formula.
    """
    deposits = np.array([np.datetime64(deposit_date, "D")])
    return float(
        overpayment_interest_many(np.array([amount], dtype=np.float64), deposits, as_of, corporate)[0]
    )


def overpayment_interest_many(
    amounts: npt.ArrayLike,
    deposit_dates: npt.ArrayLike,
    as_of: dt.date,
    corporate: bool = False,
) -> np.ndarray:
    """Return the interest on each deposit, compounded daily to ``as_of`` (vectorised).

    Law: 19 U.S.C. 1505(c); 26 U.S.C. 6621(a)(1), 6622(a).

    ``amounts`` (USD, >= 0) and ``deposit_dates`` (``datetime64[D]``) are 1-D arrays of the same
    length. The daily growth factors are accumulated once, backwards from ``as_of`` to the earliest
    deposit: ``S[k]`` is the sum of ``log1p(r_d / Y_d)`` over the days from day ``k`` to ``as_of``,
    and a deposit's interest is ``amount * expm1(S[deposit])``, i.e. the product formula of the
    module docstring. Summing from ``as_of`` backwards makes a deposit's result independent of the
    other deposits in the batch (bit for bit equal to :func:`overpayment_interest`).
    """
    values = _check_amounts(amounts)
    deposits = _check_dates(deposit_dates, values.shape)
    end = np.datetime64(as_of, "D")
    interest = np.zeros(values.shape, dtype=np.float64)
    accruing = deposits < end
    if not accruing.any():
        return interest
    start = deposits[accruing].min()
    days = np.arange(start, end, _ONE_DAY)
    rates, _ = daily_rates(params.get(overpayment_rate_id(corporate)), days, as_of)
    log_growth_to_end = np.cumsum(np.log1p(rates / _days_in_year(days))[::-1])[::-1]
    offsets = (deposits[accruing] - start) // _ONE_DAY
    interest[accruing] = values[accruing] * np.expm1(log_growth_to_end[offsets])
    return interest


def _check_amounts(amounts: npt.ArrayLike) -> np.ndarray:
    """Return the amounts as a 1-D float array, refusing negative or non-finite values."""
    field = "amounts"
    values = np.asarray(amounts, dtype=np.float64)
    if values.ndim != 1:
        msg = f"expected a 1-D array, got {values.ndim} dimensions"
        raise InputError(field, msg)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        msg = f"element {index} is {float(values[index])!r}"
        raise InputError(field, msg, "a finite amount >= 0 (USD)")
    return values


def _check_dates(deposit_dates: npt.ArrayLike, shape: tuple[int, ...]) -> np.ndarray:
    """Return the deposit dates as ``datetime64[D]`` of the amounts' shape, without NaT."""
    field = "deposit_dates"
    try:
        dates = np.asarray(deposit_dates).astype("datetime64[D]")
    except (TypeError, ValueError) as err:
        raise InputError(field, str(err), "datetime64[D] dates") from err
    if dates.shape != shape:
        msg = f"shape {dates.shape} differs from the amounts' {shape}"
        raise InputError(field, msg)
    missing = np.isnat(dates)
    if missing.any():
        index = int(np.flatnonzero(missing)[0])
        msg = f"element {index} is NaT"
        raise InputError(field, msg, "a date")
    return dates


def _days_in_year(days: np.ndarray) -> np.ndarray:
    """Return 366 for days in a leap year and 365 otherwise (the IRS day count)."""
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    leap = ((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)
    return np.where(leap, 366.0, 365.0)
