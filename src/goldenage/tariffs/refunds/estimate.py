"""The IEEPA duty deposited on each entry line and the interest CBP owes on its refund.

For every line the engine computes, under the law as in force (the ``actual`` scenario),
the IEEPA reciprocal component: the duty deposited without legal basis after *Learning
Resources, Inc. v. Trump* (2026-02-20). Interest runs from the entry date (taken as the
deposit date) to the as-of date at the quarterly overpayment rates (19 U.S.C. 1505(c); see
:mod:`goldenage.tariffs.refunds.interest`). See ``docs/refunds.md`` for the legal status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage import params
from goldenage.errors import InputError
from goldenage.money import round_cents
from goldenage.tariffs.batch import compute, read_chunks
from goldenage.tariffs.refunds.interest import overpayment_interest_many, overpayment_rate_id

AUTHORITY = "ieepa_reciprocal"


def last_rate_day(corporate: bool = False) -> dt.date:
    """Return the last day covered by the shipped overpayment rates."""
    periods = params.get(overpayment_rate_id(corporate)).periods
    covered = [p for p in periods if p.value is not None]
    last = covered[-1]
    if last.end is not None:
        return last.end
    return dt.date.today()


@dataclass(frozen=True)
class RefundEstimate:
    """Per-line IEEPA duty and interest, with totals."""

    as_of: dt.date
    lines: pl.DataFrame  # entry_number, hts10, entry_date, ieepa_duty, interest, error

    @property
    def ieepa_total(self) -> float:
        """Return the IEEPA duty of the computed lines."""
        return float(round_cents(self.lines["ieepa_duty"].sum() or 0.0))

    @property
    def interest_total(self) -> float:
        """Return the interest of the computed lines."""
        return float(round_cents(self.lines["interest"].sum() or 0.0))

    def to_json(self) -> dict[str, Any]:
        """Return ``{ieepa_total, interest_total, lines: [...]}`` (plus the as-of date)."""
        return {
            "as_of": self.as_of.isoformat(),
            "ieepa_total": self.ieepa_total,
            "interest_total": self.interest_total,
            "lines": [
                {**row, "entry_date": str(row["entry_date"]) if row["entry_date"] is not None else None}
                for row in self.lines.iter_rows(named=True)
            ],
        }


def estimate_refunds(source: Path, as_of: dt.date | None = None, corporate: bool = False) -> RefundEstimate:
    """Return the refund estimate of the entry lines in ``source`` (CSV or Parquet)."""
    last = last_rate_day(corporate)
    day = last if as_of is None else as_of
    if day > last:
        msg = f"{day} is after {last}, the last day of the shipped overpayment interest rates"
        field = "--as-of"
        raise InputError(field, msg, f"a date up to {last}")
    chunks = []
    for chunk in read_chunks(source):
        if "entry_number" not in chunk.columns:
            msg = f"{source} lacks the column entry_number"
            field = "ENTRIES"
            raise InputError(field, msg, "columns entry_number, entry_date, hts10, origin, customs_value")
        computed = compute(chunk, "actual")
        duty = computed[AUTHORITY].to_numpy().astype(np.float64)
        dates = computed["entry_date"].cast(pl.Utf8).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
        ok = ~np.isnan(duty)
        interest = np.full(len(duty), np.nan)
        if ok.any():
            deposit = dates.to_numpy()[ok].astype("datetime64[D]")
            interest[ok] = overpayment_interest_many(duty[ok], deposit, day, corporate=corporate)
        interest[ok] = round_cents(interest[ok])
        chunks.append(
            pl.DataFrame(
                {
                    "entry_number": computed["entry_number"].cast(pl.Utf8),
                    "hts10": computed["hts10"].cast(pl.Utf8),
                    "entry_date": dates,
                    "ieepa_duty": pl.Series(duty, nan_to_null=True),
                    "interest": pl.Series(interest, nan_to_null=True),
                    "error": computed["error"],
                }
            )
        )
    lines = pl.concat(chunks) if chunks else pl.DataFrame()
    return RefundEstimate(day, lines)
