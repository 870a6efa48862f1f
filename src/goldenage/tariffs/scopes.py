"""Product scope lists of the Chapter 99 measures (which HTS lines a heading covers, when).

Each list is two files in ``data/tariffs/scopes/``: ``<id>.csv`` with the columns
``prefix,include,start,end,note`` and ``<id>.yaml`` with its description, legal reference,
source and the script that built it. A line is in scope on a date when the longest
``prefix`` of its 10-digit code that is in force that day has ``include`` true; a longer
prefix with ``include`` false carves an exception out of a shorter one ("8703 except
8703.10"). ``start``/``end`` are inclusive dates; an empty ``end`` is open-ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.provenance.citation import Citation

_PREFIX = re.compile(r"^\d{2,10}$")
COLUMNS = ("prefix", "include", "start", "end", "note")


class ScopeSource(BaseModel):
    """Where a list's entries were taken from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    repository: str | None = None
    commit: str | None = None
    file: str
    licence: str


class ScopeMetadata(BaseModel):
    """The ``<id>.yaml`` file of a scope list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=10)
    reference: list[Citation] = Field(min_length=1)
    sources: list[ScopeSource] = Field(min_length=1)
    built_by: str
    complete: bool
    note: str | None = None


@dataclass(frozen=True)
class ScopeEntry:
    """One row of a scope list."""

    prefix: str
    include: bool
    start: dt.date
    end: dt.date | None
    note: str

    def in_force(self, on: dt.date) -> bool:
        """Return whether the row applies on ``on``."""
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Scope:
    """A product scope list."""

    id: str
    metadata: ScopeMetadata
    entries: tuple[ScopeEntry, ...]

    @cached_property
    def _by_prefix(self) -> dict[str, tuple[ScopeEntry, ...]]:
        grouped: dict[str, list[ScopeEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.prefix, []).append(entry)
        return {prefix: tuple(rows) for prefix, rows in grouped.items()}

    def match(self, code: str, on: dt.date) -> ScopeEntry | None:
        """Return the row that puts ``code`` in scope on ``on``, or ``None``.

        The longest prefix of ``code`` with a row in force on ``on`` decides.
        """
        for length in range(min(len(code), 10), 1, -1):
            for entry in self._by_prefix.get(code[:length], ()):
                if entry.in_force(on):
                    return entry if entry.include else None
        return None

    def contains(self, code: str, on: dt.date) -> bool:
        """Return whether ``code`` is in scope on ``on``."""
        return self.match(code, on) is not None

    def breakpoints(self) -> set[dt.date]:
        """Return the dates on which membership may change."""
        dates = {entry.start for entry in self.entries}
        dates |= {entry.end + dt.timedelta(days=1) for entry in self.entries if entry.end}
        return dates


def _parse_row(row: dict[str, str], where: str) -> ScopeEntry:
    prefix = (row.get("prefix") or "").strip()
    if not _PREFIX.match(prefix):
        msg = f"{where}: prefix {prefix!r} must be 2 to 10 digits"
        raise DataFileError(msg)
    include = (row.get("include") or "").strip().lower()
    if include not in ("true", "false"):
        msg = f"{where}: include must be true or false, got {include!r}"
        raise DataFileError(msg)
    try:
        start = dt.date.fromisoformat((row.get("start") or "").strip())
        end_text = (row.get("end") or "").strip()
        end = dt.date.fromisoformat(end_text) if end_text else None
    except ValueError as err:
        msg = f"{where}: start/end must be YYYY-MM-DD ({err})"
        raise DataFileError(msg) from err
    if end is not None and end < start:
        msg = f"{where}: end {end} is before start {start}"
        raise DataFileError(msg)
    return ScopeEntry(prefix, include == "true", start, end, (row.get("note") or "").strip())


def load_scope(csv_path: Path) -> Scope:
    """Load and validate one scope list (its CSV and the YAML beside it)."""
    yaml_path = csv_path.with_suffix(".yaml")
    try:
        metadata = ScopeMetadata.model_validate(read_yaml(yaml_path))
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        msg = f"{yaml_path}: {loc}: {first['msg']}"
        raise DataFileError(msg) from err
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            msg = f"{csv_path}: columns must be {','.join(COLUMNS)}, got {reader.fieldnames}"
            raise DataFileError(msg)
        entries = tuple(_parse_row(row, f"{csv_path}:{n + 2}") for n, row in enumerate(reader))
    return Scope(csv_path.stem, metadata, entries)


@cache
def scope(list_id: str) -> Scope:
    """Return a shipped scope list by id, e.g. ``scope("s232_vehicles")``."""
    path = data_dir() / "tariffs" / "scopes" / f"{list_id}.csv"
    if not path.exists():
        msg = f"no scope list {list_id!r} (expected {path})"
        raise DataFileError(msg)
    return load_scope(path)


def all_scopes() -> list[Scope]:
    """Return every shipped scope list."""
    return [scope(p.stem) for p in sorted((data_dir() / "tariffs" / "scopes").glob("*.csv"))]
