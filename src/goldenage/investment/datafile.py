"""Strict loading of the investment domain's shipped data files (``data/investment/``).

Law: none; the files carry their own citations.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from goldenage.errors import DataFileError
from goldenage.params.errors import ParameterFileError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir

Model = TypeVar("Model", bound=BaseModel)


def load(name: str, model: type[Model]) -> Model:
    """Read ``data/investment/<name>`` strictly and validate it; problems name the file."""
    path = data_dir() / "investment" / name
    try:
        return model.model_validate(read_yaml(path))
    except (ValidationError, ParameterFileError) as err:
        msg = f"{path}: {err}".replace("\n", " ")
        raise DataFileError(msg) from err
