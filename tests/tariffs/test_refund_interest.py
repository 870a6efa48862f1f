"""Interest on overpaid duties, worked by hand from 19 U.S.C. 1505(c) and 26 U.S.C. 6621/6622.

The rates are those of the IRS quarterly rulings (Rev. Rul. 2024-25 for Q1 2025, 2025-7, 2025-11,
2025-18, 2025-22: 7% non-corporate / 6% corporate; Rev. Rul. 2026-5 for Q2 2026: 6% / 5%),
compounded daily at rate/365 (2025, 2026 and 2027 have 365 days); quarters after Q2 2026 carry
the Q2 2026 rate forward (no later ruling is shipped). Expected values are written from those
rates, never read from data/.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.errors import InputError
from goldenage.params import load_parameter_file
from goldenage.tariffs.refunds import (
    InterestRateUnavailableError,
    overpayment_interest,
    overpayment_interest_many,
    overpayment_rate_id,
    overpayment_rates,
)
from goldenage.tariffs.refunds.interest import _days_in_year
from goldenage.tariffs.refunds.rates import daily_rates, rate_quarters

D = dt.date
REL = 1e-11  # the daily factors are summed as logarithms; results agree with the powers to ~1e-13


def compounded(amount: float, *segments: tuple[float, int]) -> float:
    """Return amount x (prod (1 + rate/365)^days - 1) over (rate, days) segments."""
    growth = 1.0
    for rate, days in segments:
        growth *= (1 + rate / 365) ** days
    return amount * (growth - 1)


@pytest.mark.parametrize(
    ("deposit", "as_of", "corporate", "segments", "approx_usd"),
    [
        # Q1 2025 in full: 2025-01-01 .. 2025-03-31 = 31 + 28 + 31 = 90 days at 7%.
        (D(2025, 1, 1), D(2025, 4, 1), False, [(0.07, 90)], 174.08),
        # The same quarter for a corporation: 90 days at 6%.
        (D(2025, 1, 1), D(2025, 4, 1), True, [(0.06, 90)], 149.03),
        # Q2 2026 in full, the last verified quarter: 30 + 31 + 30 = 91 days at 6%.
        (D(2026, 4, 1), D(2026, 7, 1), False, [(0.06, 91)], 150.70),
        # Across the 2026-04-01 boundary: March (31 days) at 7%, April (30 days) at 6%.
        (D(2026, 3, 1), D(2026, 5, 1), False, [(0.07, 31), (0.06, 30)], 109.35),
        # Corporate across the same boundary: 31 days at 6%, 30 days at 5%.
        (D(2026, 3, 1), D(2026, 5, 1), True, [(0.06, 31), (0.05, 30)], 92.47),
        # All of 2025, four quarters at 7%: 365 days (about e^0.07 - 1).
        (D(2025, 1, 1), D(2026, 1, 1), False, [(0.07, 365)], 725.01),
        # One day: 10,000 x 0.07 / 365.
        (D(2025, 6, 30), D(2025, 7, 1), False, [(0.07, 1)], 1.92),
    ],
)
def test_daily_compounding_by_hand(
    deposit: dt.date,
    as_of: dt.date,
    corporate: bool,
    segments: list[tuple[float, int]],
    approx_usd: float,
) -> None:
    expected = compounded(10_000, *segments)
    assert round(expected, 2) == approx_usd
    assert overpayment_interest(10_000, deposit, as_of, corporate) == pytest.approx(expected, rel=REL)


def test_rate_is_the_quarters_not_the_deposit_days() -> None:
    # Deposited in Q1 2026 (7%), held through Q2 (6%): each day takes its own quarter's rate.
    held_in_q2_only = overpayment_interest(10_000, D(2026, 4, 1), D(2026, 5, 1))
    assert held_in_q2_only == pytest.approx(compounded(10_000, (0.06, 30)), rel=REL)


@pytest.mark.parametrize(
    ("deposit", "as_of"), [(D(2025, 5, 1), D(2025, 5, 1)), (D(2025, 5, 2), D(2025, 5, 1))]
)
def test_no_interest_until_a_day_has_passed(deposit: dt.date, as_of: dt.date) -> None:
    assert overpayment_interest(10_000, deposit, as_of) == 0.0


def test_zero_amount_earns_zero() -> None:
    assert overpayment_interest(0.0, D(2025, 2, 1), D(2026, 2, 1)) == 0.0


def test_vector_matches_hand_values_and_skips_future_deposits() -> None:
    amounts = np.array([10_000.0, 10_000.0, 5_000.0])
    deposits = np.array(["2026-03-01", "2026-04-01", "2026-06-01"], dtype="datetime64[D]")
    got = overpayment_interest_many(amounts, deposits, D(2026, 5, 1))
    expected = [compounded(10_000, (0.07, 31), (0.06, 30)), compounded(10_000, (0.06, 30)), 0.0]
    assert got == pytest.approx(expected, rel=REL)


_DAY_RANGE = (D(2025, 1, 1), D(2027, 7, 1))  # shipped rates from 2025-01-01, then carried forward


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1e9, allow_nan=False),
            st.dates(min_value=_DAY_RANGE[0], max_value=_DAY_RANGE[1] + dt.timedelta(days=60)),
        ),
        min_size=1,
        max_size=20,
    ),
    st.dates(min_value=_DAY_RANGE[0], max_value=_DAY_RANGE[1]),
    st.booleans(),
)
def test_scalar_and_vector_agree(rows: list[tuple[float, dt.date]], as_of: dt.date, corporate: bool) -> None:
    amounts = np.array([amount for amount, _ in rows])
    deposits = np.array([deposit for _, deposit in rows], dtype="datetime64[D]")
    vector = overpayment_interest_many(amounts, deposits, as_of, corporate)
    scalar = [overpayment_interest(amount, deposit, as_of, corporate) for amount, deposit in rows]
    assert list(vector) == scalar
    assert np.all(vector >= 0)


def test_rate_ids() -> None:
    assert overpayment_rate_id() == "us.cbp.interest.overpayment_rate_noncorporate"
    assert overpayment_rate_id(corporate=True) == "us.cbp.interest.overpayment_rate_corporate"


def test_after_the_last_published_quarter_the_last_rate_is_carried_forward() -> None:
    # Q2 2026 (Rev. Rul. 2026-5: 6%) is the last published quarter shipped. June (30 days) at 6%,
    # then 2026-07-01 (Q3, not shipped) at the 6% carried forward: 31 days at 6%.
    got = overpayment_interest(10_000, D(2026, 6, 1), D(2026, 7, 2))
    assert got == pytest.approx(compounded(10_000, (0.06, 31)), rel=REL)
    # Corporate, to 2027-01-01: Q2 2026 part (30 days) at 5%, Q3 and Q4 (184 days) at 5% carried.
    got = overpayment_interest(10_000, D(2026, 6, 1), D(2027, 1, 1), corporate=True)
    assert got == pytest.approx(compounded(10_000, (0.05, 214)), rel=REL)


def test_the_quarters_applied_say_which_rates_are_assumed() -> None:
    quarters = overpayment_rates(D(2026, 3, 15), D(2027, 2, 1))
    assert [(q.quarter, q.start, q.end, q.rate, q.assumed) for q in quarters] == [
        ("2026-Q1", D(2026, 3, 15), D(2026, 3, 31), 0.07, False),  # Rev. Rul. 2025-22
        ("2026-Q2", D(2026, 4, 1), D(2026, 6, 30), 0.06, False),  # Rev. Rul. 2026-5
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), 0.06, True),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), 0.06, True),
        ("2027-Q1", D(2027, 1, 1), D(2027, 1, 31), 0.06, True),  # as-of day excluded
    ]
    assert quarters[0].citation.document == "Rev. Rul. 2025-22, 2025-48 I.R.B."
    # An assumed quarter cites the published ruling it carries forward, and says so.
    assert quarters[2].citation.document == "Rev. Rul. 2026-5, 2026-8 I.R.B."
    assert quarters[2].warning().startswith("2026-Q3 (2026-07-01 to 2026-09-30): no published")
    assert "6% (2026-Q2, Rev. Rul. 2026-5" in quarters[2].warning()
    assert quarters[1].warning() == ""
    assert quarters[3].to_json()["assumed"] is True
    assert overpayment_rates(D(2026, 5, 1), D(2026, 5, 1)) == ()


def _rates_file(tmp_path, values: str):  # noqa: ANN202 - a Parameter
    path = tmp_path / "rate.yaml"
    path.write_text(
        "description: A quarterly overpayment rate for the test.\n"
        "metadata: {value_type: rate}\n"
        f"values:\n{values}",
        encoding="utf-8",
    )
    return load_parameter_file(path)


def test_a_gap_between_published_rates_is_not_filled(tmp_path) -> None:
    ref = "{title: Rev. Rul. test, document: test}"
    parameter = _rates_file(
        tmp_path,
        f"  2025-01-01: {{value: 0.07, reference: {ref}}}\n"
        f"  2025-04-01: {{value: null, reference: {ref}}}\n"
        f"  2025-07-01: {{value: 0.05, reference: {ref}}}\n"
        f"  2025-10-01: {{value: null, reference: {ref}}}\n",
    )
    days = np.arange(np.datetime64("2025-03-30"), np.datetime64("2025-04-02"))
    with pytest.raises(InterestRateUnavailableError, match="2025-04-01"):
        daily_rates(parameter, days, D(2025, 4, 2))
    # After the last published quarter (Q3, 5%), the days are carried forward and flagged.
    days = np.arange(np.datetime64("2025-09-30"), np.datetime64("2025-10-03"))
    rates, assumed = daily_rates(parameter, days, D(2025, 10, 3))
    assert list(rates) == [0.05, 0.05, 0.05]
    assert list(assumed) == [False, True, True]


def test_an_open_ended_last_rate_is_published_not_assumed(tmp_path) -> None:
    ref = "{title: Rev. Rul. x, document: x}"
    parameter = _rates_file(tmp_path, f"  2025-01-01: {{value: 0.07, reference: {ref}}}\n")
    quarters = rate_quarters(parameter, D(2025, 3, 1), D(2025, 5, 1))
    assert [(q.quarter, q.assumed) for q in quarters] == [("2025-Q1", False), ("2025-Q2", False)]


def test_before_the_first_rate_raises_naming_the_day() -> None:
    with pytest.raises(InterestRateUnavailableError, match="2024-12-31") as caught:
        overpayment_interest(10_000, D(2024, 12, 31), D(2025, 2, 1), corporate=True)
    assert "first value 2025-01-01" in str(caught.value)
    assert "overpayment_rate_corporate" in str(caught.value)


def test_one_bad_deposit_fails_the_batch() -> None:
    deposits = np.array(["2025-03-01", "2024-11-15"], dtype="datetime64[D]")
    with pytest.raises(InterestRateUnavailableError, match="2024-11-15"):
        overpayment_interest_many(np.array([1.0, 1.0]), deposits, D(2025, 4, 1))


@pytest.mark.parametrize(
    ("amounts", "deposits", "message"),
    [
        ([-1.0], ["2025-03-01"], "amounts: element 0 is -1.0"),
        ([float("nan")], ["2025-03-01"], "amounts: element 0 is nan"),
        ([1.0, 2.0], ["2025-03-01"], "deposit_dates: shape"),
        ([1.0], ["NaT"], "deposit_dates: element 0 is NaT"),
        ([[1.0]], [["2025-03-01"]], "amounts: expected a 1-D array"),
    ],
)
def test_malformed_input_is_refused(amounts: list, deposits: list, message: str) -> None:
    with pytest.raises(InputError, match=message):
        overpayment_interest_many(np.array(amounts), np.array(deposits, dtype="datetime64[D]"), D(2025, 4, 1))


def test_leap_years_count_366_days() -> None:
    days = np.array(
        ["2024-02-29", "2025-06-01", "2026-12-31", "2000-01-01", "2100-01-01"], dtype="datetime64[D]"
    )
    assert list(_days_in_year(days)) == [366.0, 365.0, 365.0, 366.0, 365.0]
