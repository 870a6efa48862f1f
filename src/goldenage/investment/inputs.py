"""Validation of what a user types for the investment commands.

Each function returns a typed value or raises :class:`~goldenage.errors.InputError` naming
the field and the accepted form, so the CLI exits 2 with one line.
"""

from __future__ import annotations

from typing import Any

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number, parse_positive, parse_whole

MAX_RATE = 1.0  # 100% a year: no deemed interest rate of the MOU's kind comes near it
RATE_ACCEPTED = "an annual rate as a fraction greater than -1 and at most 1, e.g. 0.05 for 5%"
YEARS_ACCEPTED = "a whole number of years from 1 to 100"
CASH_ACCEPTED = "a non-negative amount of US dollars per period up to 1e15, e.g. 150000000"
PATHS_ACCEPTED = "a whole number of paths from 1 to 100000000"
SEED_ACCEPTED = "a whole number from 0 to 2**63-1"
MAX_YEARS = 100


def parse_amount(value: Any, field: str = "--amount") -> float:
    """Return an amount Japan funds, in US dollars (> 0)."""
    return parse_positive(value, field, "a positive amount of US dollars up to 1e15, e.g. 1000000000")


def parse_cash(value: Any, field: str = "--cash-flow") -> float:
    """Return a distributable cash flow of one period, in US dollars (>= 0)."""
    result = parse_number(value, field, CASH_ACCEPTED, maximum=MAX_AMOUNT_USD)
    if result < 0:
        msg = f"{value!r} is negative (distributable cash is never negative)"
        raise InputError(field, msg, CASH_ACCEPTED)
    return result


def parse_rate(value: Any, field: str = "--deemed-rate") -> float:
    """Return an annual deemed interest rate (a fraction > -1, at most :data:`MAX_RATE`)."""
    result = parse_number(value, field, RATE_ACCEPTED, maximum=MAX_RATE)
    if result <= -1:
        msg = f"{value!r} is not above -1 (-100%)"
        raise InputError(field, msg, RATE_ACCEPTED)
    return result


def parse_years(value: Any, field: str = "--years") -> int:
    """Return a project life in whole years (1 to 100)."""
    return parse_whole(value, field, YEARS_ACCEPTED, 1, MAX_YEARS)


def choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    """Return ``value`` lower-cased if it is one of ``allowed``."""
    text = str(value).strip().lower()
    if text not in allowed:
        msg = f"unknown value {value!r}"
        raise InputError(field, msg, " or ".join(allowed))
    return text
