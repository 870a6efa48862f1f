"""US federal business days (5 U.S.C. 6103; EO 11582) for the MOU's funding window."""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.investment import calendar

D = dt.date


def test_2026_holidays_from_the_statute() -> None:
    # 5 U.S.C. 6103(a): Jan 1 (Thu); MLK third Monday of January: Jan 5, 12, 19 -> Jan 19;
    # Washington's Birthday third Monday of February: Feb 2, 9, 16 -> Feb 16; Memorial Day last
    # Monday of May: May 25; Juneteenth June 19 (Fri); July 4 is a Saturday -> observed Fri July 3
    # (6103(b)(1)); Labor Day first Monday of September: Sep 7; Columbus Day second Monday of
    # October: Oct 5, 12 -> Oct 12; Nov 11 (Wed); Thanksgiving fourth Thursday: Nov 5, 12, 19, 26 ->
    # Nov 26; Dec 25 (Fri).
    assert sorted(calendar.observed_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 1, 19),
        D(2026, 2, 16),
        D(2026, 5, 25),
        D(2026, 6, 19),
        D(2026, 7, 3),
        D(2026, 9, 7),
        D(2026, 10, 12),
        D(2026, 11, 11),
        D(2026, 11, 26),
        D(2026, 12, 25),
    ]


def test_weekend_observance() -> None:
    # 2027: June 19 and Dec 25 are Saturdays -> Fri June 18, Fri Dec 24; Jan 1 2028 is a Saturday ->
    # Fri Dec 31 2027. 2028: July 4 is a Tuesday. 2021... Juneteenth only from 2021 (Pub. L. 117-17).
    y2027 = calendar.observed_holidays(2027)
    assert D(2027, 6, 18) in y2027
    assert D(2027, 12, 24) in y2027
    assert y2027[D(2027, 12, 31)] == "New Year's Day"
    assert D(2028, 1, 1) not in calendar.observed_holidays(2028)
    # 2022: Jan 1 Saturday -> Dec 31 2021; 2023: Jan 1 Sunday -> Mon Jan 2 (EO 11582 sec. 3(a)).
    assert D(2023, 1, 2) in calendar.observed_holidays(2023)
    assert all(day.month != 6 or day.day != 19 for day in calendar.observed_holidays(2020))


def test_45_business_days_after_the_tranche_1_announcement() -> None:
    # Notice 2026-02-17 (Tue), not counted. Feb 18-27: 8 weekdays; March: 22; total 30.
    # April 1-3: 33; 6-10: 38; 13-17: 43; Mon 20: 44; Tue 21: 45. No holiday in between
    # (Washington's Birthday was Feb 16).
    assert calendar.add_days(D(2026, 2, 17), 45, "business") == (D(2026, 4, 21), [])
    # Calendar days: Feb 17 + 11 = Feb 28, + 31 = Mar 31, + 3 = Apr 3.
    assert calendar.add_days(D(2026, 2, 17), 45, "calendar") == (D(2026, 4, 3), [])


def test_business_days_across_the_year_end() -> None:
    # Notice 2026-12-01 (Tue). December: 2-4 (3), 7-11 (8), 14-18 (13), 21-24 (17; Fri 25 Christmas),
    # 28-31 (21). January 2027: Fri 1 New Year's Day; 4-8 (26), 11-15 (31), Mon 18 MLK, 19-22 (35),
    # 25-29 (40); February 1-5 (45) -> Fri 2027-02-05.
    day, skipped = calendar.add_days(D(2026, 12, 1), 45, "business")
    assert day == D(2027, 2, 5)
    assert [d for d, _ in skipped] == [D(2026, 12, 25), D(2027, 1, 1), D(2027, 1, 18)]


@pytest.mark.parametrize(
    ("day", "business"),
    [(D(2026, 4, 18), False), (D(2026, 4, 19), False), (D(2026, 7, 3), False), (D(2026, 7, 6), True)],
)
def test_is_business_day(day: dt.date, business: bool) -> None:
    # Sat, Sun, observed Independence Day, an ordinary Monday.
    assert calendar.is_business_day(day) is business


def test_the_rules_are_cited() -> None:
    titles = [c.title for c in calendar.citations()]
    assert titles[0] == "5 U.S.C. 6103 Holidays"
    assert any("11582" in title for title in titles)
