"""``goldenage data status``: every dataset with its edition, as-of date and source.

Read from the datasets' own metadata (:mod:`.manifest`, :mod:`.readers`), never from a list
kept in code; :func:`unclaimed_files` lets a code-health test check that no shipped file is
left out (or claimed twice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenage.datasets.manifest import FILE_NAME, Declaration, manifests
from goldenage.datasets.readers import READERS, Reading, pointed
from goldenage.errors import DataFileError
from goldenage.paths import data_dir


@dataclass(frozen=True)
class DatasetStatus:
    """One dataset: what it is, its edition and as-of date, its source and files."""

    id: str
    name: str
    edition: str
    as_of: dt.date
    source: str
    files: tuple[str, ...]  # relative to data/ (or absolute, for a user's files)
    provenance: str  # the PROVENANCE.md that declares it, relative to data/
    origin: str = "shipped"  # or "user"
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the dataset as ``goldenage data status --json`` lists it."""
        return {
            "id": self.id,
            "name": self.name,
            "edition": self.edition,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "origin": self.origin,
            "note": self.note,
            "provenance": self.provenance,
            "files": list(self.files),
        }


def declared_files(folder: Path, declaration: Declaration) -> list[Path]:
    """Return the files a declaration's globs match (sorted); refuse a glob matching nothing."""
    found: set[Path] = set()
    for pattern in declaration.files:
        matched = [path for path in folder.glob(pattern) if path.is_file() and path.name != FILE_NAME]
        if not matched:
            msg = f"{folder / FILE_NAME}: dataset {declaration.id}: {pattern!r} matches no file"
            raise DataFileError(msg)
        found.update(matched)
    return sorted(found)


def data_status(root: Path | None = None) -> list[DatasetStatus]:
    """Return every dataset declared under ``root`` (default: the shipped ``data/``)."""
    base = root or data_dir()
    statuses = []
    for path, manifest in sorted(manifests(base), key=lambda item: _order(item[0], base)):
        if manifest is None:
            msg = f"{path} declares no dataset (it needs a front matter: see goldenage.datasets.manifest)"
            raise DataFileError(msg)
        folder = path.parent
        for declaration in manifest.datasets:
            files = declared_files(folder, declaration)
            for reading in _readings(declaration, folder, files):
                shown = reading.files if reading.files is not None else files
                statuses.append(
                    DatasetStatus(
                        id=reading.id or declaration.id,
                        name=reading.name or declaration.name,
                        edition=reading.edition,
                        as_of=reading.as_of,
                        source=reading.source or declaration.source,
                        files=tuple(_relative(file, base) for file in shown),
                        provenance=_relative(path, base),
                        origin=reading.origin,
                        note=reading.note or declaration.note,
                    )
                )
    return statuses


_FIRST = ("hts", "params", "tariffs", "weights")  # the tariff law's data first, then the rest by name


def _order(path: Path, base: Path) -> tuple[int, str]:
    top = path.relative_to(base).parts[0]
    return (_FIRST.index(top) if top in _FIRST else len(_FIRST), str(path))


def _readings(declaration: Declaration, folder: Path, files: list[Path]) -> list[Reading]:
    if declaration.read is not None:
        return READERS[declaration.read](declaration, files)
    edition = declaration.edition
    as_of = declaration.as_of
    return [
        Reading(
            edition=str(
                pointed(edition, folder, want_date=False) if not isinstance(edition, str) else edition
            ),
            as_of=(
                pointed(as_of, folder, want_date=True)  # type: ignore[arg-type]
                if not isinstance(as_of, str)
                else dt.date.fromisoformat(str(as_of))
            ),
        )
    ]


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def unclaimed_files(root: Path | None = None) -> tuple[list[str], list[str]]:
    """Return the shipped files no dataset claims, and those two datasets claim (relative to data/)."""
    base = root or data_dir()
    claims: dict[Path, int] = {}
    for path, manifest in manifests(base):
        for declaration in manifest.datasets if manifest else ():
            for file in declared_files(path.parent, declaration):
                claims[file] = claims.get(file, 0) + 1
    every = [
        p for p in base.rglob("*") if p.is_file() and p.name != FILE_NAME and "__pycache__" not in p.parts
    ]
    unclaimed = sorted(_relative(p, base) for p in every if p not in claims)
    twice = sorted(_relative(p, base) for p, count in claims.items() if count > 1)
    return unclaimed, twice


__all__ = ["DatasetStatus", "data_status", "declared_files", "unclaimed_files"]
