"""The IEEPA duty deposited on each entry line and the interest CBP owes on its refund.

For every line the engine computes, under the law as in force (the ``actual`` scenario),
the IEEPA reciprocal component: the duty deposited without legal basis after *Learning
Resources, Inc. v. Trump* (2026-02-20). Interest runs from the entry date (taken as the
deposit date) to the as-of date (today by default) at the quarterly overpayment rates (19 U.S.C.
1505(c); see :mod:`goldenage.tariffs.refunds.interest`). Quarters whose rate is not in the shipped
data take the last published rate, carried forward; the estimate lists every quarter it used
with ``assumed`` (see :mod:`goldenage.tariffs.refunds.rates`). See ``docs/refunds.md`` for the
legal status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage.errors import InputError
from goldenage.money import round_cents
from goldenage.tariffs.batch import Limits, compute, read_chunks, scan
from goldenage.tariffs.refunds.interest import overpayment_interest_many, overpayment_rates
from goldenage.tariffs.refunds.rates import QuarterRate

AUTHORITY = "ieepa_reciprocal"
LINES = pl.Schema(
    {
        "entry_number": pl.Utf8,
        "hts10": pl.Utf8,
        "entry_date": pl.Date,
        "ieepa_duty": pl.Float64,
        "interest": pl.Float64,
        "error": pl.Utf8,
    }
)


@dataclass(frozen=True)
class RefundEstimate:
    """Per-line IEEPA duty and interest, with totals and the quarterly rates applied."""

    as_of: dt.date
    lines: pl.DataFrame  # entry_number, hts10, entry_date, ieepa_duty, interest, error
    corporate: bool = False
    rates: tuple[QuarterRate, ...] = ()  # every quarter of the interest periods, from the first deposit

    @property
    def assumed(self) -> tuple[QuarterRate, ...]:
        """Return the quarters whose rate is the last published one, carried forward."""
        return tuple(quarter for quarter in self.rates if quarter.assumed)

    def warnings(self) -> list[str]:
        """Return one line per assumed quarter (printed on stderr and shown on the web page)."""
        return [f"assumed: {quarter.warning()}" for quarter in self.assumed]

    @property
    def entry_dates(self) -> tuple[dt.date, dt.date] | None:
        """Return the first and last entry dates of the lines (``None`` when there is none)."""
        if self.lines.is_empty():
            return None
        dates = self.lines["entry_date"].drop_nulls()
        return (dates.min(), dates.max()) if len(dates) else None  # type: ignore[return-value]

    @property
    def ieepa_total(self) -> float:
        """Return the IEEPA duty of the computed lines."""
        return float(round_cents(self.lines["ieepa_duty"].sum() or 0.0))

    @property
    def interest_total(self) -> float:
        """Return the interest of the computed lines."""
        return float(round_cents(self.lines["interest"].sum() or 0.0))

    def to_json(self) -> dict[str, Any]:
        """Return ``{as_of, corporate, ieepa_total, interest_total, rates, warnings, lines}``."""
        return {
            "as_of": self.as_of.isoformat(),
            "corporate": self.corporate,
            "ieepa_total": self.ieepa_total,
            "interest_total": self.interest_total,
            "rates": [quarter.to_json() for quarter in self.rates],
            "warnings": self.warnings(),
            "lines": [
                {**row, "entry_date": str(row["entry_date"]) if row["entry_date"] is not None else None}
                for row in self.lines.iter_rows(named=True)
            ],
        }


def estimate_refunds(
    source: Path, as_of: dt.date | None = None, corporate: bool = False, limits: Limits | None = None
) -> RefundEstimate:
    """Return the refund estimate of the entry lines in ``source`` (CSV or Parquet).

    Interest runs to ``as_of`` (default: today), whatever the date: quarters without a shipped
    rate take the last published one and are listed as assumed. ``limits`` bound the rows read
    (the web app's ``GOLDENAGE_MAX_UPLOAD_ROWS``).
    """
    limits = limits or Limits()
    day = dt.date.today() if as_of is None else as_of
    _, names = scan(source)
    if "entry_number" not in names:
        msg = f"{source} lacks the column entry_number"
        field = "ENTRIES"
        raise InputError(field, msg, "columns entry_number, entry_date, hts10, origin, customs_value")
    chunks = []
    first_deposit: np.datetime64 | None = None
    rows = 0
    for chunk in read_chunks(source):
        rows += chunk.height
        limits.check_rows(rows)
        computed = compute(chunk, "actual")
        duty = computed[AUTHORITY].to_numpy().astype(np.float64)
        dates = computed["entry_date"].cast(pl.Utf8).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
        ok = ~np.isnan(duty)
        interest = np.full(len(duty), np.nan)
        if ok.any():
            deposit = dates.to_numpy()[ok].astype("datetime64[D]")
            interest[ok] = overpayment_interest_many(duty[ok], deposit, day, corporate=corporate)
            owed = deposit[duty[ok] > 0]  # the quarters listed are those of deposits that earn interest
            if len(owed):
                earliest = owed.min()
                first_deposit = earliest if first_deposit is None else min(first_deposit, earliest)
        interest[ok] = round_cents(interest[ok])
        chunks.append(
            pl.DataFrame(
                {
                    "entry_number": computed["entry_number"].cast(pl.Utf8),
                    "hts10": computed["hts10"].cast(pl.Utf8),
                    "entry_date": dates,
                    "ieepa_duty": pl.Series(duty, nan_to_null=True),
                    "interest": pl.Series(interest, nan_to_null=True),
                    "error": computed["error"].cast(pl.Utf8),
                },
                schema=LINES,
            )
        )
    lines = pl.concat(chunks) if chunks else pl.DataFrame(schema=LINES)  # a file of a header only
    rates = () if first_deposit is None else overpayment_rates(first_deposit.astype(dt.date), day, corporate)
    return RefundEstimate(day, lines, corporate, rates)
