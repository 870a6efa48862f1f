"""The user network file (YAML), read strictly with the line of every entry.

Format (``time_unit`` is one of day, week, month, quarter, year)::

    name: example
    time_unit: month
    nodes:
      - {id: A, capacity: 120}
      - {id: B, capacity: 40}
      - {id: plant, demand: 100, inventory: 300}
    edges:
      - [A, plant]
      - [B, plant]

Node keys: ``id`` (required), ``capacity``, ``demand``, ``inventory`` (numbers >= 0, per time
unit for the first two), ``material``, ``weight`` (> 0, loss weight), ``price`` (USD per unit of
inventory), ``name``, ``country``, ``stage``, ``allied``. An edge is ``[from, to]``,
``[from, to, ratio]`` or ``{from, to, ratio, material}``. Top level: ``name``, ``time_unit``,
``nodes``, ``edges``, optional ``description`` and ``allow_cycles`` (default false). Meaning of
each field: :mod:`goldenage.minerals.network`. Any other key, a duplicate key, a wrong type, a
negative number, an unknown node in an edge or a cycle raises
:class:`~goldenage.errors.InputError` naming the file and the line. The file is read within
the bounds of :mod:`goldenage.user_yaml` (size, no anchors or aliases, nesting), with at most
:data:`MAX_NODES` nodes and :data:`MAX_EDGES` edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from goldenage import user_yaml
from goldenage.errors import InputError
from goldenage.minerals.network import PER_YEAR, Edge, Network, Node, make_network

MAX_NODES = 2_000  # each disruption is a linear program over every node and edge
MAX_EDGES = 20_000
TOP_KEYS = ("name", "description", "time_unit", "allow_cycles", "nodes", "edges")
NODE_KEYS = (
    "id",
    "capacity",
    "demand",
    "inventory",
    "material",
    "weight",
    "price",
    "name",
    "country",
    "stage",
    "allied",
)
EDGE_KEYS = ("from", "to", "ratio", "material")
_NUMBER_KEYS = {"capacity", "demand", "inventory", "weight", "price", "ratio"}
_TEXT_KEYS = {"id", "material", "name", "country", "stage", "from", "to"}


@dataclass(frozen=True)
class Located:
    """A YAML value with the (1-based) line it starts on."""

    value: Any
    line: int


class _Reader:
    """Turns composed YAML nodes into :class:`Located` values, refusing duplicate keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.constructor = yaml.SafeLoader("")

    def fail(self, line: int, message: str, accepted: str) -> None:
        where = f"{self.path}, line {line}"
        raise InputError(where, message, accepted)

    def convert(self, node: yaml.Node) -> Located:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Located] = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node).value
                if not isinstance(key, str):
                    self.fail(key_node.start_mark.line + 1, f"key {key!r} is not text", "text keys")
                if key in mapping:
                    self.fail(key_node.start_mark.line + 1, f"duplicate key {key!r}", "each key once")
                mapping[key] = self.convert(value_node)
            return Located(mapping, line)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.convert(item) for item in node.value], line)
        return Located(self.constructor.construct_object(node), line)


def _number(reader: _Reader, where: str, key: str, item: Located) -> float:
    value = item.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        reader.fail(item.line, f"{where}: {key} {value!r} is not a number", f"a number for {key}")
    return float(value)


def _text(reader: _Reader, where: str, key: str, item: Located) -> str:
    value = item.value
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
        reader.fail(item.line, f"{where}: {key} {value!r} is not a name", f"text (or a number) for {key}")
    return str(value)


def _fields(reader: _Reader, item: Located, allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(item.value, dict):
        reader.fail(item.line, f"{what} is not a mapping", f"a mapping with keys {', '.join(allowed)}")
    out: dict[str, Any] = {}
    for key, value in item.value.items():
        if key not in allowed:
            reader.fail(value.line, f"{what}: unknown key {key!r}", f"one of {', '.join(allowed)}")
        if key in _NUMBER_KEYS:
            out[key] = _number(reader, what, key, value)
        elif key in _TEXT_KEYS:
            out[key] = _text(reader, what, key, value)
        elif not isinstance(value.value, bool):
            reader.fail(value.line, f"{what}: {key} {value.value!r} is not true or false", "true or false")
        else:
            out[key] = value.value
    return out


def _node(reader: _Reader, item: Located) -> Node:
    fields = _fields(reader, item, NODE_KEYS, "node")
    if "id" not in fields:
        reader.fail(item.line, "node without an id", "a node such as {id: A, capacity: 120}")
    return Node(
        id=fields["id"],
        capacity=fields.get("capacity"),
        demand=fields.get("demand", 0.0),
        inventory=fields.get("inventory", 0.0),
        name=fields.get("name"),
        country=fields.get("country"),
        stage=fields.get("stage"),
        material=fields.get("material"),
        weight=fields.get("weight", 1.0),
        price=fields.get("price"),
        allied=fields.get("allied"),
        line=item.line,
    )


def _edge(reader: _Reader, item: Located) -> Edge:
    accepted = "[from, to], [from, to, ratio] or {from: A, to: B, ratio: 1, material: m}"
    if isinstance(item.value, list):
        parts = item.value
        if len(parts) not in (2, 3):
            reader.fail(item.line, f"edge has {len(parts)} items", accepted)
        source = _text(reader, "edge", "from", parts[0])
        target = _text(reader, "edge", "to", parts[1])
        ratio = _number(reader, "edge", "ratio", parts[2]) if len(parts) == 3 else 1.0
        return Edge(source, target, ratio, None, item.line)
    fields = _fields(reader, item, EDGE_KEYS, "edge")
    if "from" not in fields or "to" not in fields:
        reader.fail(item.line, "edge without 'from' and 'to'", accepted)
    return Edge(fields["from"], fields["to"], fields.get("ratio", 1.0), fields.get("material"), item.line)


def load_network(path: Path | str) -> Network:
    """Read and check a user network file (format in the module docstring)."""
    path = Path(path)
    reader = _Reader(path)
    composed = user_yaml.compose(path, "--network", "a YAML network file (docs/minerals.md)")
    if composed is None:
        reader.fail(1, "the file is empty", "a mapping with name, time_unit, nodes and edges")
    top = reader.convert(composed)
    if not isinstance(top.value, dict):
        reader.fail(top.line, "the file is not a mapping", "a mapping with name, time_unit, nodes and edges")
    entries: dict[str, Located] = top.value
    for key, value in entries.items():
        if key not in TOP_KEYS:
            reader.fail(value.line, f"unknown key {key!r}", f"one of {', '.join(TOP_KEYS)}")
    for key in ("time_unit", "nodes"):
        if key not in entries:
            reader.fail(top.line, f"missing key {key!r}", "name, time_unit, nodes and edges")
    unit = entries["time_unit"]
    if not isinstance(unit.value, str) or unit.value not in PER_YEAR:
        reader.fail(
            unit.line, f"time_unit {unit.value!r} is not a known unit", "one of " + ", ".join(PER_YEAR)
        )
    nodes_item = entries["nodes"]
    edges_item = entries.get("edges", Located([], top.line))
    for key, item, most in (("nodes", nodes_item, MAX_NODES), ("edges", edges_item, MAX_EDGES)):
        if not isinstance(item.value, list):
            reader.fail(item.line, f"{key} is not a list", f"a YAML list under {key}")
        if len(item.value) > most:
            reader.fail(
                item.line, f"{len(item.value):,} {key}, over the limit of {most:,}", "a smaller network"
            )
    allow = entries.get("allow_cycles", Located(False, top.line))
    if not isinstance(allow.value, bool):
        reader.fail(allow.line, f"allow_cycles {allow.value!r} is not true or false", "true or false")
    name = _text(reader, "network", "name", entries["name"]) if "name" in entries else path.stem
    return make_network(
        name,
        unit.value,
        [_node(reader, item) for item in nodes_item.value],
        [_edge(reader, item) for item in edges_item.value],
        origin=str(path),
        allow_cycles=allow.value,
    )
