"""HTSUS revisions rebuilt from their USITC change records, where no official export exists.

The USITC publishes each revision as a full JSON export and as a *change record* listing every
HTS number established, annotated, deleted or modified. For revisions whose export is not on
this machine (2026 Revisions 11-20), the shipped schedule is the last exported revision with the
numbered lines of the change records applied, revision by revision:

- a line *deleted* or *annotated* (its 10-digit number replaced by new statistical suffixes) is
  no longer a line from the revision's effective date;
- a line *established* takes the rates, units, indent and notes of the line(s) it was
  transferred from (statistical suffixes carry the rate of their 8-digit subheading, General
  Statistical Note 1); when it was a whole transfer ("renumbered") it also keeps the
  description, and when it took part of a line ("pt.") its own description, which the change
  record does not print, is marked as not in the shipped data.

Files: ``data/hts/changes/revisions_after_rev10.csv`` (the revisions: id, effective date,
published, change record, note) and ``data/hts/changes/after_rev10.csv`` (one row per item of the
change records: revision, item as printed, change, related items, note). See
``data/hts/PROVENANCE.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from goldenage.errors import DataFileError
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.hts_source import HTSRow

CHANGES = ("established", "deleted", "annotated")
RENUMBERED = "renumbered"


@dataclass(frozen=True)
class ChangedRevision:
    """A revision rebuilt from its change record."""

    id: str
    edition: str
    effective_date: dt.date
    published: dt.date
    change_record: str
    note: str


@dataclass(frozen=True)
class LineChange:
    """One numbered item of a change record."""

    revision: str
    code: str  # digits
    change: str  # established, deleted, annotated
    related: tuple[str, ...]  # digits: transferred from (established) or to (deleted, annotated)
    note: str

    @property
    def whole(self) -> bool:
        """Return whether an established line took the whole of one line (a renumbering)."""
        return self.note.startswith(RENUMBERED)


def _digits(item: str, where: str) -> str:
    code = item.replace(".", "").strip()
    if len(code) != 10 or not code.isdigit():
        msg = f"{where}: {item!r} is not a 10-digit HTS number"
        raise DataFileError(msg)
    return code


def read_revisions(path: Path) -> tuple[ChangedRevision, ...]:
    """Return the revisions of ``revisions_after_rev10.csv`` in the file's (date) order."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    revisions = tuple(
        ChangedRevision(
            id=row["revision"],
            edition=row["edition"],
            effective_date=dt.date.fromisoformat(row["effective_date"]),
            published=dt.date.fromisoformat(row["published"]),
            change_record=row["change_record"],
            note=row["note"],
        )
        for row in rows
    )
    dates = [r.effective_date for r in revisions]
    if dates != sorted(set(dates)):
        msg = f"{path}: effective dates must strictly ascend, got {dates}"
        raise DataFileError(msg)
    return revisions


def read_changes(path: Path) -> tuple[LineChange, ...]:
    """Return the items of ``after_rev10.csv``, checked (10-digit numbers, known changes)."""
    changes = []
    with path.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name} line {number}"
            change = row["change"].strip()
            if change not in CHANGES:
                msg = f"{where}: change {change!r} is not one of {', '.join(CHANGES)}"
                raise DataFileError(msg)
            related = tuple(_digits(item, where) for item in row["related"].split())
            if not related:
                msg = f"{where}: an {change} item names the line(s) it was transferred from or to"
                raise DataFileError(msg)
            changes.append(
                LineChange(row["revision"], _digits(row["item"], where), change, related, row["note"])
            )
    return tuple(changes)


def _established(change: LineChange, before: dict[str, HTSRow], revision: ChangedRevision) -> HTSRow:
    sources = [before.get(code) for code in change.related]
    if any(source is None for source in sources):
        missing = [format_code(c) for c, s in zip(change.related, sources, strict=True) if s is None]
        msg = f"{revision.id}: {format_code(change.code)} is transferred from {missing}, not lines before it"
        raise DataFileError(msg)
    first = sources[0]
    if first is None:  # checked above; for the type checker
        raise DataFileError(revision.id)
    rates = {(s.general, s.special, s.other) for s in sources if s is not None}
    if len(rates) != 1 or first.code[:8] != change.code[:8]:
        code = format_code(change.code)
        msg = f"{revision.id}: {code} is transferred from lines of other rates or subheadings"
        raise DataFileError(msg)
    if change.whole:
        description = first.description
    else:
        former = " and ".join(f"{s.htsno} ({s.description})" for s in sources if s is not None)
        description = (
            f"Part of former {former}; statistical line established by {revision.edition} "
            f"(from {revision.effective_date}); its own description is not in the shipped data"
        )
    htsno = format_code(change.code)
    return replace(
        first,
        code=change.code,
        htsno=htsno,
        description=description,
        description_path=(*first.description_path[:-1], description),
    )


def apply_changes(
    rows: list[HTSRow], changes: tuple[LineChange, ...], revision: ChangedRevision
) -> list[HTSRow]:
    """Return the rows of ``revision``: ``rows`` (the revision before) with its change record applied.

    Raises :class:`DataFileError` when an item contradicts the rows: a line retired that is not
    in force, a line established that already is (and is not retired by the same record), a
    transfer from a line that does not exist or from another subheading or rate.
    """
    mine = [c for c in changes if c.revision == revision.id]
    before = {row.code: row for row in rows}
    retired = {c.code for c in mine if c.change != "established"}
    for code in retired:
        if code not in before:
            msg = f"{revision.id}: {format_code(code)} is retired but is not a line before it"
            raise DataFileError(msg)
    added = []
    for change in (c for c in mine if c.change == "established"):
        if change.code in before and change.code not in retired:
            msg = f"{revision.id}: {format_code(change.code)} is established but is already a line"
            raise DataFileError(msg)
        added.append(_established(change, before, revision))
    kept = [row for row in rows if row.code not in retired]
    return kept + added


__all__ = ["ChangedRevision", "LineChange", "apply_changes", "read_changes", "read_revisions"]
