"""The result of a duty calculation, in the shape of the CLI's ``--json`` contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from goldenage.provenance.citation import Citation


@dataclass(frozen=True)
class Decision:
    """Whether one authority applied to the entry, and why."""

    authority: str
    applied: bool
    heading: str | None
    reason: str
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the decision as JSON-ready data."""
        return {
            "authority": self.authority,
            "applied": self.applied,
            "heading": self.heading,
            "reason": self.reason,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True)
class DutyComponent:
    """One layer of duty: who imposes it, under which heading, at what rate, how much."""

    authority: str  # "mfn" (column 1); later "ieepa", "s232", ...
    heading: str  # the HTSUS provision as printed, e.g. "8703.23.01" or "9903.94.41"
    rate_text: str  # the rate as printed in the schedule
    ad_valorem_rate: float | None  # fraction when the rate is a pure ad valorem one
    amount: float  # US dollars, rounded to cents
    citation: Citation

    def to_json(self) -> dict[str, Any]:
        """Return the component as in the JSON contract."""
        return {
            "authority": self.authority,
            "heading": self.heading,
            "rate_text": self.rate_text,
            "ad_valorem_rate": self.ad_valorem_rate,
            "amount": self.amount,
            "citation": self.citation.to_json(),
        }


@dataclass(frozen=True)
class FeeItem:
    """A user fee collected with the duty (MPF, HMF)."""

    name: str
    amount: float
    citation: Citation

    def to_json(self) -> dict[str, Any]:
        """Return the fee as in the JSON contract."""
        return {"name": self.name, "amount": self.amount, "citation": self.citation.to_json()}


@dataclass(frozen=True)
class DutyResult:
    """What one entry line pays, with the legal basis of each amount."""

    hts10: str
    origin: str
    entry_date: dt.date
    customs_value: float
    scenario: str
    duties: tuple[DutyComponent, ...]
    fees: tuple[FeeItem, ...]
    description: str = ""
    hts_revision: str = ""
    notes: tuple[str, ...] = field(default=())
    decisions: tuple[Decision, ...] = field(default=())
    defaults_used: tuple[str, ...] = field(default=())
    # The declarations that would change this answer (DeclarationEffect), when asked for
    # (duty(..., effects=True)); None when not computed.
    declarations_that_change_this: tuple[Any, ...] | None = None

    @property
    def duty_total(self) -> float:
        """Return the sum of the (rounded) duty components."""
        return round(sum(d.amount for d in self.duties), 2)

    @property
    def duty_rate(self) -> float:
        """Return ``duty_total / customs_value`` as a fraction (0.15 means 15%)."""
        return self.duty_total / self.customs_value

    @property
    def fee_total(self) -> float:
        """Return the sum of the (rounded) fees."""
        return round(sum(f.amount for f in self.fees), 2)

    def to_json(self) -> dict[str, Any]:
        """Return the object printed by ``goldenage tariff duty --json``."""
        return {
            "hts10": self.hts10,
            "origin": self.origin,
            "entry_date": self.entry_date.isoformat(),
            "customs_value": self.customs_value,
            "scenario": self.scenario,
            "duties": [d.to_json() for d in self.duties],
            "duty_total": self.duty_total,
            "duty_rate": self.duty_rate,
            "fees": [f.to_json() for f in self.fees],
            "fee_total": self.fee_total,
            **self._effects_json(),
        }

    def _effects_json(self) -> dict[str, Any]:
        if self.declarations_that_change_this is None:
            return {}
        return {"declarations_that_change_this": [e.to_json() for e in self.declarations_that_change_this]}

    def explain_json(self) -> dict[str, Any]:
        """Return the JSON of ``goldenage tariff explain``: the result plus its decision path."""
        return {
            **self.to_json(),
            "description": self.description,
            "hts_revision": self.hts_revision,
            "decisions": [d.to_json() for d in self.decisions],
            "defaults_used": list(self.defaults_used),
            "notes": list(self.notes),
        }
