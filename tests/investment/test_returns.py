"""Vectorised IRR and NPV, worked by hand."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenage.investment import returns


def test_irr_by_hand() -> None:
    # -100 then 110 a year later: 110/(1+i) = 100, i = 10%.
    # -100, 0, 121: 121/(1+i)^2 = 100, i = 10%.
    # -100, 60, 60: 60/(1+i) + 60/(1+i)^2 = 100 -> 100v^2... with v = 1/(1+i): 60v^2 + 60v - 100 = 0,
    # v = (-60 + sqrt(3,600 + 24,000))/120 = (-60 + 166.1325)/120 = 0.884437, i = 13.0662%.
    flows = np.array([[-100.0, 110.0, 0.0], [-100.0, 0.0, 121.0], [-100.0, 60.0, 60.0]])
    v = (-60 + np.sqrt(3_600 + 24_000)) / 120
    assert returns.irr(flows) == pytest.approx([0.10, 0.10, 1 / v - 1])
    assert 1 / v - 1 == pytest.approx(0.130662, abs=1e-6)


def test_monthly_irr_is_annual_effective() -> None:
    # -100 then 101 one month later: 1% a month = 1.01^12 - 1 = 12.6825% a year.
    assert returns.irr(np.array([-100.0, 101.0]), periods_per_year=12) == pytest.approx(1.01**12 - 1)


def test_dated_irr() -> None:
    # -100 at time 0, +121 at 2 years: 10% a year; -100, +105 at half a year: 1.05^2 - 1 = 10.25%.
    assert returns.irr(np.array([-100.0, 121.0]), times=np.array([0.0, 2.0])) == pytest.approx(0.10)
    assert returns.irr(np.array([-100.0, 105.0]), times=np.array([0.0, 0.5])) == pytest.approx(0.1025)


def test_total_loss_and_no_irr() -> None:
    # Nothing back: -100%. All flows positive: no rate makes the NPV zero.
    result = returns.irr(np.array([[-100.0, 0.0, 0.0], [100.0, 10.0, 10.0]]))
    assert result[0] == -1.0
    assert np.isnan(result[1])


def test_npv_and_net_flows() -> None:
    # Funding 100 at 0 and 50 at 1; receipts 20 at 1 and 150 at 2: net -100, -30, 150.
    net = returns.japan_flows(np.array([20.0, 150.0]), np.array([100.0, 50.0, 0.0]))
    assert list(net) == pytest.approx([-100.0, -30.0, 150.0])
    # At 10%: -100 - 30/1.1 + 150/1.21 = -100 - 27.2727 + 123.9669 = -3.3058.
    discount = np.array([1.0, 1 / 1.1, 1 / 1.21])
    assert returns.npv(net, discount) == pytest.approx(-3.3058, abs=1e-4)


@settings(max_examples=50, deadline=None)
@given(
    receipts=st.lists(st.integers(0, 50_000).map(lambda cents: cents / 100), min_size=1, max_size=30).filter(
        lambda r: sum(r) > 1.0
    ),
)
def test_irr_is_a_root_of_the_npv(receipts) -> None:
    flows = np.array([-100.0, *receipts])
    rate = float(returns.irr(flows))
    if rate <= returns.IRR_LOW or rate >= returns.IRR_HIGH or np.isnan(rate):
        return  # outside the range the solver reports
    times = np.arange(flows.size)
    npv_at_rate = float((flows * (1 + rate) ** -times).sum())
    assert npv_at_rate == pytest.approx(0.0, abs=1e-6 * max(1.0, sum(receipts)))
    reference = npf.irr(flows)  # the reference implementation, one path (nan where it fails)
    if not np.isnan(reference):
        assert rate == pytest.approx(reference, abs=1e-8)


def test_many_paths_at_once_with_instalments() -> None:
    # Two sign changes at most where an instalment exceeds the receipts: still one root each.
    rng = np.random.default_rng(5)
    receipts = rng.uniform(0, 40, (500, 21))
    receipts[:, 0] = -100.0
    receipts[:, 1] -= 50.0
    rates = returns.irr(receipts)
    expected = np.array([npf.irr(row) for row in receipts])
    assert np.allclose(rates, expected, atol=1e-8, equal_nan=True)
