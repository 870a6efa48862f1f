"""One project through the waterfall: inputs from options or a YAML file, a cited result.

Law: MOU cash-flow distribution clause and Deemed Allocation Amount definition (via
:mod:`goldenage.investment.terms`); the conventions applied are listed in every result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from goldenage import user_yaml
from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD
from goldenage.investment import returns, timing, waterfall
from goldenage.investment.assumptions import assumptions, one_line
from goldenage.investment.inputs import parse_rate
from goldenage.investment.terms import MouTerms, mou_terms
from goldenage.money import round_cents
from goldenage.params.schema import parse_iso_date

FILE_FIELD = "--file"
FILE_ACCEPTED = (
    "a YAML mapping with amount (or funding: [...]), cash_flows: [...], optional deemed_rate, "
    "periods (annual|monthly), interest (compound|simple); or dated: {funding, distributions}"
)
CONVENTIONS = {
    "compound": "Deemed Allocation Amount = funding plus deemed interest compounded annually at the "
    "deemed rate, accruing from each funding date (interpretation A)",
    "simple": "Deemed Allocation Amount = funding plus simple interest at the deemed rate on the "
    "principal not yet recouped (interpretation C)",
    "timing": "cash arrives at the end of each period; the balance accrues interest first, then the "
    "cash is split 50/50 until Japan's share clears it (switching inside the period), then 90/10; "
    "funding paid at a time enters the balance after that time's distribution",
}


class DatedFlow(BaseModel):
    """An amount on a date."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    amount: float = Field(ge=0, le=MAX_AMOUNT_USD, allow_inf_nan=False)

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> dt.date:
        return parse_iso_date(value) if isinstance(value, str) else value


class DatedFlows(BaseModel):
    """Irregular flows: funding and distributions on dates."""

    model_config = ConfigDict(extra="forbid")

    funding: list[DatedFlow] = Field(min_length=1)
    distributions: list[DatedFlow] = Field(min_length=1)


class ProjectSpec(BaseModel):
    """A project to run through the waterfall (the content of ``--file project.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    amount: float | None = Field(default=None, gt=0, le=MAX_AMOUNT_USD, allow_inf_nan=False)
    funding: list[float] | None = Field(default=None, min_length=1)
    cash_flows: list[float] | None = Field(default=None, min_length=1)
    periods: Literal["annual", "monthly"] = "annual"
    deemed_rate: float | None = Field(default=None, gt=-1, allow_inf_nan=False)
    interest: waterfall.Basis = "compound"
    dated: DatedFlows | None = None

    @field_validator("funding", "cash_flows")
    @classmethod
    def _non_negative(cls, values: list[float] | None) -> list[float] | None:
        if values is not None and any(not np.isfinite(v) or not 0 <= v <= MAX_AMOUNT_USD for v in values):
            msg = "amounts must be finite, non-negative and at most 1e15"
            raise ValueError(msg)
        return values

    @model_validator(mode="after")
    def _one_form(self) -> ProjectSpec:
        if self.dated is not None:
            if self.amount is not None or self.funding is not None or self.cash_flows is not None:
                msg = "give either dated flows or amount/funding with cash_flows, not both"
                raise ValueError(msg)
            return self
        if (self.amount is None) == (self.funding is None):
            msg = "give exactly one of amount (funded at time 0) or funding (instalments)"
            raise ValueError(msg)
        if self.cash_flows is None:
            msg = "cash_flows is required (one distributable amount per period)"
            raise ValueError(msg)
        if self.funding is not None and sum(self.funding) <= 0:
            msg = "funding must contain a positive amount"
            raise ValueError(msg)
        return self


TERMS_APPLIED = ("split.before_daa_japan_share", "split.after_daa_japan_share", "deemed_interest.basis")
"""The MOU terms a project evaluation applies (cited in its result)."""


@dataclass(frozen=True)
class ProjectResult:
    """A project's waterfall, Japan's returns and what they rest on."""

    spec: ProjectSpec
    deemed_rate: float
    deemed_rate_source: str
    schedule: timing.Schedule
    flows: waterfall.Waterfall
    japan_irr: float | None
    japan_npv: float
    terms: MouTerms
    assumptions: tuple[str, ...]

    @property
    def recouped_period(self) -> int | None:
        """Return the first period from which Japan's DAA balance stays zero, or ``None``."""
        period = int(self.flows.recouped_period)
        return None if period == waterfall.NEVER else period

    def to_json(self) -> dict[str, Any]:
        """Return the JSON contract of ``goldenage invest project``."""
        flows, schedule = self.flows, self.schedule
        japan_total, us_total = float(flows.japan_total), float(flows.us_total)
        total = japan_total + us_total
        periods = []
        for t in range(schedule.periods):
            row: dict[str, Any] = {"period": t + 1}
            if schedule.dates is not None:
                row["date"] = schedule.dates[t + 1].isoformat()
            row |= {
                "distributable": round_cents(schedule.cash[t]),
                "japan": round_cents(flows.japan[t]),
                "us": round_cents(flows.us[t]),
                "balance_start": round_cents(flows.balance_start[t]),
                "funding": round_cents(schedule.funding[t + 1]),
                "balance_end": round_cents(flows.balance_end[t]),
            }
            periods.append(row)
        return {
            "name": self.spec.name,
            "japan_total": round_cents(japan_total),
            "us_total": round_cents(us_total),
            "us_share": us_total / total if total > 0 else None,
            "funded_total": round_cents(schedule.funding.sum()),
            "funded_at_start": round_cents(schedule.funding[0]),
            "recouped_period": self.recouped_period,
            "japan_irr": self.japan_irr,
            "japan_npv": round_cents(self.japan_npv),
            "deemed_rate": self.deemed_rate,
            "deemed_rate_source": self.deemed_rate_source,
            "interest": self.spec.interest,
            "period_length": "dated" if schedule.dates is not None else self.spec.periods,
            "start_date": schedule.dates[0].isoformat() if schedule.dates is not None else None,
            "periods": periods,
            "conventions": [CONVENTIONS[self.spec.interest], CONVENTIONS["timing"]],
            "assumptions": list(self.assumptions),
            "citations": [c.to_json() for c in self.citations()],
            "unverified": self.terms.unverified(*TERMS_APPLIED),
        }

    def citations(self) -> list:
        """Return the citations of the MOU terms the result applies."""
        return self.terms.cite(*TERMS_APPLIED)


def spec_from_options(amount: float, cash_flow: float, years: int, deemed_rate: float | None) -> ProjectSpec:
    """Return the spec of an equal cash flow for ``years`` annual periods after one funding."""
    return ProjectSpec(amount=amount, cash_flows=[cash_flow] * years, deemed_rate=deemed_rate)


def load_spec(path: Path, field: str = FILE_FIELD) -> ProjectSpec:
    """Read ``project.yaml``; any problem is an :class:`InputError` naming the file and key."""
    raw = read_user_yaml(path, field)
    try:
        return ProjectSpec.model_validate(raw)
    except ValidationError as err:
        raise validation_error(err, path, field, FILE_ACCEPTED) from err


def read_user_yaml(path: Path, field: str) -> Any:
    """Read a user's YAML file within bounds (:mod:`goldenage.user_yaml`); problems are input errors."""
    path = Path(path)
    raw = user_yaml.load(path, field, "the path of a readable YAML file holding a mapping")
    if not isinstance(raw, dict):
        msg = f"{path} does not hold a mapping"
        raise InputError(field, msg, "a YAML mapping of keys to values")
    return raw


def validation_error(err: ValidationError, path: Path, field: str, accepted: str) -> InputError:
    """Return an :class:`InputError` naming the first invalid key of a user file."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "<file>"
    message = first["msg"].removeprefix("Value error, ")
    return InputError(field, f"{path}: {where}: {message}", accepted)


def evaluate(spec: ProjectSpec, terms: MouTerms | None = None) -> ProjectResult:
    """Run one project through the waterfall and compute Japan's IRR and NPV at the deemed rate.

    Law: MOU cash-flow distribution clause; Deemed Allocation Amount definition.
    """
    terms = terms or mou_terms()
    notes: list[str] = []
    if spec.deemed_rate is None:
        default = assumptions().default_deemed_rate
        rate, source = default.value, "assumption"
        notes.append(one_line(default.text))
    else:
        rate, source = parse_rate(spec.deemed_rate), "input"
    if spec.dated is not None:
        schedule = timing.dated(
            [(f.date, f.amount) for f in spec.dated.funding],
            [(f.date, f.amount) for f in spec.dated.distributions],
            rate,
        )
    else:
        funding = [spec.amount] if spec.amount is not None else spec.funding
        per_year = timing.PERIODS_PER_YEAR[spec.periods]
        schedule = timing.regular(spec.cash_flows, funding, rate, per_year)
    flows = waterfall.run(schedule, terms.split, spec.interest)
    net = returns.japan_flows(flows.japan, schedule.funding)
    if schedule.dates is None:
        irr = returns.irr(net, schedule.periods_per_year or 1)
    else:
        irr = returns.irr(net, times=schedule.times)
    npv = returns.npv(net, schedule.discount())
    return ProjectResult(
        spec=spec,
        deemed_rate=rate,
        deemed_rate_source=source,
        schedule=schedule,
        flows=flows,
        japan_irr=None if np.isnan(irr) else float(irr),
        japan_npv=float(npv),
        terms=terms,
        assumptions=tuple(notes),
    )
