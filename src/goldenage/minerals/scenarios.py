"""China's 2025 export-control measures as scenario files, and the shortfall report of each.

A scenario file (``data/minerals/scenarios/<name>.yaml``) names the legal instruments it
represents (parameter ids of ``data/minerals/params/``, dated and cited: the April 2025 list of
seven elements, No. 18; the October 2025 expansion, Nos. 57 and 61; its suspension, No. 70; the
ban on dual-use exports to Japanese military end users and uses, No. 1 of 2026), an
evaluation date, the network nodes it disrupts (remaining share of capacity, each cited or
flagged as an assumption) and a time-to-recover. The report gives the legal status of each
instrument on the date (read from the parameters, never from the scenario file), the network's
TTS, and which US and Japanese demand nodes fall short within the TTR and by how much
(Simchi-Levi et al. 2015; the loss split pro rata as far as the network allows, as in every
minerals result: :mod:`goldenage.minerals.lp`, ``docs/minerals.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goldenage.errors import DataFileError, InputError
from goldenage.minerals.shipped import check_year, node_rows, shipped_network
from goldenage.minerals.tables import Tag, minerals_dir, sources
from goldenage.minerals.tts import SurvivalResult, survival
from goldenage.params import NoValueInForceError, ParameterSet
from goldenage.params.loader import read_yaml
from goldenage.params.schema import parse_iso_date


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TtrSpec(_Spec):
    """The time-to-recover of a scenario, with its provenance."""

    value: float = Field(gt=0)
    unit: Literal["month"]
    value_tag: Tag
    source_id: str
    citation: str = Field(min_length=5)


class DisruptSpec(_Spec):
    """One disrupted node: the share of its capacity that remains, with its provenance."""

    node: str
    remaining: float = Field(ge=0, le=1)
    value_tag: Tag
    source_id: str
    citation: str = Field(min_length=5)


class ScenarioFile(_Spec):
    """The content of a scenario file."""

    description: str = Field(min_length=10)
    kind: Literal["actual", "counterfactual", "hypothetical"]
    date: str
    instruments: list[str]
    elements: list[str] = Field(default_factory=list)
    ttr: TtrSpec | None = None
    disrupt: list[DisruptSpec]
    assumptions: list[str] = Field(default_factory=list)


@cache
def legal_parameters() -> ParameterSet:
    """Return the dated, cited legal parameters of ``data/minerals/params`` (export controls)."""
    return ParameterSet(minerals_dir() / "params")


def _scenario_dir() -> Path:
    return minerals_dir() / "scenarios"


def scenario_names() -> list[str]:
    """Return the names of the shipped scenarios."""
    return sorted(p.stem for p in _scenario_dir().glob("*.yaml"))


@cache
def load_scenario(name: str) -> ScenarioFile:
    """Return a shipped scenario, checked against the network, the sources and the parameters."""
    known = scenario_names()
    if name not in known:  # a name, never a path (nor one too long for the file system)
        field = "scenario"
        shown = name if len(name) <= 64 else name[:64] + "..."
        msg = f"unknown scenario {shown!r}"
        raise InputError(field, msg, "one of " + ", ".join(known))
    path = _scenario_dir() / f"{name}.yaml"
    try:
        spec = ScenarioFile.model_validate(read_yaml(path))
        parse_iso_date(spec.date)
    except (ValidationError, ValueError) as err:
        first = err.errors()[0] if isinstance(err, ValidationError) else {"loc": ("date",), "msg": str(err)}
        loc = ".".join(str(p) for p in first["loc"])
        msg = f"{path}: {loc}: {first['msg']}"
        raise DataFileError(msg) from err
    nodes = {row.node_id for row in node_rows()}
    known_sources = sources()
    laws = legal_parameters()
    for item in [*spec.disrupt, *([spec.ttr] if spec.ttr else [])]:
        if item.source_id not in known_sources:
            msg = f"{path}: unknown source {item.source_id!r} (see sources.csv)"
            raise DataFileError(msg)
    for item in spec.disrupt:
        if item.node not in nodes:
            msg = f"{path}: disrupt: unknown node {item.node!r} (see nodes.csv)"
            raise DataFileError(msg)
    for parameter_id in [*spec.instruments, *spec.elements]:
        if parameter_id not in laws:
            msg = f"{path}: unknown legal parameter {parameter_id!r} (see data/minerals/params)"
            raise DataFileError(msg)
    return spec


@dataclass(frozen=True)
class LegalStatus:
    """Whether an instrument is in force on a date; ``None`` when the sources stop before it.

    ``unverified`` is what the citation of the value says it does not establish (the official
    text not opened, a reading of ours), or ``None``; ``detail`` ends with it too.
    """

    parameter: str
    in_force: bool | None
    detail: str
    unverified: str | None = None

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {
            "parameter": self.parameter,
            "in_force": self.in_force,
            "detail": self.detail,
            "unverified": self.unverified,
        }


def legal_status(parameter_id: str, on: dt.date) -> LegalStatus:
    """Return the status of a legal parameter on ``on``, with the citation of its value."""
    parameter = legal_parameters()[parameter_id]
    try:
        period = parameter.period_at(on)
    except NoValueInForceError as err:
        return LegalStatus(parameter_id, None, f"unknown: {err}")
    detail = period.reference.label() + (f"; {' '.join(period.note.split())}" if period.note else "")
    unverified = " ".join(period.reference.unverified.split()) if period.reference.unverified else None
    if unverified:
        detail += f"; unverified: {unverified}"
    return LegalStatus(parameter_id, bool(period.value), detail, unverified)


@dataclass(frozen=True)
class Shortfall:
    """One US or Japanese demand node: demand within the TTR and the part lost."""

    node: str
    country: str
    demand: float
    lost: float

    @property
    def falls_short(self) -> bool:
        """Return whether any demand is lost."""
        return self.lost > 1e-6

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        share = self.lost / self.demand if self.demand > 0 else 0.0
        return {
            "node": self.node,
            "country": self.country,
            "demand_within_ttr": self.demand,
            "lost": self.lost,
            "lost_share": share,
            "falls_short": self.falls_short,
        }


@dataclass(frozen=True)
class ScenarioReport:
    """The outcome of one scenario on the shipped network of one year."""

    name: str
    spec: ScenarioFile
    year: int
    elements: tuple[str, ...]
    laws: tuple[LegalStatus, ...]
    result: SurvivalResult
    shortfalls: tuple[Shortfall, ...]
    notes: tuple[str, ...]
    ttr_given: bool = False  # the TTR is the caller's, not the scenario file's

    def _ttr(self) -> dict[str, object] | None:
        """Return the TTR used: the scenario's, with its source, or the one given instead."""
        if self.ttr_given:
            return {"value": self.result.ttr, "unit": self.result.time_unit, "given": True}
        return self.spec.ttr.model_dump() if self.spec.ttr else None

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        return {
            "scenario": self.name,
            "kind": self.spec.kind,
            "description": " ".join(self.spec.description.split()),
            "date": self.spec.date,
            "network_year": self.year,
            "elements": list(self.elements),
            "legal_status": [law.to_json() for law in self.laws],
            "disrupted": [d.model_dump() for d in self.spec.disrupt],
            "ttr": self._ttr(),
            "tts": self.result.tts,
            "unbounded": self.result.unbounded,
            "time_unit": self.result.time_unit,
            "lost_demand": self.result.lost_demand,
            "shortfalls": [s.to_json() for s in self.shortfalls],
            "assumptions": list(self.spec.assumptions),
            "notes": list(self.notes),
        }


def run_scenario(
    name: str, year: int | None = None, projects: tuple[str, ...] = (), ttr: float | None = None
) -> ScenarioReport:
    """Run a shipped scenario on the network of ``year`` (default: the year of its date).

    ``ttr`` replaces the scenario's time to recover (months): the demand lost, the shortfalls
    and the TTS comparison then all use it.
    """
    spec = load_scenario(name)
    on = parse_iso_date(spec.date)
    network_year = check_year(year if year is not None else on.year)
    network = shipped_network(network_year, projects)
    elements: list[str] = []
    for parameter_id in spec.elements:
        status = legal_status(parameter_id, on)
        if status.in_force is not None:
            elements += str(legal_parameters()[parameter_id].at(on)).split()
    laws = tuple(legal_status(p, on) for p in spec.instruments)
    disrupted = {d.node: d.remaining for d in spec.disrupt}
    given = ttr is not None
    if ttr is None:
        ttr = spec.ttr.value if spec.ttr else None
    result = survival(network, disrupted, ttr)
    shortfalls = []
    for node in network.nodes:
        if node.demand > 0 and node.country in ("USA", "JPN"):
            lost = (result.lost_by_node or {}).get(node.id, 0.0)
            shortfalls.append(Shortfall(node.id, node.country or "", node.demand * (ttr or 0.0), lost))
    return ScenarioReport(
        name, spec, network_year, tuple(elements), laws, result, tuple(shortfalls), network.notes, given
    )
