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
from goldenage.minerals.tables import sources
from goldenage.web import charts

STAGES = ("mine", "separation", "metal_alloy", "magnet", "end_use")
STAGE_LABELS = {
    "mine": "mining",
    "separation": "separation",
    "metal_alloy": "metal and alloy",
    "magnet": "magnets",
    "end_use": "end use",
}
ELEMENT_GROUPS = {"all": "all rare earths", "light": "light rare earths", "heavy": "heavy rare earths"}
BASIS_LABELS = {
    "usgs_mine_production": "mine production (USGS)",
    "iea_mining_share": "share of mining (IEA)",
    "iea_refining_share": "share of refining (IEA)",
    "iea_sintered_ndfeb_share": "share of sintered NdFeB magnets (IEA)",
    "metal_alloy_magnet_conversion_share": "share of metal and alloy conversion",
    "sintered_ndfeb_semi_finished_share": "share of semi-finished sintered NdFeB",
    "dy_tb_refining_share": "share of Dy and Tb refining",
}
# The ISO 3166 alpha-3 codes of the shipped minerals data, as names.
COUNTRIES = {
    "AUS": "Australia",
    "BRA": "Brazil",
    "CHN": "China",
    "EST": "Estonia",
    "FRA": "France",
    "IND": "India",
    "JPN": "Japan",
    "MDG": "Madagascar",
    "MMR": "Myanmar",
    "MYS": "Malaysia",
    "NGA": "Nigeria",
    "RUS": "Russia",
    "THA": "Thailand",
    "USA": "United States",
    "VNM": "Vietnam",
    "OTH": "other countries",
}
ALLIED, NON_ALLIED, UNKNOWN = "#1f4e79", "#c0392b", "#7f8c8d"


def country_name(code: str | None) -> str:
    """Return a country's name from its ISO alpha-3 code (the code when not in the shipped data)."""
    return COUNTRIES.get(code or "", code or "unknown")


def words(value: str | None, table: dict[str, str]) -> str:
    """Return the words for an id of the minerals data (the id with spaces when not listed)."""
    return table.get(value or "", (value or "").replace("_", " "))


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


LABEL_WIDTH = 22  # characters per line of a Sankey node's label
LABEL_LINES = 3
SANKEY_HEIGHT = 620  # px, the figure; the plot area is this less the margins below
SANKEY_MARGIN = 20
NODE_GAP = 46  # px between nodes of a column: room for a label of LABEL_LINES lines


def scenario_title(description: str) -> str:
    """Return a scenario's name from its description: the opening words, up to ``:``, ``;`` or `` (``."""
    head = description
    for stop in (": ", "; ", " (", ". "):
        head = head.split(stop, 1)[0]
    return head.strip().rstrip(".,")


def short_name(name: str) -> str:
    """Return a facility's name without its parenthesis and trailing place names.

    "Mountain Pass mine and concentrator, California" -> "Mountain Pass mine and concentrator";
    "Independence metal, alloy and magnet plant, Fort Worth, Texas" -> "Independence metal,
    alloy and magnet plant".
    """
    head = name.split(" (", 1)[0].strip()
    parts = head.split(", ")
    while len(parts) > 1 and parts[-1][:1].isupper():
        parts.pop()
    return ", ".join(parts)


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """Return ``text`` broken into lines of at most ``width`` characters (``<br>``), at most ``lines``."""
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    if len(rows) > lines:
        rows = [*rows[: lines - 1], " ".join(rows[lines - 1 :])]
        if len(rows[-1]) > width:
            rows[-1] = rows[-1][: width - 1].rstrip() + "…"
    return "<br>".join(rows)


def _positions(columns: dict[int, list[int]], values: dict[int, float]) -> tuple[dict[int, float], float]:
    """Return each node's vertical centre (0-1) and the scale (px per unit) used.

    Within a column the nodes are stacked in order, their heights proportional to their flow
    (one scale for the whole figure, the one that makes the fullest column fit), the free space
    spread evenly between them and never less than NODE_GAP, so labels cannot overlap.
    """
    height = SANKEY_HEIGHT - 2 * SANKEY_MARGIN
    scale = min(
        (height - (len(nodes) - 1) * NODE_GAP) / max(sum(values[n] for n in nodes), 1e-9)
        for nodes in columns.values()
    )
    centres: dict[int, float] = {}
    for nodes in columns.values():
        used = sum(values[n] * scale for n in nodes)
        gap = (height - used) / (len(nodes) - 1) if len(nodes) > 1 else 0.0
        top = 0.0 if len(nodes) > 1 else (height - used) / 2
        for node in nodes:
            size = values[node] * scale
            centres[node] = min(max((top + size / 2) / height, 0.001), 0.999)
            top += size + gap
    return centres, scale


def sankey(network: Network) -> str:
    """Return the Sankey figure of ``network`` (see the module docstring for the widths).

    Nodes stand in one column per stage (mining on the left, users on the right); a node with
    no link of positive width is left out. Labels are the facility's short name and country,
    wrapped; the full name is in the hover text.
    """
    index = network.index
    links: list[tuple[int, int, float, str]] = []
    for edge in network.edges:
        width = link_capacity(network, edge.source, edge.target, edge.ratio)
        if width > 0:
            color = _color(network.node(edge.source).allied, 0.35)
            links.append((index[edge.source], index[edge.target], round(width, 3), color))
    used = sorted({i for link in links for i in link[:2]})
    number = {old: new for new, old in enumerate(used)}
    nodes = [network.nodes[i] for i in used]
    inflow = [0.0] * len(nodes)
    outflow = [0.0] * len(nodes)
    for source, target, width, _ in links:
        outflow[number[source]] += width
        inflow[number[target]] += width
    values = {i: max(inflow[i], outflow[i]) for i in range(len(nodes))}
    columns: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        stage = STAGES.index(node.stage) if node.stage in STAGES else len(STAGES) - 1
        columns.setdefault(stage, []).append(i)
    centres, _ = _positions(columns, values)
    last = max(len(STAGES) - 1, 1)
    stage_of = {i: stage for stage, members in columns.items() for i in members}
    return charts.sankey_figure(
        labels=[wrap_label(f"{short_name(n.name or n.id)} ({n.country or '?'})") for n in nodes],
        sources=[number[link[0]] for link in links],
        targets=[number[link[1]] for link in links],
        values=[link[2] for link in links],
        title=f"{network.name}: capacity behind each link, t/{network.time_unit} (red: not allied)",
        colors=[_color(n.allied) for n in nodes],
        link_colors=[link[3] for link in links],
        x=[0.001 + 0.998 * stage_of[i] / last for i in range(len(nodes))],
        y=[centres[i] for i in range(len(nodes))],
        hover=[
            f"{n.name or n.id}<br>{words(n.stage, STAGE_LABELS)} · {country_name(n.country)}" for n in nodes
        ],
        height=SANKEY_HEIGHT,
        pad=NODE_GAP,
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
    known = sources()
    rows = [g.to_json() for g in latest]
    for row in rows:
        row["source_details"] = [
            {"title": known[s].title, "publisher": known[s].publisher, "href": known[s].href}
            if s in known
            else {"title": s, "publisher": "", "href": None}
            for s in row["sources"]
        ]
    labels = [f"{STAGE_LABELS[g['stage']]} ({g['year']})" for g in rows]
    chart = charts.bar_figure(
        labels,
        [g["china_share"] for g in rows],
        "China's share of each stage of the rare-earth magnet chain (latest cited year)",
        yaxis={"tickformat": ".0%", "range": [0, 1], "title": {"text": "share of world output"}},
    )
    return {"rows": rows, "chart": chart}
