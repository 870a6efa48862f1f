"""Monte Carlo of a portfolio of MOU projects: Japan's IRR, recoup period and the US share.

Paths are simulated in chunks of :data:`CHUNK_PATHS`; chunk ``i`` draws from
``SeedSequence(seed, spawn_key=(i,))``, so a run is reproducible by seed and gives the same
numbers in-process and on Dask (:mod:`goldenage.investment.montecarlo_dask`). Inside a chunk
every array is ``(paths, periods)`` (stored time-major) and the only Python loops run over
projects and periods, never over paths. Each project has its own waterfall (no netting across
projects, investment_mou.md 7.7); the portfolio adds Japan's net flows on a common yearly grid.

Law: MOU cash-flow distribution clause, via :mod:`goldenage.investment.waterfall`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from goldenage.investment import returns, timing, waterfall
from goldenage.investment.portfolio import Portfolio, PortfolioProject
from goldenage.investment.terms import MouTerms, Split, mou_terms

CHUNK_PATHS = 65_536
PERCENTILES = (5, 25, 50, 75, 95)
METRICS = ("irr", "us_share", "japan_total", "us_total", "recouped")
Progress = Callable[[int], None]


def chunks(paths: int, size: int = CHUNK_PATHS) -> list[tuple[int, int]]:
    """Return ``(index, paths)`` of each chunk of a run of ``paths`` paths."""
    return [(i, min(size, paths - i * size)) for i in range(math.ceil(paths / size))]


def _cash(project: PortfolioProject, rng: np.random.Generator, size: int) -> np.ndarray:
    """Return the project's distributable cash, ``(periods, paths)`` time-major."""
    level = np.maximum(project.cash_flow.draw(rng, size), 0.0)
    operating = project.years - project.construction_years
    path = (1.0 + project.growth) ** np.arange(operating)[:, np.newaxis] * level
    if project.volatility > 0:
        shocks = rng.standard_normal((operating, size))
        shocks *= project.volatility
        shocks -= project.volatility**2 / 2
        np.exp(shocks, out=shocks)
        path = path * shocks
    cash = np.zeros((project.years, size))
    cash[project.construction_years :] = path
    return cash


def simulate_chunk(
    portfolio: Portfolio, seed: int, index: int, size: int, split: Split
) -> dict[str, np.ndarray]:
    """Simulate ``size`` paths of chunk ``index``; return per-path metrics, row 0 the portfolio.

    Each metric is ``(1 + projects, size)``; ``recouped`` is the 1-based period (portfolio
    rows: portfolio year) from which every balance stays zero, -1 if never.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    rows = len(portfolio.projects) + 1
    out = {name: np.empty((rows, size)) for name in METRICS}
    net_total = np.zeros((portfolio.horizon + 1, size))
    recouped_all = np.zeros(size, dtype=np.int64)
    for row, project in enumerate(portfolio.projects, start=1):
        cash = _cash(project, rng, size)
        rate = project.deemed_rate.draw(rng, size)
        schedule = timing.regular(cash.T, project.funding_schedule, rate)
        flows = waterfall.run(schedule, split, portfolio.interest)
        net = returns.japan_flows(flows.japan, schedule.funding)
        out["irr"][row] = returns.irr(net)
        _totals(out, row, flows.japan_total, flows.us_total)
        out["recouped"][row] = flows.recouped_period
        start = project.start_year
        net_total[start : start + project.years + 1] += net.T
        never = flows.recouped_period == waterfall.NEVER
        ended = np.where(never, portfolio.horizon + 1, flows.recouped_period + start)  # portfolio years
        recouped_all = np.maximum(recouped_all, ended)
    alone = portfolio.projects[0]
    if len(portfolio.projects) == 1 and alone.start_year == 0:
        out["irr"][0] = out["irr"][1]  # the portfolio's flows are the project's
    else:
        out["irr"][0] = returns.irr(net_total.T)
    _totals(out, 0, out["japan_total"][1:].sum(axis=0), out["us_total"][1:].sum(axis=0))
    out["recouped"][0] = np.where(recouped_all > portfolio.horizon, waterfall.NEVER, recouped_all)
    return out


def _totals(out: dict[str, np.ndarray], row: int, japan: np.ndarray, us: np.ndarray) -> None:
    out["japan_total"][row] = japan
    out["us_total"][row] = us
    total = japan + us
    with np.errstate(invalid="ignore", divide="ignore"):
        out["us_share"][row] = np.where(total > 0, us / total, np.nan)


def combine(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Join the metrics of the chunks, in chunk order."""
    return {name: np.concatenate([part[name] for part in parts], axis=1) for name in METRICS}


def _distribution(values: np.ndarray) -> dict[str, Any]:
    finite = values[~np.isnan(values)]
    result: dict[str, Any] = {"undefined": int(values.size - finite.size)}
    if finite.size == 0:
        return result | {"mean": None} | {f"p{q}": None for q in PERCENTILES}
    cuts = np.percentile(finite, PERCENTILES)
    return (
        result
        | {"mean": float(finite.mean())}
        | {f"p{q}": float(c) for q, c in zip(PERCENTILES, cuts, strict=True)}
    )


def _recoup(periods: np.ndarray) -> dict[str, Any]:
    never = periods == waterfall.NEVER
    ranked = np.where(never, np.inf, periods)
    cuts = np.percentile(ranked, PERCENTILES, method="inverted_cdf")
    result: dict[str, Any] = {"never_share": float(never.mean())}
    return result | {f"p{q}": None if np.isinf(c) else int(c) for q, c in zip(PERCENTILES, cuts, strict=True)}


@dataclass(frozen=True)
class Simulation:
    """Distributions of the outcomes of ``paths`` simulated paths."""

    portfolio: Portfolio
    paths: int
    seed: int
    engine: str
    metrics: dict[str, np.ndarray]
    terms: MouTerms

    def summary(self, row: int) -> dict[str, Any]:
        """Return the percentiles of row ``row`` (0: portfolio; 1..: projects)."""
        metrics = self.metrics
        return {
            "japan_irr": _distribution(metrics["irr"][row]),
            "us_share": _distribution(metrics["us_share"][row]),
            "recoup_period": _recoup(metrics["recouped"][row].astype(np.int64)),
            "japan_total": _distribution(metrics["japan_total"][row]),
            "us_total": _distribution(metrics["us_total"][row]),
        }

    def to_json(self) -> dict[str, Any]:
        """Return the JSON of ``goldenage invest simulate``."""
        summaries = [self.summary(row) for row in range(1, len(self.portfolio.projects) + 1)]
        projects = [
            {"name": project.name, "start_year": project.start_year, "years": project.years} | summary
            for project, summary in zip(self.portfolio.projects, summaries, strict=True)
        ]
        alone = len(summaries) == 1 and self.portfolio.projects[0].start_year == 0
        overall = summaries[0] if alone else self.summary(0)  # one project: the same numbers
        return {
            "name": self.portfolio.name,
            "paths": self.paths,
            "seed": self.seed,
            "engine": self.engine,
            "chunk_paths": CHUNK_PATHS,
            "interest": self.portfolio.interest,
            "percentiles": list(PERCENTILES),
            "portfolio": {"horizon_years": self.portfolio.horizon} | overall,
            "projects": projects,
            "citations": [
                c.to_json()
                for c in self.terms.cite("split.before_daa_japan_share", "split.after_daa_japan_share")
            ],
        }


def simulate(
    portfolio: Portfolio,
    paths: int,
    seed: int,
    progress: Progress | None = None,
    terms: MouTerms | None = None,
) -> Simulation:
    """Simulate ``paths`` paths in-process, chunk by chunk (``progress`` gets paths done).

    Law: MOU cash-flow distribution clause (via the waterfall).
    """
    terms = terms or mou_terms()
    parts = []
    for index, size in chunks(paths):
        parts.append(simulate_chunk(portfolio, seed, index, size, terms.split))
        if progress is not None:
            progress(size)
    return Simulation(portfolio, paths, seed, "inprocess", combine(parts), terms)
