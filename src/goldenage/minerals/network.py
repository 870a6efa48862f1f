"""A supply network: nodes with capacity, demand and inventory; edges with bill-of-materials ratios.

The notation follows Simchi-Levi et al. (2015), *Interfaces* 45(5):375-390, as reproduced in the
multi-tier formulation of the Databricks "supply-chain-stress-test" appendix:

- ``capacity`` is c_j, units of the node's output per time unit. ``None`` means the node is
  limited only by its inputs; a node without inputs and without a capacity produces nothing
  (a pure stockpile or a demand point).
- ``demand`` is d_j per time unit; ``inventory`` is s_j, on-hand units (usable even if the node
  itself is disrupted, as in the reproduced formulation).
- An edge i -> j carries ``ratio`` r_ij units of i per unit made at j (default 1). Inputs of the
  same ``material`` are substitutes; inputs of different materials are all needed, each at its
  ratio (the scarcest binds). An edge's material is its own ``material``, else the source
  node's ``material``, else one shared default, so ``[A, plant]`` and ``[B, plant]`` are
  substitutes.

Every check raises :class:`~goldenage.errors.InputError` naming the file and line where known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number

# Time units a network may use, as periods per year (a month is a twelfth of a year).
PER_YEAR: dict[str, float] = {"day": 365.25, "week": 365.25 / 7, "month": 12.0, "quarter": 4.0, "year": 1.0}
DEFAULT_MATERIAL = ""
# Bounds of a network's numbers (issue 17, item 10). HiGHS takes a bound of 1e20 or more as
# infinite, so a quantity times a ratio must stay far below it: 1e12 units (the world mines a
# few hundred thousand tonnes of rare earths a year) times a ratio of 1e6 is 1e18. Beyond them a file
# is refused naming the field; a capacity of 1e308 used to end in a solver error (exit 1).
MAX_QUANTITY = 1e12  # capacity and demand per time unit, inventory in units
MAX_RATIO = 1e6  # units of the source per unit made; also the largest loss weight
LIMITS = {
    "capacity": MAX_QUANTITY,
    "demand": MAX_QUANTITY,
    "inventory": MAX_QUANTITY,
    "price": MAX_AMOUNT_USD,  # US dollars per unit of stock
    "weight": MAX_RATIO,
}


@dataclass(frozen=True)
class Node:
    """One node j of the network (see the module docstring for the meaning of each field)."""

    id: str
    capacity: float | None = None
    demand: float = 0.0
    inventory: float = 0.0
    name: str | None = None
    country: str | None = None
    stage: str | None = None
    material: str | None = None
    weight: float = 1.0
    price: float | None = None
    allied: bool | None = None
    line: int | None = None


@dataclass(frozen=True)
class Edge:
    """Supply of ``source`` to ``target``: ``ratio`` units of source per unit made at target."""

    source: str
    target: str
    ratio: float = 1.0
    material: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Network:
    """A validated network; build it with :func:`make_network`."""

    name: str
    time_unit: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    origin: str = "<network>"
    allow_cycles: bool = False
    notes: tuple[str, ...] = field(default=())

    @cached_property
    def index(self) -> dict[str, int]:
        """Return the position of each node id."""
        return {node.id: position for position, node in enumerate(self.nodes)}

    def node(self, node_id: str) -> Node:
        """Return a node by id, or raise :class:`InputError` listing the known ids."""
        try:
            return self.nodes[self.index[node_id]]
        except KeyError:
            known = ", ".join(n.id for n in self.nodes[:12])
            more = ", ..." if len(self.nodes) > 12 else ""
            field_name = "--disrupt"
            msg = f"unknown node {node_id!r} in network {self.name!r}"
            raise InputError(field_name, msg, f"a node id of the network: {known}{more}") from None

    def material_of(self, edge: Edge) -> str:
        """Return the material group of an edge (see the module docstring)."""
        if edge.material is not None:
            return edge.material
        source = self.nodes[self.index[edge.source]]
        return source.material if source.material is not None else DEFAULT_MATERIAL

    def with_nodes(self, changes: Mapping[str, Mapping[str, object]]) -> Network:
        """Return a copy with some node fields replaced, e.g. ``{"A": {"capacity": 10}}``."""
        nodes = tuple(replace(n, **changes[n.id]) if n.id in changes else n for n in self.nodes)  # type: ignore[arg-type]
        return replace(self, nodes=nodes)


def _where(network: Network, line: int | None) -> str:
    return f"{network.origin}, line {line}" if line is not None else network.origin


def _fail(network: Network, line: int | None, message: str, accepted: str) -> None:
    raise InputError(_where(network, line), message, accepted)


def _check_number(network: Network, node: Node, key: str, value: float | None, minimum: float) -> None:
    """Check a node's number with the one parser of user numbers, within :data:`LIMITS`."""
    if value is None:
        return
    maximum = LIMITS[key]
    bound = "> 0" if minimum > 0 else ">= 0"
    unit = f" (units per {network.time_unit})" if key in ("capacity", "demand") else ""
    accepted = f"a number {bound} and at most {maximum:g}{unit}"
    try:
        parse_number(value, key, accepted, minimum=minimum, maximum=maximum)
    except InputError:
        if not math.isfinite(value):
            problem = "is not a finite number"
        elif value > maximum:
            problem = f"is over the limit of {maximum:g}"
        else:
            problem = "must be positive" if minimum > 0 else "is negative"
        _fail(network, node.line, f"node {node.id!r}: {key} {value!r} {problem}", accepted)


def make_network(  # noqa: PLR0913 - the fields of a network
    name: str,
    time_unit: str,
    nodes: Iterable[Node],
    edges: Iterable[Edge],
    origin: str = "<network>",
    allow_cycles: bool = False,
    notes: Iterable[str] = (),
) -> Network:
    """Build a network and check it: ids, numbers, edge ends, duplicates and cycles."""
    network = Network(name, time_unit, tuple(nodes), tuple(edges), origin, allow_cycles, tuple(notes))
    if time_unit not in PER_YEAR:
        accepted = "one of " + ", ".join(PER_YEAR)
        _fail(network, None, f"time_unit {time_unit!r} is not a known unit", accepted)
    seen: dict[str, Node] = {}
    for node in network.nodes:
        if not node.id:
            _fail(network, node.line, "a node has an empty id", "a non-empty id")
        if node.id in seen:
            first = f" (first at line {seen[node.id].line})" if seen[node.id].line is not None else ""
            _fail(network, node.line, f"duplicate node id {node.id!r}{first}", "unique ids")
        seen[node.id] = node
        for key, minimum in (("capacity", 0.0), ("demand", 0.0), ("inventory", 0.0), ("price", 0.0)):
            _check_number(network, node, key, getattr(node, key), minimum)
        _check_number(network, node, "weight", node.weight, 1e-300)
    _check_edges(network, seen)
    _check_cycles(network)
    return network


def _check_edges(network: Network, nodes: Mapping[str, Node]) -> None:
    known = ", ".join(list(nodes)[:12]) + (", ..." if len(nodes) > 12 else "")
    pairs: dict[tuple[str, str], Edge] = {}
    for edge in network.edges:
        for end in (edge.source, edge.target):
            if end not in nodes:
                message = f"edge [{edge.source}, {edge.target}]: unknown node {end!r}"
                _fail(network, edge.line, message, f"a node id declared under nodes: {known}")
        if edge.source == edge.target:
            message = f"edge [{edge.source}, {edge.target}] is a cycle (a node supplying itself)"
            _fail(network, edge.line, message, "edges between two different nodes")
        accepted = f"a ratio > 0 and at most {MAX_RATIO:g} (units of the source per unit made)"
        try:
            parse_number(edge.ratio, "ratio", accepted, minimum=0.0, strict=True, maximum=MAX_RATIO)
        except InputError:
            problem = f"is over the limit of {MAX_RATIO:g}" if edge.ratio > MAX_RATIO else "is not positive"
            message = f"edge [{edge.source}, {edge.target}]: ratio {edge.ratio!r} {problem}"
            _fail(network, edge.line, message, accepted)
        key = (edge.source, edge.target)
        if key in pairs:
            first = f" (first at line {pairs[key].line})" if pairs[key].line is not None else ""
            message = f"duplicate edge [{edge.source}, {edge.target}]{first}"
            _fail(network, edge.line, message, "each edge once")
        pairs[key] = edge


def cycle_edges(network: Network) -> list[Edge]:
    """Return the edges that lie on a directed cycle (both ends in one strong component)."""
    if not network.edges:
        return []
    index = network.index
    rows = np.array([index[e.source] for e in network.edges])
    cols = np.array([index[e.target] for e in network.edges])
    size = len(network.nodes)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size)).tocsr()
    _, labels = connected_components(graph, directed=True, connection="strong")
    return [e for e, r, c in zip(network.edges, rows, cols, strict=True) if labels[r] == labels[c]]


def _check_cycles(network: Network) -> None:
    on_cycle = cycle_edges(network)
    if not on_cycle:
        return
    edge = on_cycle[0]
    if not network.allow_cycles:
        message = f"edge [{edge.source}, {edge.target}] closes a cycle, and cycles are not allowed"
        _fail(network, edge.line, message, "an acyclic network, or 'allow_cycles: true' at the top level")
    for edge in on_cycle:
        if edge.ratio < 1:
            message = (
                f"edge [{edge.source}, {edge.target}] is on a cycle with ratio {edge.ratio!r} < 1, "
                "which would create material from nothing"
            )
            _fail(network, edge.line, message, "ratio >= 1 on every edge of a cycle")
