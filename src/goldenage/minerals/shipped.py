"""The shipped NdFeB magnet network of US and Japanese users, built from ``data/minerals/`` for a year.

Tables: ``nodes.csv`` (facilities and aggregates), ``capacities.csv`` (capacity and demand in
t/yr, inventory in t, each from a year), ``edges.csv`` (t of input per t made), ``prices.csv``
(US$/kg) and ``projects.csv``. The network's time unit is the month (t/yr divided by 12).

Rules: the latest row of a node's quantity with ``from_year`` <= the year applies; a node with
no capacity row for the year, or with basis ``unknown``, produces nothing (it is not built yet,
or its capacity is not in the sources; the network's notes say which); basis
``unconstrained`` means "limited by its inputs" (demand nodes). Sources and assumptions of each
row: ``data/minerals/PROVENANCE.md`` and ``docs/minerals.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from goldenage.errors import DataFileError, InputError
from goldenage.minerals.network import PER_YEAR, Edge, Network, Node, make_network
from goldenage.minerals.tables import EdgeRow, NodeRow, PriceRow, ProjectRow, QuantityRow, minerals_dir, table

FIRST_YEAR, LAST_YEAR = 2024, 2035
MONTHS = PER_YEAR["month"]


def node_rows() -> tuple[NodeRow, ...]:
    """Return the rows of ``nodes.csv``."""
    return table("nodes.csv", NodeRow)


def quantity_rows() -> tuple[QuantityRow, ...]:
    """Return the rows of ``capacities.csv``."""
    return table("capacities.csv", QuantityRow)


def edge_rows() -> tuple[EdgeRow, ...]:
    """Return the rows of ``edges.csv``."""
    return table("edges.csv", EdgeRow)


def price_rows() -> tuple[PriceRow, ...]:
    """Return the rows of ``prices.csv``."""
    return table("prices.csv", PriceRow)


def project_rows() -> tuple[ProjectRow, ...]:
    """Return the rows of ``projects.csv``."""
    return table("projects.csv", ProjectRow)


def check_year(year: int, field: str = "--year") -> int:
    """Return ``year`` if the shipped data cover it, else raise :class:`InputError`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        msg = f"{year} is outside the years the shipped data cover"
        raise InputError(field, msg, f"a year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


@dataclass(frozen=True)
class Price:
    """A cited price: US dollars per kilogram of ``product`` in ``year``."""

    product: str
    year: int
    usd_per_kg: float
    row: PriceRow


def price(product: str, year: int) -> Price:
    """Return the latest cited price of ``product`` in or before ``year``."""
    rows = [r for r in price_rows() if r.product == product and r.year <= year]
    if not rows:
        known = sorted({r.product for r in price_rows()})
        where = minerals_dir() / "prices.csv"
        msg = f"no price of {product!r} in or before {year} in {where} (products: {known})"
        raise DataFileError(msg)
    row = max(rows, key=lambda r: r.year)
    return Price(product, row.year, row.usd_per_kg, row)


def _latest(rows: Iterable[QuantityRow], year: int) -> dict[tuple[str, str], QuantityRow]:
    chosen: dict[tuple[str, str], QuantityRow] = {}
    for row in rows:
        key = (row.node_id, row.quantity)
        if row.from_year <= year and (key not in chosen or row.from_year > chosen[key].from_year):
            chosen[key] = row
    return chosen


def shipped_network(year: int = 2025, projects: Iterable[str] = ()) -> Network:
    """Return the shipped network for ``year``, with the capacity or stock of ``projects`` added.

    ``projects`` are ids of ``projects.csv`` (``PJ-...``, ``CD-...``); a project must have a node.
    """
    check_year(year)
    rows = node_rows()
    ids = {r.node_id for r in rows}
    quantities = quantity_rows()
    for number, row in enumerate(quantities, start=2):
        if row.node_id not in ids:
            msg = f"{minerals_dir() / 'capacities.csv'}, line {number}: unknown node {row.node_id!r}"
            raise DataFileError(msg)
    chosen = _latest(quantities, year)
    added: dict[tuple[str, str], float] = {}
    by_id = {p.project_id: p for p in project_rows()}
    for project_id in projects:
        project = by_id.get(project_id)
        if project is None:
            field = "--project"
            msg = f"unknown project {project_id!r}"
            raise InputError(field, msg, "an id of data/minerals/projects.csv: " + ", ".join(sorted(by_id)))
        if project.node_id is None or project.node_id not in ids:
            field = "--project"
            msg = f"project {project_id!r} has no node in the network"
            raise InputError(field, msg, "a project with a node_id")
        key = (project.node_id, project.quantity)
        added[key] = added.get(key, 0.0) + project.adds
    notes: list[str] = []
    nodes = []
    for row in rows:
        capacity_row = chosen.get((row.node_id, "capacity"))
        capacity: float | None
        if capacity_row is None:
            capacity = 0.0
        elif capacity_row.basis == "unconstrained":
            capacity = None
        elif capacity_row.value is None:
            capacity = 0.0
            notes.append(
                f"{row.node_id}: capacity not in the sources ({capacity_row.citation}); counted as 0"
            )
        else:
            capacity = capacity_row.value
        if capacity is not None:
            capacity = (capacity + added.get((row.node_id, "capacity"), 0.0)) / MONTHS
        demand_row = chosen.get((row.node_id, "demand"))
        stock_row = chosen.get((row.node_id, "inventory"))
        demand = (demand_row.value or 0.0) / MONTHS if demand_row else 0.0
        stock = (stock_row.value or 0.0) if stock_row else 0.0
        stock += added.get((row.node_id, "inventory"), 0.0)
        unit_price = price(row.price_product, year).usd_per_kg * 1000 if row.price_product else None
        nodes.append(
            Node(
                id=row.node_id,
                capacity=capacity,
                demand=demand,
                inventory=stock,
                name=row.name,
                country=row.country,
                stage=row.stage,
                material=row.material,
                price=unit_price,
                allied=row.allied,
            )
        )
    edges = [Edge(e.source, e.target, e.ratio, e.material) for e in edge_rows()]
    suffix = f" + {', '.join(projects)}" if projects else ""
    try:
        return make_network(
            f"NdFeB magnets for US and Japanese users, {year}{suffix}",
            "month",
            nodes,
            edges,
            origin=str(minerals_dir() / "edges.csv"),
            notes=notes,
        )
    except InputError as err:
        raise DataFileError(str(err)) from err
