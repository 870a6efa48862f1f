"""Monte Carlo of a portfolio: reproducible by seed, same result on Dask, hand-checkable cases."""

from __future__ import annotations

import numpy as np
import pytest
from distributed import Client, LocalCluster

from goldenage.investment import montecarlo
from goldenage.investment.montecarlo import simulate
from goldenage.investment.montecarlo_dask import simulate_dask
from goldenage.investment.portfolio import Portfolio

UNCERTAIN = {
    "name": "two projects",
    "projects": [
        {
            "name": "A",
            "amount": 1_000,
            "years": 20,
            "cash_flow": {"distribution": "lognormal", "median": 200, "sigma": 0.4},
            "volatility": 0.2,
            "deemed_rate": {"distribution": "fixed", "value": 0.05},
        },
        {
            "name": "B",
            "funding": [500, 500],
            "years": 15,
            "start_year": 2,
            "construction_years": 2,
            "cash_flow": {"distribution": "triangular", "low": 0, "mode": 150, "high": 400},
            "deemed_rate": {"distribution": "uniform", "low": 0.04, "high": 0.07},
        },
    ],
}


def fixed(flow: float, **extra: object) -> dict:
    return {
        "name": f"CF {flow}",
        "amount": 1_000,
        "years": 20,
        "cash_flow": {"distribution": "fixed", "value": flow},
        "deemed_rate": {"distribution": "fixed", "value": 0.05},
    } | extra


def test_certain_cash_flows_give_the_hand_worked_case() -> None:
    # F = 1,000, CF = 300, r = 5% on every path (tests/investment/test_waterfall.py): recouped in
    # year 9; Japan 1,597.8749, US 4,402.1251, US share 4,402.1251/6,000 = 73.369%; IRR 8.062%.
    result = simulate(Portfolio.model_validate({"projects": [fixed(300.0)]}), 100, seed=1)
    summary = result.summary(0)
    assert summary["recoup_period"] == {"never_share": 0.0} | {f"p{q}": 9 for q in montecarlo.PERCENTILES}
    assert summary["us_share"]["p50"] == pytest.approx(4_402.1251 / 6_000, abs=1e-6)
    assert summary["japan_irr"]["p5"] == pytest.approx(0.08062, abs=1e-5)
    assert summary["japan_total"]["mean"] == pytest.approx(1_597.8749, abs=1e-4)


def test_portfolio_of_a_recouped_and_a_never_recouped_project() -> None:
    # CF 300 recoups in year 9, CF 150 never (B_20 = 173.35): the portfolio is never recouped.
    # US share: (4,402.1251 + 1,500)/(6,000 + 3,000) = 65.579%.
    portfolio = Portfolio.model_validate({"projects": [fixed(300.0), fixed(150.0)]})
    summary = simulate(portfolio, 50, seed=2).summary(0)
    assert summary["recoup_period"]["never_share"] == 1.0
    assert summary["recoup_period"]["p50"] is None
    assert summary["us_share"]["mean"] == pytest.approx((4_402.1251 + 1_500) / 9_000, abs=1e-6)


def test_portfolio_recoup_waits_for_every_project() -> None:
    # CF 300 recoups in its year 9; started in portfolio year 3 it recoups in portfolio year 12.
    # A later project that never recoups (CF 150) makes the portfolio never recouped.
    late = fixed(300.0, start_year=3)
    summary = simulate(Portfolio.model_validate({"projects": [fixed(300.0), late]}), 20, seed=4).summary(0)
    assert summary["recoup_period"]["p50"] == 12
    never_late = fixed(150.0, start_year=2, years=10)
    summary = simulate(
        Portfolio.model_validate({"projects": [fixed(300.0), never_late]}), 20, seed=4
    ).summary(0)
    assert summary["recoup_period"]["never_share"] == 1.0


def test_reproducible_by_seed_and_chunked_without_a_path_loop() -> None:
    portfolio = Portfolio.model_validate(UNCERTAIN)
    done: list[int] = []
    first = simulate(portfolio, 70_000, seed=11, progress=done.append)
    assert done == [65_536, 4_464]  # one progress step per chunk
    again = simulate(portfolio, 70_000, seed=11)
    other = simulate(portfolio, 70_000, seed=12)
    for name in montecarlo.METRICS:
        assert np.array_equal(first.metrics[name], again.metrics[name], equal_nan=True)
    assert not np.array_equal(first.metrics["irr"], other.metrics["irr"])
    assert first.to_json() == again.to_json()
    data = first.to_json()
    assert data["portfolio"]["horizon_years"] == 20  # max(0 + 20, 2 + 15)
    assert [p["name"] for p in data["projects"]] == ["A", "B"]
    irr = data["portfolio"]["japan_irr"]
    assert irr["p5"] <= irr["p25"] <= irr["p50"] <= irr["p75"] <= irr["p95"]
    # The US gets between 50% (never recouped) and 90% (phase 2 only) of the cash.
    assert 0.5 - 1e-12 <= data["portfolio"]["us_share"]["p5"] <= data["portfolio"]["us_share"]["p95"] <= 0.9


def test_draws_follow_their_parameters() -> None:
    # Lognormal median 200: about half the paths' first-year cash is below 200 (no volatility).
    portfolio = Portfolio.model_validate(
        {"projects": [fixed(0.0, cash_flow={"distribution": "lognormal", "median": 200, "sigma": 0.5})]}
    )
    rng = np.random.default_rng(3)
    cash = montecarlo._cash(portfolio.projects[0], rng, 20_000)
    assert np.median(cash[0]) == pytest.approx(200, rel=0.03)
    assert np.all(cash[0] == cash[-1])  # volatility 0, growth 0: the level repeats


def test_dask_threads_and_local_cluster_equal_in_process() -> None:
    portfolio = Portfolio.model_validate(UNCERTAIN)
    local = simulate(portfolio, 70_000, seed=5)
    threaded = simulate_dask(portfolio, 70_000, seed=5)
    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        progress: list[int] = []
        clustered = simulate_dask(portfolio, 70_000, seed=5, progress=progress.append)
    assert sorted(progress) == [4_464, 65_536]
    for name in montecarlo.METRICS:
        assert np.array_equal(local.metrics[name], threaded.metrics[name], equal_nan=True)
        assert np.array_equal(local.metrics[name], clustered.metrics[name], equal_nan=True)
    assert clustered.engine == "dask"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": None}, "exactly one of amount"),
        ({"construction_years": 20}, "construction_years must be shorter"),
        ({"deemed_rate": {"distribution": "uniform", "low": -1.5, "high": 0.1}}, "above -1"),
        ({"cash_flow": {"distribution": "gamma", "shape": 2}}, "distribution"),
    ],
)
def test_bad_portfolios(change: dict, message: str) -> None:
    project = fixed(100.0) | change
    with pytest.raises(ValueError, match=message):
        Portfolio.model_validate({"projects": [project]})
