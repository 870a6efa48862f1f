"""US federal holidays and business days, for the "N business days after" deadline rule.

The rules and their law (5 U.S.C. 6103, EO 11582) and OPM's 2025-2027 list are shared with the
investment engine in :mod:`goldenage.holidays` (data: ``data/calendar/us_federal_holidays.yaml``).
"""

from __future__ import annotations

import datetime as dt

from goldenage.holidays import add_days, holiday_file, is_business_day, observed_holidays


def add_business_days(start: dt.date, count: int) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """Return the ``count``-th business day after ``start``, and the holidays passed over.

    ``start`` itself is never counted, whatever day it is: the first day counted is the first
    business day after it. ``count`` must be at least 1.
    """
    if count < 1:
        msg = f"count must be at least 1, got {count}"
        raise ValueError(msg)
    return add_days(start, count, "business")


__all__ = ["add_business_days", "holiday_file", "is_business_day", "observed_holidays"]
