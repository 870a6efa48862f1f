"""Merging HTSUS revisions into one date-versioned table (each distinct line version once).

Given each revision's resolved rows (see :mod:`goldenage.tariffs.hts_source`) in
effective-date order, a line that is unchanged from one revision to the next is stored once
with ``valid_from``/``valid_to`` (inclusive) dates and the first and last revisions that
carried it; a line that changes or disappears is closed the day before the next revision.
A merged table can take later revisions without the earlier ones' sources
(:func:`extend_table`, used for the revisions a user adds), and its newest revision can be
taken out again (:func:`drop_newest`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import astuple, dataclass

import pyarrow as pa
import pyarrow.compute as pc

from goldenage.tariffs.hts_source import HTSRow

SCHEMA = pa.schema(
    [
        ("code", pa.string()),
        ("htsno", pa.string()),
        ("level", pa.int8()),
        ("chapter", pa.int8()),
        ("indent", pa.int8()),
        ("description", pa.string()),
        ("description_path", pa.list_(pa.string())),
        ("units", pa.list_(pa.string())),
        ("general", pa.string()),
        ("special", pa.string()),
        ("other", pa.string()),
        ("rate_line", pa.string()),
        ("footnotes", pa.string()),
        ("ch99_refs", pa.list_(pa.string())),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("revision_from", pa.string()),
        ("revision_to", pa.string()),
    ]
)


@dataclass(frozen=True)
class LineVersion:
    """One version of a line and the dates and revisions it was in force."""

    row: HTSRow
    valid_from: dt.date
    valid_to: dt.date | None
    revision_from: str
    revision_to: str | None


class VersionMerger:
    """Merges revisions one at a time; can resume from a merged table (a store plus new revisions).

    The state is the open version of each line (the one in force in the newest revision merged)
    and the newest revision's id and date; closed versions are final once emitted.
    """

    def __init__(self) -> None:
        self._open: dict[str, tuple[tuple, HTSRow, dt.date, str]] = {}
        self._closed: list[LineVersion] = []
        self._previous: tuple[str, dt.date] | None = None

    @classmethod
    def resume(cls, table: pa.Table, newest: str, effective: dt.date) -> tuple[VersionMerger, pa.Table]:
        """Return a merger in the state after the revisions of ``table`` and its closed versions.

        ``newest`` and ``effective`` name the newest revision merged into ``table``. The closed
        versions are returned as they are (a part of ``table``); only the open ones are read back.
        """
        merger = cls()
        merger._previous = (newest, effective)
        is_open = pc.is_null(table.column("valid_to"))
        for record in table.filter(is_open).to_pylist():
            row = row_of(record)
            merger._open[row.code] = (astuple(row), row, record["valid_from"], record["revision_from"])
        return merger, table.filter(pc.invert(is_open))

    def add(self, revision_id: str, effective: dt.date, rows: Iterable[HTSRow]) -> None:
        """Merge the rows of the next revision (its effective date must follow the previous one's)."""
        previous = self._previous
        if previous is not None and effective <= previous[1]:
            after = f"{previous[0]} ({previous[1]})"
            msg = f"revision {revision_id} ({effective}) does not follow {after}"
            raise ValueError(msg)
        closing = effective - dt.timedelta(days=1)
        seen: set[str] = set()
        for row in rows:
            seen.add(row.code)
            content = astuple(row)
            current = self._open.get(row.code)
            if current is not None and current[0] == content:
                continue
            if current is not None and previous is not None:
                self._closed.append(LineVersion(current[1], current[2], closing, current[3], previous[0]))
            self._open[row.code] = (content, row, effective, revision_id)
        for code in [c for c in self._open if c not in seen]:
            _, row, start, rev_from = self._open.pop(code)
            self._closed.append(LineVersion(row, start, closing, rev_from, previous[0] if previous else None))
        self._previous = (revision_id, effective)

    def versions(self) -> list[LineVersion]:
        """Return the versions emitted since the start (or the resume), open ones last-valid, sorted."""
        versions = self._closed + [
            LineVersion(row, start, None, rev, None) for _, row, start, rev in self._open.values()
        ]
        versions.sort(key=lambda v: (v.row.code, v.valid_from))
        return versions


def merge_revisions(revisions: Iterable[tuple[str, dt.date, list[HTSRow]]]) -> list[LineVersion]:
    """Merge ``(revision id, effective date, rows)`` in date order into line versions.

    Raises ``ValueError`` if the effective dates do not strictly ascend.
    """
    merger = VersionMerger()
    for revision_id, effective, rows in revisions:
        merger.add(revision_id, effective, rows)
    return merger.versions()


def extend_table(
    table: pa.Table, newest: str, effective: dt.date, revisions: Iterable[tuple[str, dt.date, list[HTSRow]]]
) -> pa.Table:
    """Return ``table`` (merged up to revision ``newest`` of ``effective``) with later revisions merged.

    The result is the table :func:`merge_revisions` would give for all the revisions at once.
    """
    merger, closed = VersionMerger.resume(table, newest, effective)
    for revision_id, day, rows in revisions:
        merger.add(revision_id, day, rows)
    merged = pa.concat_tables([closed, to_table(merger.versions())])
    return merged.sort_by([("code", "ascending"), ("valid_from", "ascending")])


def drop_newest(table: pa.Table, newest: str, previous: str) -> pa.Table:
    """Return ``table`` as it was before its newest revision ``newest`` was merged.

    The versions that revision started are dropped, and those it closed (their last revision is
    ``previous``, the one before it) are open again: the inverse of :func:`extend_table`.
    """
    kept = table.filter(pc.invert(pc.equal(table.column("revision_from"), newest)))
    reopened = pc.fill_null(pc.equal(kept.column("revision_to"), previous), False)
    columns = {name: kept.column(name) for name in kept.column_names}
    for name in ("valid_to", "revision_to"):
        empty = pa.nulls(len(kept), type=kept.schema.field(name).type)
        columns[name] = pc.if_else(reopened, empty, kept.column(name))
    return pa.table(columns, schema=kept.schema)


def row_of(record: dict) -> HTSRow:
    """Return the :class:`HTSRow` of a stored version (a row of the table as a dict)."""
    return HTSRow(
        code=record["code"],
        htsno=record["htsno"],
        indent=record["indent"],
        description=record["description"],
        description_path=tuple(record["description_path"]),
        units=tuple(record["units"]),
        general=record["general"],
        special=record["special"],
        other=record["other"],
        rate_line=record["rate_line"],
        footnotes=tuple(json.loads(record["footnotes"])),
        ch99_refs=tuple(record["ch99_refs"]),
    )


def to_table(versions: list[LineVersion]) -> pa.Table:
    """Return the versions as an Arrow table with :data:`SCHEMA`."""
    columns: dict[str, list] = {name: [] for name in SCHEMA.names}
    for version in versions:
        row = version.row
        values = {
            "code": row.code,
            "htsno": row.htsno,
            "level": len(row.code),
            "chapter": int(row.code[:2]),
            "indent": row.indent,
            "description": row.description,
            "description_path": list(row.description_path),
            "units": list(row.units),
            "general": row.general,
            "special": row.special,
            "other": row.other,
            "rate_line": row.rate_line,
            "footnotes": json.dumps(list(row.footnotes), ensure_ascii=False),
            "ch99_refs": list(row.ch99_refs),
            "valid_from": version.valid_from,
            "valid_to": version.valid_to,
            "revision_from": version.revision_from,
            "revision_to": version.revision_to,
        }
        for name, value in values.items():
            columns[name].append(value)
    return pa.table(columns, schema=SCHEMA)
