"""The waterfall, worked by hand from the MOU's split (50/50 until the DAA, then 10 Japan / 90 US).

Notation: F funding, r deemed rate, CF distributable cash, B Japan's DAA balance,
X = B*(1+r) the balance after a period's interest. While 0.5*CF < X each side gets 0.5*CF
and B' = X - 0.5*CF; in the crossover period Japan gets X + 0.1*(CF - 2X), the US the rest.
Amounts in $ million unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from goldenage.investment import returns, timing, waterfall
from goldenage.investment.terms import mou_terms

SPLIT = mou_terms().split


def run(
    cash: list[float], funding: list[float] | float, rate: float, **kwargs: object
) -> waterfall.Waterfall:
    schedule = timing.regular(np.array(cash, dtype=float), funding, rate, **kwargs)
    return waterfall.run(schedule, SPLIT)


def test_never_recouped_within_the_life() -> None:
    # F = 1,000, r = 5%, CF = 150 a year for 20 years (investment_mou.md 6, case 1).
    # Japan gets 75 a year; B_t = 1.05*B_{t-1} - 75, so B_t = 1,500 - 500*1.05^t.
    # Year 1: X = 1,050, B = 975; year 2: X = 1,023.75, B = 948.75.
    # Year 20: 1.05^20 = 2.6532977, B = 1,500 - 1,326.6489 = 173.3511 > 0: never recouped.
    flows = run([150.0] * 20, 1_000.0, 0.05)
    assert flows.balance_start[:2] == pytest.approx([1_050.0, 1_023.75])
    assert flows.balance_end[:2] == pytest.approx([975.0, 948.75])
    assert flows.balance_end[-1] == pytest.approx(1_500 - 500 * 1.05**20)
    assert flows.balance_end[-1] == pytest.approx(173.3511, abs=1e-4)
    assert flows.recouped_period == waterfall.NEVER
    # 20 x 75 = 1,500 each.
    assert flows.japan_total == pytest.approx(1_500.0)
    assert flows.us_total == pytest.approx(1_500.0)


def test_recouped_in_the_middle_of_a_period() -> None:
    # F = 1,000, r = 5%, CF = 300 a year for 20 years (investment_mou.md 6, case 2).
    # B_t = 1.05*B_{t-1} - 150 = 3,000 - 2,000*1.05^t; 1.05^8 = 1.4774554, B_8 = 45.0891.
    # Year 9: X = 45.0891*1.05 = 47.3436 <= 0.5*300: crossover. Japan 47.3436 + 0.1*(300 - 94.6871)
    # = 67.8749, US 300 - 67.8749 = 232.1251, B = 0. Years 10-20: Japan 30, US 270.
    flows = run([300.0] * 20, 1_000.0, 0.05)
    b8 = 3_000 - 2_000 * 1.05**8
    assert flows.balance_end[7] == pytest.approx(b8)
    assert b8 == pytest.approx(45.0891, abs=1e-4)
    x9 = b8 * 1.05
    assert flows.balance_start[8] == pytest.approx(x9)
    assert flows.japan[8] == pytest.approx(x9 + 0.1 * (300 - 2 * x9))
    assert flows.japan[8] == pytest.approx(67.8749, abs=1e-4)
    assert flows.us[8] == pytest.approx(232.1251, abs=1e-4)
    assert flows.balance_end[8] == 0.0
    assert flows.recouped_period == 9
    assert list(flows.japan[9:]) == pytest.approx([30.0] * 11)
    # Japan: 8 x 150 + 67.8749 + 11 x 30 = 1,597.8749; US: 6,000 - 1,597.8749 = 4,402.1251.
    assert flows.japan_total == pytest.approx(1_597.8749, abs=1e-4)
    assert flows.us_total == pytest.approx(4_402.1251, abs=1e-4)


def test_recouped_case_npv_identity_and_irr() -> None:
    # Once the DAA is cleared, Japan's receipts are worth F plus 10% of the cash beyond the
    # phase-1 cash (2F in present value at r), so NPV at r = 0.1*PV(CF) - 0.2*F.
    # PV(CF) = 300 * (1 - 1.05^-20)/0.05 = 300 * 12.462210 = 3,738.663; NPV = 373.866 - 200 = 173.866.
    # IRR 8.062% (investment_mou.md 6, case 2).
    schedule = timing.regular(np.full(20, 300.0), 1_000.0, 0.05)
    flows = waterfall.run(schedule, SPLIT)
    net = returns.japan_flows(flows.japan, schedule.funding)
    annuity = (1 - 1.05**-20) / 0.05
    assert returns.npv(net, schedule.discount()) == pytest.approx(0.1 * 300 * annuity - 0.2 * 1_000)
    assert returns.npv(net, schedule.discount()) == pytest.approx(173.866, abs=1e-3)
    assert returns.irr(net) == pytest.approx(0.08062, abs=1e-5)


def test_zero_deemed_rate() -> None:
    # F = 1,000, r = 0 (X = B), CF = 600 a year for 5 years; 0.5*CF = 300.
    # Years 1-3: Japan 300, B = 700, 400, 100. Year 4: X = 100 <= 300: Japan 100 + 0.1*(600 - 200)
    # = 140, US 460, B = 0. Year 5: Japan 60, US 540.
    # Japan 300*3 + 140 + 60 = 1,100; US 300*3 + 460 + 540 = 1,900; NPV at 0% = 1,100 - 1,000 = 100.
    schedule = timing.regular(np.full(5, 600.0), 1_000.0, 0.0)
    flows = waterfall.run(schedule, SPLIT)
    assert list(flows.japan) == pytest.approx([300, 300, 300, 140, 60])
    assert list(flows.us) == pytest.approx([300, 300, 300, 460, 540])
    assert list(flows.balance_end) == pytest.approx([700, 400, 100, 0, 0])
    assert flows.recouped_period == 4
    net = returns.japan_flows(flows.japan, schedule.funding)
    assert returns.npv(net, schedule.discount()) == pytest.approx(100.0)


def test_instalment_funding() -> None:
    # F0 = 600 at time 0, F1 = 400 at time 1 (after period 1's distribution), r = 10%,
    # CF = 200, 300, 900, 1,400.
    # P1: X = 660, Japan 100, B = 560 + 400 = 960.   P2: X = 1,056, Japan 150, B = 906.
    # P3: X = 996.6, Japan 450, B = 546.6.          P4: X = 601.26 <= 700: crossover,
    # Japan 601.26 + 0.1*(1,400 - 1,202.52) = 621.008, US 778.992, B = 0.
    schedule = timing.regular(np.array([200.0, 300.0, 900.0, 1_400.0]), [600.0, 400.0], 0.10)
    flows = waterfall.run(schedule, SPLIT)
    assert list(flows.balance_start) == pytest.approx([660.0, 1_056.0, 996.6, 601.26])
    assert list(flows.balance_end) == pytest.approx([960.0, 906.0, 546.6, 0.0])
    assert list(flows.japan) == pytest.approx([100.0, 150.0, 450.0, 621.008])
    assert flows.us[3] == pytest.approx(778.992)
    assert flows.recouped_period == 4
    # Japan's net flows: -600, 100 - 400, 150, 450, 621.008. NPV at 10%:
    # -600 - 272.7273 + 123.9669 + 338.0917 + 424.1568 = 13.4881.
    net = returns.japan_flows(flows.japan, schedule.funding)
    assert list(net) == pytest.approx([-600.0, -300.0, 150.0, 450.0, 621.008])
    assert returns.npv(net, schedule.discount()) == pytest.approx(13.4881, abs=1e-4)


def test_instalment_after_recoup_reopens_phase_one() -> None:
    # F0 = 100, r = 0, CF = 400, 400: year 1 X = 100 <= 200: Japan 100 + 0.1*200 = 120, B = 0;
    # F1 = 100 paid at time 1 reopens the balance (B = 100): year 2 the same, Japan 120.
    flows = run([400.0, 400.0], [100.0, 100.0], 0.0)
    assert list(flows.japan) == pytest.approx([120.0, 120.0])
    assert list(flows.balance_end) == pytest.approx([100.0, 0.0])
    assert flows.recouped_period == 2  # the balance stays zero from period 2


def test_monthly_periods_compound_to_the_annual_rate() -> None:
    # r = 1.01^12 - 1 a year, so each month accrues 1% (annual compounding at r).
    # F = 1,000, CF = 100 a month: X1 = 1,010, B1 = 960; X2 = 969.6, B2 = 919.6; X3 = 928.796, B3 = 878.796.
    flows = run([100.0] * 3, 1_000.0, 1.01**12 - 1, periods_per_year=12)
    assert list(flows.balance_start) == pytest.approx([1_010.0, 969.6, 928.796])
    assert list(flows.balance_end) == pytest.approx([960.0, 919.6, 878.796])


def test_simple_interest_interpretation_c() -> None:
    # Interpretation C (investment_mou.md 2): target F*(1 + r*t). F = 1,000, r = 5%, CF = 300.
    # Japan gets 150 a year; 150*t >= 1,000 + 50*t from t = 10, where the remaining target is
    # 1,500 - 9*150 = 150 = 0.5*300 exactly: recouped in year 10. Japan 10*150 + 10*30 = 1,800.
    schedule = timing.regular(np.full(20, 300.0), 1_000.0, 0.05)
    flows = waterfall.run(schedule, SPLIT, "simple")
    assert flows.recouped_period == 10
    assert flows.japan_total == pytest.approx(1_800.0)
    assert flows.balance_start[1] == pytest.approx(900.0 + 50.0)  # simple interest on the principal


def test_dated_flows_accrue_actual_over_365() -> None:
    # Funding 1,000 on 2026-01-01; 600 on 2027-01-01 (365 days) and 600 on 2028-01-01 (365 days).
    # r = 5%: X1 = 1,050, Japan 300, B = 750; X2 = 787.5, Japan 300, B = 487.5.
    import datetime as dt

    schedule = timing.dated(
        [(dt.date(2026, 1, 1), 1_000.0)],
        [(dt.date(2027, 1, 1), 600.0), (dt.date(2028, 1, 1), 600.0)],
        0.05,
    )
    assert list(schedule.times) == pytest.approx([0.0, 1.0, 2.0])
    flows = waterfall.run(schedule, SPLIT)
    assert list(flows.balance_end) == pytest.approx([750.0, 487.5])


def test_paths_and_projects_are_computed_at_once() -> None:
    # Two paths (CF 150 and 300) and per-path rates give the single-path results.
    cash = np.array([[150.0] * 20, [300.0] * 20])
    batch = waterfall.run(timing.regular(cash, 1_000.0, np.array([0.05, 0.05])), SPLIT)
    assert list(batch.recouped_period) == [waterfall.NEVER, 9]
    single = run([300.0] * 20, 1_000.0, 0.05)
    assert np.allclose(batch.japan[1], single.japan)
    stacked = waterfall.run(timing.regular(np.stack([cash, cash]), 1_000.0, 0.05), SPLIT)
    assert stacked.japan.shape == (2, 2, 20)
    assert np.allclose(stacked.japan[1], batch.japan)


def _scalar(cash: np.ndarray, funding: np.ndarray, rate: float) -> tuple[list[float], list[float]]:
    """The waterfall one path and one period at a time, as the reference writes it (6, algorithm A)."""
    balance, japan, us = float(funding[0]), [], []
    for t, flow in enumerate(cash):
        owed = balance * (1 + rate)
        if 0.5 * flow < owed:
            japan.append(0.5 * flow)
            balance = owed - 0.5 * flow
        else:
            japan.append(owed + 0.1 * (flow - 2 * owed))
            balance = 0.0
        us.append(flow - japan[-1])
        balance += float(funding[t + 1])
    return japan, us


cash_arrays = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 25)),
    elements=st.floats(0, 1e10, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None)
@given(
    cash=cash_arrays,
    rate=st.floats(-0.5, 0.5),
    funding=st.lists(st.floats(0, 1e10), min_size=1, max_size=4),
)
def test_money_is_conserved_and_matches_the_scalar_algorithm(cash, rate, funding) -> None:
    schedule = timing.regular(cash, funding[: cash.shape[-1] + 1], rate)
    flows = waterfall.run(schedule, SPLIT)
    # japan_total + us_total equals the total distributable cash flow, path by path.
    assert np.allclose(flows.japan_total + flows.us_total, cash.sum(axis=-1), rtol=1e-12, atol=1e-3)
    # Japan gets between 10% and 50% of each period's cash; balances are never negative.
    assert np.all(flows.japan >= 0.1 * cash - 1e-6)
    assert np.all(flows.japan <= 0.5 * cash + 1e-6)
    assert np.all(flows.balance_end >= 0)
    japan, us = _scalar(cash[0], schedule.funding[: cash.shape[-1] + 1], rate)
    assert np.allclose(flows.japan[0], japan, rtol=1e-9, atol=1e-3)
    assert np.allclose(flows.us[0], us, rtol=1e-9, atol=1e-3)


@settings(max_examples=40, deadline=None)
@given(
    flow=st.floats(1.0, 1_000.0),
    years=st.integers(1, 40),
    rate=st.floats(0.0, 0.2),
)
def test_npv_identity_when_recouped(flow, years, rate) -> None:
    # If the DAA is recouped within the life, NPV at r = 0.1*PV(CF) - 0.2*F (see above), F = 1,000.
    schedule = timing.regular(np.full(years, flow), 1_000.0, rate)
    flows = waterfall.run(schedule, SPLIT)
    net = returns.japan_flows(flows.japan, schedule.funding)
    discount = schedule.discount()
    if flows.recouped_period != waterfall.NEVER:
        pv_cash = float((flow * discount[1:]).sum())
        # Money is compared at half a cent (waterfall.run): a balance left below it at a period end
        # counts as cleared, so the identity holds to within a cent, not to floating-point noise.
        assert returns.npv(net, discount) == pytest.approx(0.1 * pv_cash - 0.2 * 1_000, rel=1e-9, abs=0.01)
    else:  # never recouped: Japan got half of everything, less than its DAA
        assert flows.japan_total == pytest.approx(0.5 * flow * years)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(1.0, 1e10),
    st.sampled_from((0.03, 0.035, 0.05, 0.07, 0.1)),
    st.integers(1, 6),
)
def test_a_balance_cleared_exactly_at_a_period_end_is_recouped_in_that_period(
    amount: float, rate: float, periods: int
) -> None:
    # The constant cash flow that brings B to zero at the end of period k: B_t = B_{t-1}(1+r)
    # - 0.5 CF with B_0 = F and B_k = 0 gives CF = 2 F (1+r)^k r / ((1+r)^k - 1). The balance
    # left by floating point (1e-16 to 1e-6 dollars) is not money: recouped in period k, and
    # that period prints balance_end 0.0 (money is compared at half a cent).
    growth = (1 + rate) ** periods
    flow = 2 * amount * growth * rate / (growth - 1)
    result = run([flow] * (periods + 2), amount, rate)
    assert int(result.recouped_period) == periods
    assert result.balance_end[periods - 1] == 0.0
