"""The HTSUS as date-versioned data: which line, text and rate was in force on a date.

Reads ``data/hts/hts_lines.parquet`` and ``data/hts/revisions.csv`` (built from the USITC's
official JSON exports by ``scripts/build_hts.py``), or the same files with the revisions a user
added merged after them (:mod:`goldenage.tariffs.revision_store`). The revision in force on an entry date
is the latest one whose effective date is on or before it.

Law: 19 CFR 141.69 (the rate is the one in effect on the date of entry); HTSUS General
Note 1 (the schedule as published by the USITC).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage.errors import DataFileError
from goldenage.tariffs.errors import UnknownHTSCodeError
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.hts_revisions import Revision, check_coverage, coverage, read_revisions
from goldenage.tariffs.revision_store import hts_folder

_LINES_KEPT = 16_384


@dataclass(frozen=True)
class HTSLine:
    """A line of the schedule as in force on one date (``revision``)."""

    code: str
    htsno: str
    level: int
    description: str
    description_path: tuple[str, ...]
    units: tuple[str, ...]
    general: str
    special: str
    other: str
    rate_line: str | None
    footnotes: tuple[dict[str, Any], ...]
    ch99_refs: tuple[str, ...]
    valid_from: dt.date
    valid_to: dt.date | None
    revision: Revision

    @property
    def subheading(self) -> str:
        """Return the 8-digit legal subheading as printed (statistical suffix dropped)."""
        return format_code(self.code[:8])


_VERSION_COLUMNS = ("code", "valid_from", "valid_to")  # which version of a code is in force when


class Schedule:
    """All shipped revisions of the HTSUS, queried by code and date."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        table = self.directory / "hts_lines.parquet"
        catalogue = self.directory / "revisions.csv"
        if not table.exists() or not catalogue.exists():
            msg = f"HTS data missing in {self.directory}; run `make data` (scripts/build_hts.py)"
            raise DataFileError(msg)
        self._table = table
        self._versions = pl.read_parquet(table, columns=list(_VERSION_COLUMNS))  # the rest when used
        self.revisions = read_revisions(catalogue)
        self._by_id = {revision.id: revision for revision in self.revisions}
        self._index: dict[str, list[int]] = {}
        self._lines: dict[tuple[int, str], HTSLine] = {}  # made by find (see _line)
        for position, code in enumerate(self._versions.get_column("code").to_list()):
            self._index.setdefault(code, []).append(position)

    @cached_property
    def lines(self) -> pl.DataFrame:
        """Return every stored version with all its columns (read on first use).

        Which versions exist and when they are in force (:meth:`has_line`, :attr:`validity`)
        is read from three columns only: a batch that maps older codes through the concordance
        reads no description, rate text or footnote.
        """
        return pl.read_parquet(self._table)

    @property
    def coverage_start(self) -> dt.date:
        """Return the first date covered (the effective date of the first revision)."""
        return coverage(self.revisions)[0]

    @property
    def coverage_end(self) -> dt.date:
        """Return the last date covered.

        The last shipped revision stays in force until a later one; the data cannot see past
        the end of its edition year, when the next annual basic edition takes effect.
        """
        return coverage(self.revisions)[1]

    @property
    def latest(self) -> Revision:
        """Return the newest shipped revision."""
        return self.revisions[-1]

    def revision_at(self, on: dt.date, field: str = "--date") -> Revision:
        """Return the revision in force on ``on``; :class:`CoverageError` outside the data."""
        check_coverage(on, field, self.coverage_start, self.coverage_end)
        current = self.revisions[0]
        for revision in self.revisions:
            if revision.effective_date <= on:
                current = revision
        return current

    @cached_property
    def validity(self) -> tuple[np.ndarray, np.ndarray]:
        """Return ``valid_from`` and ``valid_to`` of every stored version (datetime64; NaT = open)."""
        return (
            self._versions["valid_from"].to_numpy().astype("datetime64[D]"),
            self._versions["valid_to"].to_numpy().astype("datetime64[D]"),
        )

    def positions(self, codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the table rows of every version of ``codes`` and, for each, its code's index."""
        rows: list[int] = []
        owners: list[int] = []
        for owner, code in enumerate(codes):
            found = self._index.get(code, ())
            rows.extend(found)
            owners.extend([owner] * len(found))
        return np.array(rows, dtype=np.int64), np.array(owners, dtype=np.int64)

    def _to_line(self, row: dict[str, Any], revision: Revision) -> HTSLine:
        return HTSLine(
            code=row["code"],
            htsno=row["htsno"],
            level=row["level"],
            description=row["description"],
            description_path=tuple(row["description_path"]),
            units=tuple(row["units"]),
            general=row["general"],
            special=row["special"],
            other=row["other"],
            rate_line=row["rate_line"],
            footnotes=tuple(json.loads(row["footnotes"])),
            ch99_refs=tuple(row["ch99_refs"]),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            revision=revision,
        )

    @cached_property
    def _periods(self) -> list[tuple[dt.date, dt.date | None]]:
        """Return ``(valid_from, valid_to)`` of every stored version, as dates (``None``: open)."""
        versions = self._versions
        return list(zip(versions["valid_from"].to_list(), versions["valid_to"].to_list(), strict=True))

    def find(self, code: str, on: dt.date) -> HTSLine | None:
        """Return the line ``code`` (digits) in force on ``on``, or ``None``."""
        revision = self.revision_at(on)
        position = self._position(code, on)
        return None if position is None else self._line(position, revision)

    def has_line(self, code: str, on: dt.date) -> bool:
        """Return whether :meth:`find` finds a line (the same :class:`CoverageError` outside the data)."""
        self.revision_at(on)
        return self._position(code, on) is not None

    def _position(self, code: str, on: dt.date) -> int | None:
        """Return the stored version of ``code`` in force on ``on`` (its row), or ``None``."""
        periods = self._periods
        for position in self._index.get(code, ()):
            start, end = periods[position]
            if start <= on and (end is None or on <= end):
                return position
        return None

    def _line(self, position: int, revision: Revision) -> HTSLine:
        """Return the line of a stored version as of ``revision`` (the last 16,384 kept: immutable)."""
        key = (position, revision.id)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= _LINES_KEPT:
                self._lines.clear()
            line = self._lines[key] = self._to_line(self.lines.row(position, named=True), revision)
        return line

    def statistical_lines(self, code8: str, on: dt.date) -> list[HTSLine]:
        """Return the 10-digit lines under an 8-digit subheading in force on ``on``."""
        lines = (self.find(code, on) for code in self._children_codes.get(code8, ()))
        return [line for line in lines if line is not None]

    @cached_property
    def _children_codes(self) -> dict[str, tuple[str, ...]]:
        children: dict[str, set[str]] = {}
        for code in self._index:
            if len(code) == 10:
                children.setdefault(code[:8], set()).add(code)
        return {parent: tuple(sorted(codes)) for parent, codes in children.items()}

    def resolve(self, code: str, on: dt.date, field: str = "--hts") -> list[HTSLine]:
        """Return the statistical line(s) a user's 8- or 10-digit code designates on ``on``.

        A 10-digit code gives its one line; an 8-digit code gives every 10-digit line under
        it (or the 8-digit line itself where it has none). Unknown codes raise
        :class:`UnknownHTSCodeError` listing what exists instead.
        """
        if len(code) == 10:
            line = self.find(code, on)
            if line is not None:
                return [line]
            siblings = [s.htsno for s in self.statistical_lines(code[:8], on)]
            hint = f"; lines under {format_code(code[:8])}: {', '.join(siblings)}" if siblings else ""
            msg = f"{format_code(code)} is not a line of the HTSUS on {on.isoformat()}{hint}"
            raise UnknownHTSCodeError(field, msg, self._accepted(on))
        lines = self.statistical_lines(code, on)
        if lines:
            return lines
        line = self.find(code, on)
        if line is not None:
            return [line]
        msg = f"{format_code(code)} is not a subheading of the HTSUS on {on.isoformat()}"
        raise UnknownHTSCodeError(field, msg, self._accepted(on))

    def _accepted(self, on: dt.date) -> str:
        return f"a code in force in the {self.revision_at(on).edition}"

    def revision(self, revision_id: str) -> Revision:
        """Return a revision by id (``rev_18``, ``2026_rev_10``)."""
        return self._by_id[revision_id]


@cache
def schedule() -> Schedule:
    """Return the schedule in use (loaded once per process): shipped, plus any added revisions."""
    return Schedule(hts_folder())
