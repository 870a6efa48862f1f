"""The tidy CSV tables of ``data/minerals/``, read strictly: one pydantic model per row.

Every table ends with the same provenance columns: ``value_tag`` (F fact as stated by the
source, S from a secondary report of it, C our arithmetic on cited figures, U unknown, A
modelling assumption; the tags of ``critical_minerals.md``), ``assumption`` (true for A rows and
for C rows computed from an assumption), ``source_id`` (a row of ``sources.csv``) and
``citation`` (where in the source, or the arithmetic). A missing column, an extra column, a bad
value or an unknown source raises :class:`~goldenage.errors.DataFileError` naming the file, the
line and the column. Provenance: ``data/minerals/PROVENANCE.md``.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from goldenage.errors import DataFileError
from goldenage.paths import data_dir
from goldenage.provenance.dataset import DatasetMetadata, dataset_metadata

Tag = Literal["F", "S", "C", "U", "A"]
Stage = Literal["mine", "separation", "metal_alloy", "magnet", "end_use"]
Group = Literal["all", "light", "heavy"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceRow(_Row):
    """A source (``sources.csv``)."""

    source_id: str = Field(min_length=2)
    title: str = Field(min_length=5)
    publisher: str = Field(min_length=2)
    href: str | None = None
    published: str
    retrieved: str
    licence: str = Field(min_length=3)
    note: str | None = None


class Cited(_Row):
    """The provenance columns every data row ends with."""

    value_tag: Tag
    assumption: bool
    source_id: str
    citation: str = Field(min_length=5)

    @model_validator(mode="after")
    def _tag_agrees(self) -> Cited:
        """Require assumption = true on A rows (a sourced row may be flagged when its use assumes)."""
        if self.value_tag == "A" and not self.assumption:
            msg = "value_tag A (assumption) needs assumption = true"
            raise ValueError(msg)
        return self


class ShareRow(Cited):
    """Production or share of one country at one stage (``shares.csv``)."""

    stage: Stage
    element_group: Group
    basis: str
    year: int
    edition: str
    country: str = Field(pattern=r"^([A-Z]{3}(\+[A-Z]{3})*|OTHER|EUR)$")
    value: float = Field(ge=0)
    unit: str


class NodeRow(Cited):
    """A facility or aggregate of the magnet network (``nodes.csv``)."""

    node_id: str = Field(pattern=r"^[A-Z]{3}-[A-Za-z0-9-]+$")
    name: str
    owner: str
    country: str = Field(pattern=r"^[A-Z]{3}$")
    stage: Stage
    element_group: Group
    material: str
    unit: str
    allied: bool
    price_product: str | None = None


class QuantityRow(Cited):
    """Capacity (t/yr), demand (t/yr) or inventory (t) of a node from a year (``capacities.csv``)."""

    node_id: str
    quantity: Literal["capacity", "demand", "inventory"]
    from_year: int
    value: float | None = Field(default=None, ge=0)
    unit: Literal["t/yr", "t"]
    basis: Literal["output", "nameplate", "run_rate", "trade_flow", "derived", "unconstrained", "unknown"]
    figure_year: int

    @model_validator(mode="after")
    def _value_or_reason(self) -> QuantityRow:
        if self.value is None and self.basis not in ("unconstrained", "unknown"):
            msg = "value is empty: give a number, or basis 'unconstrained' or 'unknown'"
            raise ValueError(msg)
        if self.value is not None and self.basis == "unconstrained":
            msg = "basis 'unconstrained' takes an empty value"
            raise ValueError(msg)
        expected = "t" if self.quantity == "inventory" else "t/yr"
        if self.unit != expected:
            msg = f"unit of {self.quantity} must be {expected!r}"
            raise ValueError(msg)
        return self


class EdgeRow(Cited):
    """Supply of ``source`` to ``target`` at ``ratio`` t per t made (``edges.csv``)."""

    source: str
    target: str
    material: str
    ratio: float = Field(gt=0)


class PriceRow(Cited):
    """A price in US dollars per kilogram (``prices.csv``)."""

    product: str
    year: int
    usd_per_kg: float = Field(gt=0)
    basis: str


class ProjectRow(Cited):
    """An announced or candidate project (``projects.csv``)."""

    project_id: str = Field(pattern=r"^(PJ|CD)-[A-Z0-9-]+$")
    name: str
    owner: str
    country: str = Field(pattern=r"^[A-Z]{3}$")
    stage: Stage
    element_group: Group
    node_id: str | None = None
    quantity: Literal["capacity", "inventory"]
    adds: float = Field(gt=0)
    unit: Literal["t/yr", "t"]
    share_basis: str | None = None
    online_year: int | None = None
    status: Literal["announced", "candidate"]
    cost_usd: float | None = Field(default=None, ge=0)
    price_product: str | None = None
    cost_basis: str

    @field_validator("node_id", "share_basis", "price_product", "online_year", "cost_usd", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


Row = TypeVar("Row", bound=_Row)


def _blank_to_none(record: dict[str, str]) -> dict[str, str | None]:
    return {
        key: (None if value is not None and value.strip() == "" else value) for key, value in record.items()
    }


def read_table(path: Path, model: type[Row]) -> list[Row]:
    """Read ``path`` into ``model`` rows; errors name the file, the line and the column."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            expected = list(model.model_fields)
            if sorted(header) != sorted(expected):
                missing = sorted(set(expected) - set(header))
                extra = sorted(set(header) - set(expected))
                msg = f"{path}: columns differ (missing {missing}, unexpected {extra}); expected {expected}"
                raise DataFileError(msg)
            rows: list[Row] = []
            for number, record in enumerate(reader, start=2):
                try:
                    rows.append(model.model_validate(_blank_to_none(record)))
                except ValidationError as err:
                    first = err.errors()[0]
                    column = ".".join(str(p) for p in first["loc"]) or "<row>"
                    message = first["msg"].removeprefix("Value error, ")
                    msg = f"{path}, line {number}, column {column!r}: {message}"
                    raise DataFileError(msg) from err
    except OSError as err:
        msg = f"{path}: cannot be read: {err}"
        raise DataFileError(msg) from err
    return rows


def minerals_dir() -> Path:
    """Return ``data/minerals`` (see :func:`goldenage.paths.data_dir`)."""
    return data_dir() / "minerals"


@cache
def metadata() -> DatasetMetadata:
    """Return the edition, as-of date and source of the tables (``data/minerals/dataset.yaml``)."""
    return dataset_metadata(minerals_dir() / "dataset.yaml")


@cache
def sources() -> dict[str, SourceRow]:
    """Return the sources by id."""
    rows = read_table(minerals_dir() / "sources.csv", SourceRow)
    by_id: dict[str, SourceRow] = {}
    for number, row in enumerate(rows, start=2):
        if row.source_id in by_id:
            msg = f"{minerals_dir() / 'sources.csv'}, line {number}: duplicate source_id {row.source_id!r}"
            raise DataFileError(msg)
        by_id[row.source_id] = row
    return by_id


@cache
def table(name: str, model: type[Row]) -> tuple[Row, ...]:
    """Return a table of ``data/minerals`` whose every ``source_id`` is a known source."""
    path = minerals_dir() / name
    rows = read_table(path, model)
    known = sources()
    for number, row in enumerate(rows, start=2):
        source_id = getattr(row, "source_id", None)
        if source_id not in known:
            msg = f"{path}, line {number}, column 'source_id': unknown source {source_id!r} (see sources.csv)"
            raise DataFileError(msg)
    return tuple(rows)
