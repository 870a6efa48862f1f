"""What the minerals page and the overview show, from the minerals engine's results.

The Sankey draws the shipped network's nodes (facilities by country and stage) and edges;
a link's width is the most the supplier could send in tonnes of the receiving node's product
per month: the supplier's capacity divided by the edge's input ratio, at most the receiver's
capacity. It shows the structure and the capacity behind each link, not measured trade.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from goldenage.minerals.concentration import Concentration, concentrations
from goldenage.minerals.network import Network
from goldenage.web import charts

STAGES = ("mine", "separation", "metal_alloy", "magnet", "end_use")
STAGE_LABELS = {
    "mine": "mining",
    "separation": "separation",
    "metal_alloy": "metal and alloy",
    "magnet": "magnets",
    "end_use": "end use",
}
ALLIED, NON_ALLIED, UNKNOWN = "#1f4e79", "#c0392b", "#7f8c8d"


def _color(allied: bool | None, alpha: float = 1.0) -> str:
    base = {True: (31, 78, 121), False: (192, 57, 43), None: (127, 140, 141)}[allied]
    return f"rgba({base[0]},{base[1]},{base[2]},{alpha})"


def link_capacity(network: Network, source: str, target: str, ratio: float) -> float:
    """Return the link width of :mod:`this module's <goldenage.web.minerals_view>` Sankey."""
    supplier = network.node(source)
    receiver = network.node(target)
    supply = supplier.capacity if supplier.capacity is not None else math.inf
    width = supply / ratio
    if receiver.capacity is not None:
        width = min(width, receiver.capacity)
    if math.isinf(width):
        width = receiver.demand
    return max(width, 0.0)


def sankey(network: Network) -> str:
    """Return the Sankey figure of ``network`` (see the module docstring for the widths)."""
    labels = [
        f"{STAGE_LABELS.get(n.stage or '', n.stage or '?')} · {n.country or '?'} · {n.name or n.id}"
        for n in network.nodes
    ]
    index = network.index
    sources, targets, values, colors = [], [], [], []
    for edge in network.edges:
        width = link_capacity(network, edge.source, edge.target, edge.ratio)
        if width <= 0:
            continue
        sources.append(index[edge.source])
        targets.append(index[edge.target])
        values.append(round(width, 3))
        colors.append(_color(network.node(edge.source).allied, 0.35))
    node_colors = [_color(n.allied) for n in network.nodes]
    return charts.sankey_figure(
        labels,
        sources,
        targets,
        values,
        f"{network.name}: capacity behind each link, t/{network.time_unit} (red: not allied)",
        node_colors,
        colors,
    )


def _rank(group: Concentration) -> tuple[bool, int, bool]:
    """Order groups: all or light elements first (the bulk of the chain), then the latest year."""
    return (group.element_group in ("all", "light"), group.year, group.unit == "share")


def latest_by_stage(groups: Iterable[Concentration]) -> list[Concentration]:
    """Return, for each stage, the latest group of all or light elements (heavy only if nothing else)."""
    best: dict[str, Concentration] = {}
    for group in groups:
        rank = _rank(group)
        current = best.get(group.stage)
        if current is None or rank > _rank(current):
            best[group.stage] = group
    return [best[s] for s in STAGES if s in best]


def concentration_summary() -> dict[str, Any]:
    """Return the latest concentration per stage, as rows and a bar chart of China's share."""
    latest = latest_by_stage(concentrations())
    rows = [g.to_json() for g in latest]
    labels = [f"{STAGE_LABELS[g['stage']]} ({g['year']})" for g in rows]
    chart = charts.bar_figure(
        labels,
        [g["china_share"] for g in rows],
        "China's share of each stage of the rare-earth magnet chain (latest cited year)",
        yaxis={"tickformat": ".0%", "range": [0, 1], "title": {"text": "share of world output"}},
    )
    return {"rows": rows, "chart": chart}
