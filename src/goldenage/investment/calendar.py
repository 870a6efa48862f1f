"""US federal business days, for the MOU's funding window after a selection notice.

The rules and their law (5 U.S.C. 6103, EO 11582) are shared with the commitments tracker in
:mod:`goldenage.holidays` (data: ``data/calendar/us_federal_holidays.yaml``).
"""

from __future__ import annotations

from goldenage.holidays import (
    DAY_COUNTS,
    HolidayFile,
    HolidayRule,
    Observance,
    add_days,
    citations,
    holiday_file,
    is_business_day,
    observed_holidays,
)

__all__ = [
    "DAY_COUNTS",
    "HolidayFile",
    "HolidayRule",
    "Observance",
    "add_days",
    "citations",
    "holiday_file",
    "is_business_day",
    "observed_holidays",
]
