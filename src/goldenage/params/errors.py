"""Errors of the parameter framework."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from goldenage.errors import DataFileError, GoldenageError


class ParameterFileError(DataFileError):
    """A parameter file is malformed: names the file, the key and what is wrong."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        self.problem = problem
        super().__init__(f"{self.path}: {key}: {problem}")


class ParameterNotFoundError(GoldenageError, KeyError):
    """No parameter file has the requested id."""

    def __init__(self, parameter_id: str, root: Path) -> None:
        self.parameter_id = parameter_id
        expected = root / (parameter_id.replace(".", "/") + ".yaml")
        super().__init__(f"No parameter '{parameter_id}' (expected file {expected})")

    def __str__(self) -> str:
        return str(self.args[0])


class NoValueInForceError(GoldenageError, LookupError):
    """A parameter has no value in force on the requested date."""

    def __init__(self, parameter_id: str, on: dt.date, path: Path, detail: str) -> None:
        self.parameter_id = parameter_id
        self.on = on
        super().__init__(f"No value of {parameter_id} in force on {on.isoformat()} ({detail}) in {path}")
