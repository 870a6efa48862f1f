"""Strict loading of parameter files.

Duplicate YAML keys, unknown keys, non-ISO dates, unsorted or overlapping dates, missing
citations and values of the wrong type all fail with the file name and the key.
Dates stay strings while parsing (YAML's own timestamp conversion is disabled) so that
``2025-1-1`` is refused instead of silently accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from goldenage.errors import DataFileError
from goldenage.params.errors import ParameterFileError, ParameterNotFoundError
from goldenage.params.schema import ParameterFileModel
from goldenage.params.timeline import Parameter, Period
from goldenage.paths import data_dir

# libyaml's parser when PyYAML was built with it (several times faster); the same resolvers
# and constructors either way.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """SafeLoader without implicit timestamps and refusing duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            msg = f"duplicate key {key!r} (line {key_node.start_mark.line + 1})"
            raise yaml.constructor.ConstructorError(None, None, msg, key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def invalid_file(path: Path, err: ValidationError) -> DataFileError:
    """Return the error of a data file that fails its model: the file, the field and the problem."""
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return DataFileError(f"{path}: {loc}: {first['msg']}")


def parse_yaml_text(text: str) -> Any:
    """Return the content of YAML text, read as strictly as :func:`read_yaml` (errors: YAMLError)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def read_yaml(path: Path) -> Any:
    """Read a YAML file strictly (no duplicate keys, dates kept as strings)."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        raise ParameterFileError(path, "<yaml>", str(err).replace("\n", " ")) from err
    except OSError as err:
        raise ParameterFileError(path, "<file>", str(err)) from err


def read_yaml_text(text: str, path: Path) -> Any:
    """Read YAML text strictly (as :func:`read_yaml`); errors name ``path``, where it came from."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        raise ParameterFileError(path, "<yaml>", str(err).replace("\n", " ")) from err


def _location(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    return loc or "<file>"


def load_parameter_file(path: Path, root: Path | None = None) -> Parameter:
    """Load and validate one parameter file; ``root`` sets the id (path relative to it)."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        problem = "expected a mapping with description/metadata/values"
        raise ParameterFileError(path, "<file>", problem)
    model = validate_model(raw, path)
    relative = path.relative_to(root or path.parent).with_suffix("")
    return build_parameter(model, ".".join(relative.parts), path)


def validate_model(raw: dict[str, Any], path: Path) -> ParameterFileModel:
    """Validate the content of a parameter file; errors name ``path`` and the key."""
    for key in raw.get("values", {}) or {}:
        if not isinstance(key, str):
            problem = "date keys must be YYYY-MM-DD strings"
            raise ParameterFileError(path, f"values.{key!r}", problem)
    try:
        return ParameterFileModel.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing" and first["loc"][-1] == "reference":
            message = "missing citation ('reference' with title and href or document)"
        raise ParameterFileError(path, _location(first), message) from err


def build_parameter(model: ParameterFileModel, parameter_id: str, path: Path) -> Parameter:
    """Turn a validated file model into a :class:`Parameter` with its periods."""
    starts = [dt.date.fromisoformat(key) for key in model.values]
    periods = []
    for index, (start, dated) in enumerate(zip(starts, model.values.values(), strict=True)):
        if dated.until is not None:
            end: dt.date | None = dt.date.fromisoformat(dated.until)
        elif index + 1 < len(starts):
            end = starts[index + 1] - dt.timedelta(days=1)
        else:
            end = None
        periods.append(Period(start, end, dated.value, dated.reference, dated.note))
    return Parameter(
        id=parameter_id,
        path=path,
        description=model.description.strip(),
        value_type=model.metadata.value_type,
        unit=model.metadata.unit,
        references=tuple(model.metadata.reference),
        periods=tuple(periods),
    )


class ParameterSet:
    """Every parameter under one root directory, by id."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._by_id: dict[str, Parameter] = {}
        for path in sorted(self.root.rglob("*.yaml")):
            parameter = load_parameter_file(path, self.root)
            self._by_id[parameter.id] = parameter

    def __getitem__(self, parameter_id: str) -> Parameter:
        try:
            return self._by_id[parameter_id]
        except KeyError:
            raise ParameterNotFoundError(parameter_id, self.root) from None

    def __contains__(self, parameter_id: object) -> bool:
        return parameter_id in self._by_id

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


@cache
def parameters() -> ParameterSet:
    """Return the shipped parameters (loaded once per process)."""
    return ParameterSet(data_dir() / "params")


def get(parameter_id: str) -> Parameter:
    """Return one shipped parameter by id, e.g. ``get("us.cbp.mpf.rate")``."""
    return parameters()[parameter_id]
