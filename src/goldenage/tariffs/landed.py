"""Landed cost of one entry line: customs value, duty, fees, freight, insurance and other costs.

The duty and the ad valorem fees (MPF, HMF) are charged on the customs value: in the US the
transaction value, the price actually paid or payable *without* the international freight and
insurance (19 U.S.C. 1401a(b)(4)(A); parameter ``us.cbp.valuation.excludes_international_freight``;
fees on the same value, ``us.cbp.valuation.fees_on_customs_value``). The landed cost is what the
goods cost delivered and cleared:

    landed cost = customs value + international freight + insurance + other costs + duty + fees

A price quoted ``CIF`` (cost, insurance and freight to the US port) includes the freight and
insurance, which are taken out to get the customs value: ``customs value = CIF price - freight
- insurance``. A price quoted ``FOB`` (the default) is the customs value itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from goldenage import params
from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number, parse_positive
from goldenage.money import HALF_CENT, round_cents
from goldenage.provenance.citation import Citation
from goldenage.tariffs.result import DutyResult

Basis = Literal["FOB", "CIF"]
BASES: tuple[Basis, ...] = ("FOB", "CIF")
RULES = ("us.cbp.valuation.excludes_international_freight", "us.cbp.valuation.fees_on_customs_value")
_AMOUNT = "an amount of US dollars >= 0 and at most 1e15, e.g. 1200"


@dataclass(frozen=True)
class Costs:
    """The costs of one shipment besides the goods, and how the price was quoted."""

    price: float  # the price given (--value): the customs value (FOB) or the CIF price
    basis: Basis
    freight: float = 0.0  # international freight to the US port of entry
    insurance: float = 0.0  # insurance of the international shipment
    other: float = 0.0  # other costs of getting the goods to the buyer (brokerage, inland freight...)

    @property
    def given(self) -> bool:
        """Return whether any cost beyond the price was given (a landed cost is then shown)."""
        return bool(self.freight or self.insurance or self.other) or self.basis == "CIF"

    @property
    def customs_value(self) -> float:
        """Return the customs value: the price, less freight and insurance when quoted CIF."""
        if self.basis == "FOB":
            return self.price
        return round_cents(self.price - self.freight - self.insurance)  # type: ignore[return-value]


def parse_costs(  # noqa: PLR0913 - one argument per input
    price: object,
    freight: object = None,
    insurance: object = None,
    other: object = None,
    basis: object = None,
    fields: tuple[str, str, str, str, str] = (
        "--value",
        "--freight",
        "--insurance",
        "--other-costs",
        "--basis",
    ),
) -> Costs:
    """Return the costs typed by a user; bad input raises :class:`InputError` naming the field.

    ``fields`` names the inputs in errors (CLI options, or the web form's and API's names).
    """
    value_field, freight_field, insurance_field, other_field, basis_field = fields
    chosen = "FOB" if basis is None or not str(basis).strip() else str(basis).strip().upper()
    if chosen not in BASES:
        msg = f"unknown basis {basis!r}"
        raise InputError(
            basis_field,
            msg,
            "FOB (the price is the customs value) or CIF (it includes freight and insurance)",
        )
    amounts = [
        0.0
        if text is None or not str(text).strip()
        else parse_number(text, name, _AMOUNT, minimum=0.0, maximum=MAX_AMOUNT_USD)
        for text, name in ((freight, freight_field), (insurance, insurance_field), (other, other_field))
    ]
    costs = Costs(
        parse_positive(price, value_field, "a positive amount of US dollars up to 1e15"),
        chosen,  # type: ignore[arg-type]
        *amounts,
    )
    if costs.customs_value <= 0:
        carried = costs.freight + costs.insurance
        msg = f"the CIF price {costs.price:,.2f} is not above freight + insurance ({carried:,.2f})"
        raise InputError(value_field, msg, "a CIF price above the freight and insurance it includes")
    return costs


@dataclass(frozen=True)
class LandedCost:
    """Customs value, duty, fees and the other costs of one entry line, and the rules applied."""

    costs: Costs
    customs_value: float
    duty: float
    fees: float
    total: float
    citations: tuple[Citation, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the ``landed_cost`` object of ``goldenage tariff duty --json`` and the API."""
        costs = self.costs
        return {
            "basis": costs.basis,
            "price": costs.price,
            "customs_value": self.customs_value,
            "freight": costs.freight,
            "insurance": costs.insurance,
            "other_costs": costs.other,
            "duty": self.duty,
            "fees": self.fees,
            "total": self.total,
            "rules": [c.to_json() for c in self.citations],
        }


def rules(on: dt.date) -> tuple[Citation, ...]:
    """Return the citations of the valuation rules in force on ``on``."""
    return tuple(params.get(rule).period_at(on).reference for rule in RULES)


def landed_cost(result: DutyResult, costs: Costs) -> LandedCost:
    """Return the landed cost of a duty result computed on ``costs.customs_value``.

    Law: 19 U.S.C. 1401a(b)(4)(A) (international freight and insurance are not part of the
    transaction value); 19 CFR 24.23(b)(1)(i), 24.24 (MPF and HMF on that value).
    """
    if abs(result.customs_value - costs.customs_value) >= HALF_CENT:
        msg = (
            f"the duty was computed on {result.customs_value}, not on the customs value {costs.customs_value}"
        )
        raise ValueError(msg)
    total = round_cents(
        costs.customs_value
        + costs.freight
        + costs.insurance
        + costs.other
        + result.duty_total
        + result.fee_total
    )
    return LandedCost(
        costs,
        costs.customs_value,
        result.duty_total,
        result.fee_total,
        float(total),
        rules(result.entry_date),
    )


__all__ = ["BASES", "RULES", "Costs", "LandedCost", "landed_cost", "parse_costs", "rules"]
