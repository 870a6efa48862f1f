"""Validation of entry inputs, shared by the Python API, the CLI and (later) the web app.

Each function takes what a user typed and returns a typed value, or raises
:class:`~goldenage.errors.InputError` naming the field and the accepted form.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number, parse_positive

Transport = Literal["ocean", "air", "land"]
TRANSPORTS: tuple[Transport, ...] = ("ocean", "air", "land")
MAX_QUANTITY = MAX_AMOUNT_USD  # units of any kind: 1e15 kg is ten thousand times world steel output


def parse_date(value: str | dt.date, field: str = "--date") -> dt.date:
    """Return a date from ``YYYY-MM-DD`` text (or pass a ``date`` through)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    msg = f"{value!r} is not a valid date"
    raise InputError(field, msg, "a calendar date as YYYY-MM-DD, e.g. 2025-10-01")


def parse_value(value: str | float, field: str = "--value") -> float:
    """Return a customs value in US dollars (> 0)."""
    return parse_positive(value, field, "a positive amount of US dollars up to 1e15, e.g. 30000 or 30000.50")


def parse_quantity(value: str | float | None, field: str = "--quantity") -> float | None:
    """Return a quantity (>= 0) or ``None`` when not given."""
    if value is None:
        return None
    accepted = "a non-negative number in the unit of the rate (see --unit), at most 1e15"
    number = parse_number(value, field, accepted, maximum=MAX_QUANTITY)
    if number < 0:
        msg = f"{value!r} is negative"
        raise InputError(field, msg, accepted)
    return number


def parse_transport(value: str | None, field: str = "--transport") -> Transport:
    """Return the mode of transport; ``None`` means ocean (the default)."""
    if value is None:
        return "ocean"
    text = str(value).strip().lower()
    for transport in TRANSPORTS:
        if text == transport:
            return transport
    msg = f"{value!r} is not a mode of transport"
    raise InputError(field, msg, "one of ocean, air, land")
