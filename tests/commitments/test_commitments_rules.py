"""Deadline rules: hand-computed due dates (the arithmetic is written out) and invariants."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from goldenage.commitments.holidays import is_business_day
from goldenage.commitments.rules import PerYear, add_months, parse_rule, rule_from_row, rule_to_row

D = dt.date
SUMMIT = D(2025, 10, 28)


def due(raw: dict, made_on: D = SUMMIT) -> D | None:
    return parse_rule(raw).anchored(made_on).due_date()


# --- within N days -----------------------------------------------------------------------------


def test_within_180_days_of_the_summit() -> None:
    # 2025-10-28 + 180 days: 3 days to 2025-10-31 (3), November 30 (33), December 31 (64),
    # January 31 (95), February 28 (123, 2026 is not a leap year), March 31 (154), then 26 days
    # into April: 154 + 26 = 180 -> 2026-04-26.
    assert due({"kind": "within_days", "days": 180}) == D(2026, 4, 26)


def test_within_days_from_the_us_date_is_one_day_earlier() -> None:
    # The framework is dated 2025-10-27 in Washington: one day earlier, so 2026-04-25.
    assert due({"kind": "within_days", "days": 180, "from": "2025-10-27"}) == D(2026, 4, 25)


def test_within_days_across_a_leap_day() -> None:
    # 2024-02-28 + 1 day = 2024-02-29 (2024 is a leap year); + 2 days = 2024-03-01.
    assert due({"kind": "within_days", "days": 1, "from": "2024-02-28"}) == D(2024, 2, 29)
    assert due({"kind": "within_days", "days": 2, "from": "2024-02-28"}) == D(2024, 3, 1)
    # 2024 has 366 days: 2024-01-01 + 365 days is 2024-12-31, not 2025-01-01.
    assert due({"kind": "within_days", "days": 365, "from": "2024-01-01"}) == D(2024, 12, 31)


def test_within_72_hours_of_the_ceasefire() -> None:
    # Ceasefire 2025-12-27 12:00; 72 hours = 3 days -> 2025-12-30 (the month ends on the 31st).
    assert due({"kind": "within_days", "days": 3, "from": "2025-12-27"}) == D(2025, 12, 30)


# --- within N months ---------------------------------------------------------------------------


def test_within_six_months_of_the_summit() -> None:
    # October + 6 months = April (of 2026); day 28 exists in April -> 2026-04-28.
    assert due({"kind": "within_months", "months": 6}) == D(2026, 4, 28)


@pytest.mark.parametrize(
    ("start", "months", "expected", "why"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28), "August + 6 = February 2026, which has 28 days: 31 -> 28"),
        (D(2023, 8, 31), 6, D(2024, 2, 29), "February 2024 has 29 days (leap year): 31 -> 29"),
        (D(2024, 2, 29), 12, D(2025, 2, 28), "February 2025 has 28 days: 29 -> 28"),
        (D(2024, 2, 29), 48, D(2028, 2, 29), "2028 is a leap year again: no clamping"),
        (D(2025, 1, 31), 1, D(2025, 2, 28), "January 31 + 1 month = February 28 (2025)"),
        (D(2025, 1, 31), 2, D(2025, 3, 31), "counted from the start, not month by month: March 31"),
        (D(2025, 10, 31), 1, D(2025, 11, 30), "November has 30 days: 31 -> 30"),
        (D(2025, 11, 30), 3, D(2026, 2, 28), "November + 3 = February 2026 (28 days): 30 -> 28"),
        (D(2025, 12, 15), 1, D(2026, 1, 15), "December + 1 = January of the next year"),
        (D(2025, 11, 12), 60, D(2030, 11, 12), "Toyota's five years: 60 months later, same day"),
    ],
)
def test_within_months_clamps_to_the_end_of_the_month(start: D, months: int, expected: D, why: str) -> None:
    assert add_months(start, months) == expected, why
    assert due({"kind": "within_months", "months": months, "from": start.isoformat()}) == expected


# --- by date, none, business days ----------------------------------------------------------------


def test_by_date_and_no_deadline() -> None:
    assert due({"kind": "by_date", "date": "2026-07-04"}) == D(2026, 7, 4)
    assert due({"kind": "none"}) is None


def test_45_business_days_after_the_first_tranche() -> None:
    # Notice 2026-02-17 (Tuesday); the notice day is not counted. Washington's Birthday
    # (2026-02-16) is before it and no federal holiday falls until Memorial Day (2026-05-25):
    # Feb 18-20 = 3, Feb 23-27 = 8, Mar 2-6 = 13, Mar 9-13 = 18, Mar 16-20 = 23, Mar 23-27 = 28,
    # Mar 30-Apr 3 = 33, Apr 6-10 = 38, Apr 13-17 = 43, Apr 20 = 44, Apr 21 = 45 -> 2026-04-21.
    rule = {"kind": "business_days_after", "days": 45, "from": "2026-02-17"}
    assert due(rule) == D(2026, 4, 21)
    # On calendar days it would be 2026-02-17 + 45 = 2026-04-03 (11 days to Feb 28, 31 to Mar 31).
    assert due({"kind": "within_days", "days": 45, "from": "2026-02-17"}) == D(2026, 4, 3)


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (
            D(2026, 7, 2),
            1,
            D(2026, 7, 6),
            "Fri 2026-07-03 is Independence Day observed (July 4 is a Saturday)",
        ),
        (D(2025, 12, 24), 3, D(2025, 12, 30), "Thu Dec 25 skipped: Fri 26 (1), Mon 29 (2), Tue 30 (3)"),
        (
            D(2026, 1, 17),
            1,
            D(2026, 1, 20),
            "from a Saturday: Mon Jan 19 is Martin Luther King Day -> Tue 20",
        ),
        (D(2027, 12, 30), 1, D(2028, 1, 3), "Fri 2027-12-31 is New Year's Day 2028 observed -> Mon Jan 3"),
        (D(2025, 11, 7), 10, D(2025, 11, 24), "Tue Nov 11 (Veterans Day) skipped: Nov 10, 12-14, 17-21, 24"),
        (D(2027, 6, 17), 1, D(2027, 6, 21), "Fri 2027-06-18 is Juneteenth observed (June 19 is a Saturday)"),
    ],
)
def test_business_days_skip_weekends_and_observed_holidays(
    start: D, days: int, expected: D, why: str
) -> None:
    rule = {"kind": "business_days_after", "days": days, "from": start.isoformat()}
    assert due(rule) == expected, why


# --- recurring -----------------------------------------------------------------------------------


def test_per_year_calendar_years() -> None:
    # From 2026-01-01, three yearly periods end on 2026-12-31, 2027-12-31 and 2028-12-31.
    rule = parse_rule({"kind": "per_year", "from": "2026-01-01", "years": 3})
    assert rule.occurrences() == [D(2026, 12, 31), D(2027, 12, 31), D(2028, 12, 31)]
    assert rule.due_date() == D(2026, 12, 31)


def test_per_year_across_leap_days() -> None:
    # From 2024-03-01: period k ends at 2024-03-01 + k years - 1 day, i.e. the last day of
    # February: 2025-02-28, 2026-02-28, 2027-02-28, and 2028-02-29 in the leap year.
    rule = parse_rule({"kind": "per_year", "from": "2024-03-01", "years": 4})
    assert rule.occurrences() == [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]
    # From 2024-02-29: + 1 year clamps to 2025-02-28, minus one day = 2025-02-27; the next period
    # starts on 2025-02-28.
    leap = parse_rule({"kind": "per_year", "from": "2024-02-29", "years": 2})
    assert leap.occurrences() == [D(2025, 2, 27), D(2026, 2, 27)]


def test_per_year_open_ended_lists_ten_periods() -> None:
    rule = parse_rule({"kind": "per_year"}).anchored(D(2025, 7, 22))
    # First period 2025-07-22 .. 2026-07-21; the tenth ends 2035-07-21.
    assert rule.occurrences()[0] == D(2026, 7, 21)
    assert rule.occurrences()[-1] == D(2035, 7, 21)
    assert len(rule.occurrences()) == 10


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "within_days", "days": 0},
        {"kind": "within_months", "months": -1},
        {"kind": "by_date"},
        {"kind": "by_date", "date": "2026-2-3"},
        {"kind": "sometime"},
        {"kind": "within_days", "days": 10, "unknown": 1},
    ],
)
def test_malformed_rules_are_refused(raw: dict) -> None:
    with pytest.raises(ValidationError):
        parse_rule(raw)


def test_unanchored_rule_cannot_compute() -> None:
    with pytest.raises(ValueError, match="no 'from' date"):
        parse_rule({"kind": "within_days", "days": 3}).due_date()


# --- invariants ----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(start=dates, months=st.integers(min_value=1, max_value=600))
def test_add_months_lands_in_the_target_month_never_before_the_start(start: D, months: int) -> None:
    result = add_months(start, months)
    assert result > start
    index = start.year * 12 + start.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1)
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])


@given(first=dates, second=dates, months=st.integers(min_value=1, max_value=240))
def test_add_months_keeps_order(first: D, second: D, months: int) -> None:
    low, high = sorted((first, second))
    assert add_months(low, months) <= add_months(high, months)


@given(start=dates, months=st.integers(min_value=1, max_value=240))
def test_month_end_clamping_only_when_the_day_is_missing(start: D, months: int) -> None:
    result = add_months(start, months)
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == start.day or (result.day == last and start.day > last)


@given(start=dates, days=st.integers(min_value=1, max_value=3650))
def test_within_days_is_exactly_n_days_later(start: D, days: int) -> None:
    result = due({"kind": "within_days", "days": days, "from": start.isoformat()})
    assert result is not None
    assert (result - start).days == days


@given(start=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)), days=st.integers(1, 120))
def test_business_days_count_exactly_n_business_days(start: D, days: int) -> None:
    result = due({"kind": "business_days_after", "days": days, "from": start.isoformat()})
    assert result is not None
    assert result > start
    assert is_business_day(result)
    span = [start + dt.timedelta(days=k) for k in range(1, (result - start).days + 1)]
    assert sum(is_business_day(day) for day in span) == days


@given(start=dates, years=st.integers(min_value=1, max_value=30))
def test_per_year_periods_tile_without_gaps(start: D, years: int) -> None:
    rule = PerYear(kind="per_year", anchor=start, years=years)
    ends = rule.occurrences()
    assert len(ends) == years
    assert ends[0] >= start
    assert all(a < b for a, b in zip(ends, ends[1:], strict=False))
    # The day after the end of period k is the start of period k+1: start + k years (clamped).
    for k, end in enumerate(ends, start=1):
        assert end + dt.timedelta(days=1) == add_months(start, 12 * k)


rules = st.one_of(
    st.builds(lambda n: {"kind": "within_days", "days": n}, st.integers(1, 5000)),
    st.builds(lambda n: {"kind": "within_months", "months": n}, st.integers(1, 600)),
    st.builds(lambda n: {"kind": "business_days_after", "days": n}, st.integers(1, 300)),
    st.builds(lambda d: {"kind": "by_date", "date": d.isoformat()}, dates),
    st.builds(lambda n: {"kind": "per_year", "years": n}, st.none() | st.integers(1, 20)),
    st.just({"kind": "none"}),
)


@given(raw=rules, made_on=st.dates(min_value=D(2000, 1, 1), max_value=D(2080, 12, 31)))
def test_rules_survive_the_database_columns(raw: dict, made_on: D) -> None:
    rule = parse_rule(raw).anchored(made_on)
    again = rule_from_row(rule_to_row(rule))
    assert again.due_date() == rule.due_date()
    assert again.occurrences() == rule.occurrences()
    assert again.describe() == rule.describe()


@given(raw=rules.filter(lambda r: r["kind"] not in ("by_date", "none")), made_on=dates)
def test_a_computed_due_date_is_never_before_its_anchor(raw: dict, made_on: D) -> None:
    rule = parse_rule(raw).anchored(made_on)
    assert all(day >= made_on for day in rule.occurrences())
