"""Merging HTSUS revisions into one date-versioned table (each distinct line version once).

Given each revision's resolved rows (see :mod:`goldenage.tariffs.hts_source`) in
effective-date order, a line that is unchanged from one revision to the next is stored once
with ``valid_from``/``valid_to`` (inclusive) dates and the first and last revisions that
carried it; a line that changes or disappears is closed the day before the next revision.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import astuple, dataclass

import pyarrow as pa

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


def merge_revisions(revisions: Iterable[tuple[str, dt.date, list[HTSRow]]]) -> list[LineVersion]:
    """Merge ``(revision id, effective date, rows)`` in date order into line versions.

    Raises ``ValueError`` if the effective dates do not strictly ascend.
    """
    open_rows: dict[str, tuple[tuple, HTSRow, dt.date, str]] = {}
    versions: list[LineVersion] = []
    previous: tuple[str, dt.date] | None = None
    for revision_id, effective, rows in revisions:
        if previous is not None and effective <= previous[1]:
            after = f"{previous[0]} ({previous[1]})"
            msg = f"revision {revision_id} ({effective}) does not follow {after}"
            raise ValueError(msg)
        closing = effective - dt.timedelta(days=1)
        seen: set[str] = set()
        for row in rows:
            seen.add(row.code)
            content = astuple(row)
            current = open_rows.get(row.code)
            if current is not None and current[0] == content:
                continue
            if current is not None and previous is not None:
                versions.append(LineVersion(current[1], current[2], closing, current[3], previous[0]))
            open_rows[row.code] = (content, row, effective, revision_id)
        for code in [c for c in open_rows if c not in seen]:
            _, row, start, rev_from = open_rows.pop(code)
            versions.append(LineVersion(row, start, closing, rev_from, previous[0] if previous else None))
        previous = (revision_id, effective)
    versions.extend(LineVersion(row, start, None, rev, None) for _, row, start, rev in open_rows.values())
    versions.sort(key=lambda v: (v.row.code, v.valid_from))
    return versions


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
