"""Tariff scenarios as parameter overlays (``data/scenarios/<name>.yaml``).

A scenario replaces the whole timeline of chosen parameters; it never changes rule code.
A file has ``title`` (the name people read, e.g. "No US–Japan deal"), ``description``,
``reference`` (citations of what the scenario represents) and
``overrides``: parameter id (or a glob such as ``us.s122.*``) -> ``values`` in the format of a
parameter file, validated against the overridden parameter's type. ``actual`` is the law as
in force and has no overrides.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goldenage.errors import DataFileError
from goldenage.params import Parameter, parameters
from goldenage.params.loader import build_parameter, read_yaml, validate_model
from goldenage.paths import data_dir
from goldenage.provenance.citation import Citation
from goldenage.tariffs.scenario_names import DEFAULT_SCENARIO, scenario_name


class ScenarioFile(BaseModel):
    """The content of a scenario file."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=80)
    description: str = Field(min_length=10)
    reference: list[Citation] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """A named set of parameter overrides."""

    name: str
    description: str
    references: tuple[Citation, ...]
    assumptions: tuple[str, ...]
    overrides: dict[str, Parameter]  # resolved: parameter id -> replacement
    title: str = ""  # the name people read; the file name when the file has none

    @property
    def label(self) -> str:
        """Return the name to show people (the title, else the name)."""
        return self.title or self.name

    def parameter(self, base: Parameter) -> Parameter:
        """Return the scenario's version of ``base`` (itself when not overridden)."""
        return self.overrides.get(base.id, base)

    def to_json(self) -> dict[str, Any]:
        """Return the scenario as ``goldenage tariff scenarios --json`` lists it."""
        return {
            "name": self.name,
            "description": self.description,
            "assumptions": list(self.assumptions),
            "references": [c.to_json() for c in self.references],
            "overridden_parameters": sorted(self.overrides),
        }


def _load(path: Path) -> Scenario:
    try:
        model = ScenarioFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        msg = f"{path}: {loc}: {first['msg']}"
        raise DataFileError(msg) from err
    known = {p.id: p for p in parameters()}
    resolved: dict[str, Parameter] = {}
    for pattern, values in model.overrides.items():
        matches = [pid for pid in known if fnmatch.fnmatchcase(pid, pattern)]
        if not matches:
            msg = f"{path}: overrides.{pattern}: matches no parameter"
            raise DataFileError(msg)
        for pid in matches:
            base = known[pid]
            raw = {
                "description": base.description,
                "metadata": {"value_type": str(base.value_type), "unit": base.unit},
                "values": values,
            }
            resolved[pid] = build_parameter(validate_model(raw, path), pid, path)
    return Scenario(
        name=path.stem,
        description=" ".join(model.description.split()),
        references=tuple(model.reference),
        assumptions=tuple(" ".join(a.split()) for a in model.assumptions),
        overrides=resolved,
        title=model.title or "",
    )


@cache
def scenarios() -> dict[str, Scenario]:
    """Return every shipped scenario by name, ``actual`` first."""
    folder = data_dir() / "scenarios"
    loaded = {path.stem: _load(path) for path in sorted(folder.glob("*.yaml"))}
    if DEFAULT_SCENARIO not in loaded:
        msg = f"{folder}: the '{DEFAULT_SCENARIO}' scenario is missing"
        raise DataFileError(msg)
    return {DEFAULT_SCENARIO: loaded.pop(DEFAULT_SCENARIO), **loaded}


def get_scenario(value: str | None, field: str = "--scenario") -> Scenario:
    """Return a scenario by name; ``None`` means ``actual``. Unknown names raise InputError."""
    return scenarios()[scenario_name(value, field)]
