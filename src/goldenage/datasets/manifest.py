"""The dataset declarations in the front matter of each ``data/**/PROVENANCE.md``.

The front matter is YAML between two ``---`` lines at the top of the file::

    ---
    datasets:
      - id: projects
        name: Projects announced under the investment MOU
        files: [projects.yaml]
        source: Commerce and METI announcements and press reports (sources: in the file)
        edition: announced projects (tranches and the 2025-10-28 interest list)
        as_of: {file: projects.yaml, key: as_of}
    ---

``files`` are globs relative to the folder. ``edition`` and ``as_of`` are either stated (text;
a ``YYYY-MM-DD`` date) or read from the data: ``{file, key}`` (a dotted key of a YAML file,
the newest of several files) or ``{file, column}`` (the newest date in a CSV column). A dataset
whose edition and date the data records in a form of its own names a reader instead
(``read: dataset | hts | parameters | law_as_of | scopes``; ``dataset`` is the ``dataset:``
block of :mod:`goldenage.provenance.dataset`), and then states neither. Any other key is an
error (strict, like the parameter files).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml_text

FILE_NAME = "PROVENANCE.md"
_FENCE = "---"
_ID = r"^[a-z][a-z0-9_]{1,40}$"


class Pointer(BaseModel):
    """A value read from the data: a YAML key, or the newest date of a CSV column."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(min_length=1)
    key: str | None = None
    column: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Pointer:
        if (self.key is None) == (self.column is None):
            msg = "a pointer names exactly one of 'key' (YAML) or 'column' (CSV)"
            raise ValueError(msg)
        return self


Reader = Literal["dataset", "hts", "parameters", "law_as_of", "scopes"]


class Declaration(BaseModel):
    """One dataset: its files, source, and where its edition and as-of date come from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=3)
    files: list[str] = Field(min_length=1)
    source: str = Field(min_length=3)
    read: Reader | None = None
    edition: str | Pointer | None = None
    as_of: str | Pointer | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dated(self) -> Declaration:
        if self.read is not None and (self.edition is not None or self.as_of is not None):
            msg = f"{self.id}: a dataset read by '{self.read}' takes its edition and as-of date from the data"
            raise ValueError(msg)
        if self.read is None and (self.edition is None or self.as_of is None):
            msg = f"{self.id}: state 'edition' and 'as_of' (or point to them), or name a 'read'er"
            raise ValueError(msg)
        if isinstance(self.as_of, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.as_of):
            msg = f"{self.id}: as_of {self.as_of!r} is not YYYY-MM-DD"
            raise ValueError(msg)
        return self


class Manifest(BaseModel):
    """The front matter of one ``PROVENANCE.md``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    datasets: list[Declaration] = Field(min_length=1)


def front_matter(path: Path) -> str | None:
    """Return the YAML front matter of a markdown file, or ``None`` when it has none."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != _FENCE:
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == _FENCE:
            return "\n".join(lines[1:number])
    msg = f"{path}: the front matter is not closed by a '---' line"
    raise DataFileError(msg)


def read_manifest(path: Path) -> Manifest | None:
    """Return the datasets a ``PROVENANCE.md`` declares (``None``: no front matter)."""
    text = front_matter(path)
    if text is None:
        return None
    try:
        return Manifest.model_validate(read_yaml_text(text, path))
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "<front matter>"
        msg = f"{path}: {where}: {first['msg'].removeprefix('Value error, ')}"
        raise DataFileError(msg) from err


def manifests(root: Path) -> list[tuple[Path, Manifest | None]]:
    """Return every ``PROVENANCE.md`` under ``root`` (sorted) with its declarations."""
    return [(path, read_manifest(path)) for path in sorted(root.rglob(FILE_NAME))]


__all__ = [
    "FILE_NAME",
    "Declaration",
    "Manifest",
    "Pointer",
    "Reader",
    "front_matter",
    "manifests",
    "read_manifest",
]
