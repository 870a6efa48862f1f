"""US federal holidays and business days, shared by every engine that counts them.

Law: 5 U.S.C. 6103(a) (legal public holidays), 6103(b)(1) and Executive Order 11582 sec. 3(a)
(a holiday on a Saturday is observed on the Friday before, on a Sunday on the Monday after),
written with their citations in ``data/calendar/us_federal_holidays.yaml``, which also holds
OPM's list of observed days for 2025-2027 (checked against the rules by the tests). A business
day is a Monday to Friday that is not an observed holiday. Counting "N days after" a date
excludes that date: the first day counted is the next (business) day. Used by the MOU's
funding window (:mod:`goldenage.investment.lifecycle`) and the "N business days after" deadline
rule (:mod:`goldenage.commitments.rules`).
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.provenance.citation import Citation

HOLIDAY_FILE = ("calendar", "us_federal_holidays.yaml")
DAY_COUNTS = ("business", "calendar")


class HolidayRule(BaseModel):
    """A fixed date (``month``/``day``) or the ``nth`` ``weekday`` (0 = Monday; -1 = last)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    month: int = Field(ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=0, le=6)
    nth: int | None = Field(default=None, ge=-1, le=5)
    from_year: int | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> HolidayRule:
        if (self.day is None) == (self.weekday is None or self.nth is None):
            msg = f"{self.name}: give either day, or weekday and nth"
            raise ValueError(msg)
        return self

    def date_in(self, year: int) -> dt.date | None:
        """Return the holiday's date in ``year`` (before weekend observance), if it exists then."""
        if self.from_year is not None and year < self.from_year:
            return None
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        days = [
            week[self.weekday]
            for week in cal.monthcalendar(year, self.month)
            if week[self.weekday]  # type: ignore[index]
        ]
        return dt.date(year, self.month, days[self.nth - 1 if self.nth > 0 else -1])  # type: ignore[operator]


class Observance(BaseModel):
    """Days added to a holiday that falls on a Saturday or a Sunday."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    saturday: int
    sunday: int


class ListedDay(BaseModel):
    """One observed day of OPM's published list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    holiday: str


class OpmList(BaseModel):
    """OPM's list of observed days for the years ``years[0]`` to ``years[1]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: Citation
    years: tuple[int, int]
    observed: list[ListedDay] = Field(min_length=1)


class HolidayFile(BaseModel):
    """The content of ``us_federal_holidays.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    reference: list[Citation] = Field(min_length=1)
    observed: Observance
    holidays: list[HolidayRule] = Field(min_length=1)
    opm_list: OpmList


@cache
def holiday_file() -> HolidayFile:
    """Return the shipped holiday rules and OPM's list (a broken file raises DataFileError)."""
    path = data_dir().joinpath(*HOLIDAY_FILE)
    try:
        return HolidayFile.model_validate(read_yaml(path))
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors())
        msg = f"{path}: {problems}"
        raise DataFileError(msg) from err


@cache
def observed_holidays(year: int) -> dict[dt.date, str]:
    """Return the observed federal holidays falling in ``year`` (date -> name), in date order."""
    rules = holiday_file()
    shift = {5: rules.observed.saturday, 6: rules.observed.sunday}
    found: dict[dt.date, str] = {}
    for source_year in (year - 1, year, year + 1):  # Jan 1 on a Saturday is observed on Dec 31
        for rule in rules.holidays:
            day = rule.date_in(source_year)
            if day is None:
                continue
            observed = day + dt.timedelta(days=shift.get(day.weekday(), 0))
            if observed.year == year:
                found[observed] = rule.name
    return dict(sorted(found.items()))


def is_business_day(day: dt.date) -> bool:
    """Return whether ``day`` is a Monday to Friday that is not an observed federal holiday."""
    return day.weekday() < 5 and day not in observed_holidays(day.year)


def add_days(start: dt.date, days: int, count: str) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """Return the ``days``-th day after ``start`` and the holidays passed over on the way.

    ``count`` is ``business`` (weekends and observed federal holidays are not counted) or
    ``calendar``; ``start`` itself is never counted.
    """
    if count == "calendar":
        return start + dt.timedelta(days=days), []
    skipped: list[tuple[dt.date, str]] = []
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            counted += 1
        elif day.weekday() < 5:
            skipped.append((day, observed_holidays(day.year)[day]))
    return day, skipped


def citations() -> list[Citation]:
    """Return the citations of the holiday rules."""
    return list(holiday_file().reference)
