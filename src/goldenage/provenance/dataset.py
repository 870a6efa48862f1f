"""The edition, as-of date and source of a shipped dataset, as the dataset itself states them.

Every dataset of the deal (``data/commitments/commitments.yaml``, ``data/investment/projects.yaml``,
``data/minerals/dataset.yaml`` for the minerals tables) carries one ``dataset:`` block::

    dataset:
      edition: "2026-12-06"        # names this version of the data
      as_of: 2026-12-06            # the facts were checked against the sources up to this day
      newest_source: 2026-03-19    # the date of the newest source the data rests on
      source: ...                  # one line: where the facts come from
      provenance: data/investment/PROVENANCE.md

``as_of`` and ``newest_source`` differ when a search up to ``as_of`` found nothing newer than
``newest_source``: the data is then current to ``as_of`` as far as the reachable sources go.
Readers (``goldenage data status``, the loaders) use :func:`dataset_metadata`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml

KEY = "dataset"


class DatasetMetadata(BaseModel):
    """The ``dataset:`` block of a shipped dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edition: str = Field(min_length=4, max_length=40)
    as_of: dt.date
    newest_source: dt.date
    source: str = Field(min_length=10, max_length=600)
    provenance: str = Field(pattern=r"^data/[A-Za-z0-9_./-]+\.md$")

    @model_validator(mode="after")
    def _ordered(self) -> DatasetMetadata:
        if self.newest_source > self.as_of:
            msg = f"newest_source {self.newest_source} is after as_of {self.as_of}"
            raise ValueError(msg)
        return self

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "edition": self.edition,
            "as_of": self.as_of.isoformat(),
            "newest_source": self.newest_source.isoformat(),
            "source": self.source,
            "provenance": self.provenance,
        }


def dataset_metadata(path: Path) -> DatasetMetadata:
    """Return the ``dataset:`` block of the YAML file ``path``.

    Raises :class:`DataFileError` naming the file and the key when it is missing or malformed.
    """
    raw = read_yaml(path)
    if not isinstance(raw, dict) or KEY not in raw:
        msg = f"{path}: no '{KEY}:' block (edition, as_of, newest_source, source, provenance)"
        raise DataFileError(msg)
    try:
        return DatasetMetadata.model_validate(raw[KEY])
    except ValidationError as err:
        problems = "; ".join(f"{KEY}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors())
        msg = f"{path}: {problems}"
        raise DataFileError(msg) from err
