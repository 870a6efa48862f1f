"""A portfolio of MOU projects with uncertain cash flows (``--file portfolio.yaml``).

Each project has a funding amount (or instalments), a life in years, an optional
construction period without cash, and distributions given as parameters: the per-path level
of the yearly distributable cash, its year-to-year volatility and growth, and the deemed rate.
Distributions: ``fixed`` (value), ``normal`` (mean, sd), ``lognormal`` (median, sigma of the
log), ``uniform`` (low, high), ``triangular`` (low, mode, high).

Law: none here; the waterfall applies the MOU's terms (:mod:`goldenage.investment.waterfall`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from goldenage.inputs import MAX_AMOUNT_USD
from goldenage.investment.evaluate import read_user_yaml, validation_error
from goldenage.investment.inputs import MAX_YEARS
from goldenage.investment.waterfall import Basis

PORTFOLIO_ACCEPTED = (
    "a YAML mapping with projects: [{name, amount (or funding: [...]), years, cash_flow: "
    "{distribution: lognormal, median: ..., sigma: ...}, ...}] (see docs/investment.md)"
)


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Fixed(_Base):
    """Always ``value``."""

    distribution: Literal["fixed"]
    value: float

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` draws."""
        del rng
        return np.full(size, self.value)


class Normal(_Base):
    """Normal with ``mean`` and standard deviation ``sd``."""

    distribution: Literal["normal"]
    mean: float
    sd: float = Field(ge=0)

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` draws."""
        return rng.normal(self.mean, self.sd, size)


class LogNormal(_Base):
    """Log-normal with ``median`` and ``sigma`` (standard deviation of the log)."""

    distribution: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(ge=0)

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` draws."""
        return rng.lognormal(np.log(self.median), self.sigma, size)


class Uniform(_Base):
    """Uniform on ``[low, high]``."""

    distribution: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low > self.high:
            msg = "low must not exceed high"
            raise ValueError(msg)
        return self

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` draws."""
        return rng.uniform(self.low, self.high, size)


class Triangular(_Base):
    """Triangular on ``[low, high]`` with ``mode``."""

    distribution: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            msg = "need low <= mode <= high and low < high"
            raise ValueError(msg)
        return self

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` draws."""
        return rng.triangular(self.low, self.mode, self.high, size)


Distribution = Annotated[
    Fixed | Normal | LogNormal | Uniform | Triangular, Field(discriminator="distribution")
]
RateDistribution = Annotated[Fixed | Uniform | Triangular, Field(discriminator="distribution")]


def lowest(distribution: Fixed | Uniform | Triangular) -> float:
    """Return the lowest value a bounded distribution can draw."""
    return distribution.value if isinstance(distribution, Fixed) else distribution.low


class PortfolioProject(_Base):
    """One project of a portfolio.

    Cash in operating year ``k`` (1-based, after ``construction_years``) is
    ``max(level, 0) * (1 + growth)**(k-1) * shock``, ``shock = exp(volatility*Z - volatility**2/2)``
    (mean 1), drawn per path and year; ``level`` is drawn once per path.
    """

    name: str = Field(min_length=1)
    amount: float | None = Field(default=None, gt=0, le=MAX_AMOUNT_USD)
    funding: list[Annotated[float, Field(ge=0, le=MAX_AMOUNT_USD)]] | None = Field(default=None, min_length=1)
    years: int = Field(ge=1, le=MAX_YEARS)
    start_year: int = Field(default=0, ge=0, le=MAX_YEARS)
    construction_years: int = Field(default=0, ge=0)
    cash_flow: Distribution
    volatility: float = Field(default=0.0, ge=0, le=5)
    growth: float = Field(default=0.0, gt=-1)
    deemed_rate: RateDistribution

    @model_validator(mode="after")
    def _consistent(self) -> PortfolioProject:
        if (self.amount is None) == (self.funding is None):
            msg = "give exactly one of amount (funded at time 0) or funding (instalments)"
            raise ValueError(msg)
        if self.funding is not None and (len(self.funding) > self.years + 1 or sum(self.funding) <= 0):
            msg = f"funding needs a positive amount and at most {self.years + 1} instalments"
            raise ValueError(msg)
        if self.construction_years >= self.years:
            msg = "construction_years must be shorter than years"
            raise ValueError(msg)
        if lowest(self.deemed_rate) <= -1:
            msg = "deemed_rate draws must stay above -1"
            raise ValueError(msg)
        return self

    @property
    def funding_schedule(self) -> list[float]:
        """Return the amounts funded at times 0, 1, ... of the project."""
        return [self.amount] if self.amount is not None else list(self.funding or [])


class Portfolio(_Base):
    """The content of ``portfolio.yaml``."""

    name: str | None = None
    interest: Basis = "compound"
    projects: list[PortfolioProject] = Field(min_length=1)

    @property
    def horizon(self) -> int:
        """Return the number of portfolio periods (years) covering every project."""
        return max(p.start_year + p.years for p in self.projects)


def load_portfolio(path: Path, field: str = "--file") -> Portfolio:
    """Read ``portfolio.yaml``; problems are input errors naming the file and the key."""
    raw = read_user_yaml(path, field)
    try:
        return Portfolio.model_validate(raw)
    except ValidationError as err:
        raise validation_error(err, path, field, PORTFOLIO_ACCEPTED) from err
