"""Strict reading of the tracker's shipped data files (``data/commitments/``).

Law: none; each file carries its own citations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir

Model = TypeVar("Model", bound=BaseModel)


def commitments_data_dir() -> Path:
    """Return ``data/commitments`` (the seed dataset and the holiday rules)."""
    return data_dir() / "commitments"


def read_model(path: Path, model: type[Model]) -> Model:
    """Read the YAML file ``path`` (no duplicate keys, dates kept as text) into ``model``.

    Any problem raises :class:`DataFileError` naming the file and the key.
    """
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '<file>'}: {e['msg']}" for e in err.errors()
        )
        msg = f"{path}: {problems}"
        raise DataFileError(msg) from err
