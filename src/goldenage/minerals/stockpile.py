"""Stockpile sizing: the smallest inventory at one node that makes TTS >= TTR for a disruption.

The TTS program of :mod:`goldenage.minerals.lp` at t = TTR with no lost demand and one extra
column, the added stock x at the chosen node (Simchi-Levi et al. 2015: a node is at risk when
TTS < TTR; the stock closes the gap). Worked example (``critical_minerals.md`` section 7):
A (120/month) and B (40/month) supply a plant with demand 100/month and 300 units in stock; with
A down and TTR 8 months the plant needs (100 - 40) x 8 = 480 units, 180 more than it holds.

The cost is the added stock times the node's price (US$ per unit): for the shipped network the
cited US$/kg of ``prices.csv`` (``price_product`` of ``nodes.csv``), for a user network the
node's ``price`` key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from goldenage.errors import InputError
from goldenage.minerals.lp import DisruptionModel
from goldenage.minerals.network import Network


@dataclass(frozen=True)
class StockpileResult:
    """The stock a node needs so that TTS >= TTR, and what the addition costs."""

    node: str
    disrupted: dict[str, float]
    ttr: float
    time_unit: str
    current: float
    extra: float
    unit_price: float | None

    @property
    def required(self) -> float:
        """Return the total inventory needed at the node (current + extra)."""
        return self.current + self.extra

    @property
    def cost_usd(self) -> float | None:
        """Return the cost of the extra stock in US dollars (``None`` without a price)."""
        return None if self.unit_price is None else self.extra * self.unit_price

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {
            "node": self.node,
            "disrupted": sorted(self.disrupted),
            "ttr": self.ttr,
            "time_unit": self.time_unit,
            "current_inventory": self.current,
            "extra_inventory": self.extra,
            "required_inventory": self.required,
            "unit_price_usd": self.unit_price,
            "cost_usd": self.cost_usd,
        }


def size_stockpile(
    network: Network,
    node_id: str,
    disrupted: Mapping[str, float],
    ttr: float,
    unit_price: float | None = None,
) -> StockpileResult:
    """Return the smallest stock at ``node_id`` for which the disruption's TTS is at least ``ttr``.

    ``unit_price`` (US$ per unit) overrides the node's own ``price``. Raises
    :class:`InputError` when no stock at that node can cover the disruption (the node supplies
    none of the demand that falls short, or is not a node of the network).
    """
    node = network.node(node_id)
    extra = DisruptionModel(network).stock_needed(disrupted, ttr, node_id)
    if extra is None:
        field = "--node"
        span = f"{ttr:g} {network.time_unit}s"
        msg = f"no stock at {node_id!r} can keep demand met for {span} with {sorted(disrupted)} down"
        raise InputError(field, msg, "a demand node that falls short, or one of its suppliers")
    price = unit_price if unit_price is not None else node.price
    return StockpileResult(node_id, dict(disrupted), ttr, network.time_unit, node.inventory, extra, price)
