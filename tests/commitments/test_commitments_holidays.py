"""US federal holidays: the statute's rules give exactly OPM's list; observance rules."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from goldenage.commitments.holidays import add_business_days, holiday_file, is_business_day, observed_holidays

D = dt.date


def test_rules_reproduce_the_opm_list_for_2025_to_2027() -> None:
    listed = holiday_file().opm_list
    first, last = listed.years
    computed = {day: name for year in range(first, last + 1) for day, name in observed_holidays(year).items()}
    assert computed == {item.date: item.holiday for item in listed.observed}
    assert (first, last) == (2025, 2027)
    assert len(listed.observed) == 11 + 11 + 12  # 2027 also holds New Year's Day 2028 (Dec 31)


def test_weekend_holidays_move_to_the_nearest_weekday() -> None:
    # July 4, 2026 is a Saturday: observed Friday July 3 (5 U.S.C. 6103(b)(1)).
    assert observed_holidays(2026)[D(2026, 7, 3)] == "Independence Day"
    # July 4, 2027 is a Sunday: observed Monday July 5 (EO 11582 sec. 3(a)).
    assert observed_holidays(2027)[D(2027, 7, 5)] == "Independence Day"
    # January 1, 2028 is a Saturday: observed Friday December 31, 2027, inside 2027.
    assert observed_holidays(2027)[D(2027, 12, 31)] == "New Year's Day"
    assert D(2028, 1, 1) not in observed_holidays(2028)


def test_juneteenth_only_from_2021() -> None:
    assert "Juneteenth National Independence Day" not in observed_holidays(2020).values()
    assert observed_holidays(2021)[D(2021, 6, 18)] == "Juneteenth National Independence Day"  # a Saturday


def test_business_days_report_the_holidays_passed_over() -> None:
    # 3 business days after Wed 2025-12-24: Thu 25 (Christmas) is passed over.
    day, skipped = add_business_days(D(2025, 12, 24), 3)
    assert day == D(2025, 12, 30)
    assert skipped == [(D(2025, 12, 25), "Christmas Day")]


def test_every_holiday_rule_is_cited() -> None:
    data = holiday_file()
    assert {c.title for c in data.reference} >= {"5 U.S.C. 6103 Holidays"}
    assert str(data.opm_list.reference.href).startswith("https://www.opm.gov/")
    assert len(data.holidays) == 11


@given(year=st.integers(min_value=2021, max_value=2100))
def test_eleven_observed_weekday_holidays_a_year_around_new_year(year: int) -> None:
    days = observed_holidays(year)
    assert all(day.weekday() < 5 for day in days)
    assert all(not is_business_day(day) for day in days)
    # 11 holidays a year; a year can gain New Year's Day of the next year (Dec 31) and lose its own.
    assert len(days) in (10, 11, 12)


def test_one_holiday_calendar_for_every_engine() -> None:
    # One fact, one file: the investment engine counts the MOU's funding window with the same rules.
    from goldenage.investment.calendar import holiday_file as investment_holidays

    assert investment_holidays() is holiday_file()
