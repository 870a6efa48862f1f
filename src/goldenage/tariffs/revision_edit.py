"""Adding and removing the HTSUS revisions of a user's store (``goldenage data add-revision``).

See :mod:`goldenage.tariffs.revision_store` for the store's layout. An addition checks every
argument and the whole export (bounded: :class:`~goldenage.tariffs.hts_source.ExportLimits`)
before it writes anything; then it writes the kept export and the merged folder, and last the
catalogue, the commit point. A failure before the commit removes what was written.

Law: 19 CFR 141.69; HTSUS General Note 1 (the schedule as the USITC publishes it).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from goldenage.errors import DataFileError, InputError
from goldenage.outputs import atomic_folder, remove_stale, write_bytes, write_text
from goldenage.tariffs.hts_revisions import USER, Revision, edition_label, read_revisions
from goldenage.tariffs.hts_source import (
    LIMITS,
    ExportLimits,
    HTSFormatError,
    HTSRow,
    parse_export,
    read_export_bytes,
)
from goldenage.tariffs.hts_versions import extend_table
from goldenage.tariffs.revision_store import (
    CATALOGUE,
    COLUMNS,
    HOME_ENV,
    TABLE,
    USER_COLUMNS,
    UserRevision,
    applied,
    drop_merged_but,
    hts_folder,
    kept_copy,
    merged_folder,
    reset,
    shipped_folder,
    store_folder,
    user_revisions,
)

REVISION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


MIN_SHARE_OF_LINES = 0.9  # a revision lists (nearly) every line: fewer than this is a partial file


MAX_NOTE = 500


MAX_EDITION = 80


FILE_FIELD = "FILE"


EXPORT = "an official USITC HTSUS JSON export (hts_<year>_revision_<N>_json.json, gzipped or not)"


def build_merged(folder: Path, entries: tuple[UserRevision, ...]) -> None:
    """Write the merged folder of ``entries`` from the shipped table and their kept sources."""
    shipped = read_revisions(shipped_folder() / CATALOGUE)
    try:
        table = pq.read_table(shipped_folder() / TABLE)

        def rows_of() -> Iterator[tuple[str, dt.date, list[HTSRow]]]:
            for entry in entries:
                yield entry.revision.id, entry.revision.effective_date, _kept_rows(entry)

        merged = extend_table(table, shipped[-1].id, shipped[-1].effective_date, rows_of())
    except (OSError, pa.ArrowException) as err:
        msg = f"the HTSUS with the added revisions cannot be built: {err}"
        raise DataFileError(msg) from err
    _write_merged(folder, merged, entries)
    drop_merged_but(folder)


def _kept_rows(entry: UserRevision) -> list[HTSRow]:
    path = entry.source
    try:
        data = path.read_bytes()
    except OSError as err:
        msg = (
            f"the export of added revision {entry.revision.id} is missing ({path}): {err.strerror}; "
            f"remove it with `goldenage data remove-revision {entry.revision.id}`"
        )
        raise DataFileError(msg) from err
    if hashlib.sha256(data).hexdigest() != entry.revision.sha256_gz:
        msg = (
            f"the export of added revision {entry.revision.id} ({path}) changed since it was added; "
            f"remove it with `goldenage data remove-revision {entry.revision.id}` and add it again"
        )
        raise DataFileError(msg)
    return parse_export(data, str(path))


def _write_merged(folder: Path, table: pa.Table, entries: tuple[UserRevision, ...]) -> None:
    """Write ``folder`` whole (a temporary folder renamed), then delete older merged folders."""
    with atomic_folder(folder) as temp:
        pq.write_table(table, temp / TABLE, compression="zstd", compression_level=3)
        (temp / CATALOGUE).write_text(_merged_catalogue(entries), encoding="utf-8")


def _merged_catalogue(entries: tuple[UserRevision, ...]) -> str:
    """Return the ``revisions.csv`` of the merged folder: the shipped rows as shipped, then ``entries``."""
    with (shipped_folder() / CATALOGUE).open(encoding="utf-8", newline="") as handle:
        records = [{**record, "origin": "shipped"} for record in csv.DictReader(handle)]
    records += [_record(entry) for entry in entries]
    return _csv_text(records, COLUMNS)


def _record(entry: UserRevision) -> dict[str, str]:
    revision = entry.revision
    return {
        "revision": revision.id,
        "edition": revision.edition,
        "effective_date": revision.effective_date.isoformat(),
        "source_file": revision.source_file,
        "sha256_gz": revision.sha256_gz,
        "rows": str(entry.rows),
        "note": revision.note,
        "origin": USER,
        "added_on": entry.added_on.isoformat(),
    }


def _csv_text(records: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Hold the store's lock: one addition or removal at a time."""
    folder = store_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".lock").open("a")
    except OSError as err:
        msg = f"{folder} cannot be written: {err.strerror or err}"
        raise InputError(HOME_ENV, msg, "a writable folder") from err
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Added:
    """What :func:`add_revision` did: the revision and how its lines differ from the one before."""

    revision: Revision
    rows: int  # numbered rows of the export
    previous: Revision  # the revision it follows
    new_lines: int
    changed_lines: int
    retired_lines: int
    folder: Path  # the merged folder now in use


def add_revision(  # noqa: PLR0913 - one argument per option of the command
    source: Path,
    revision_id: str,
    effective: dt.date,
    edition: str | None = None,
    note: str = "",
    today: dt.date | None = None,
    limits: ExportLimits = LIMITS,
) -> Added:
    """Add the USITC export ``source`` as revision ``revision_id`` in force from ``effective``.

    Checks every argument and the whole file before anything is written; then writes the kept
    copy of the export and the merged folder, and last the catalogue (the commit point). Any
    failure raises :class:`InputError` naming the argument, and leaves the store as it was.
    ``limits`` bound the file (size, unpacked size, records, nesting).
    """
    day = today or dt.date.today()
    with _locked():
        entries = user_revisions()
        current = read_revisions(hts_folder() / CATALOGUE)
        newest = current[-1]
        _check_id(revision_id, {r.id for r in current} | {e.revision.id for e in entries})
        _check_effective(effective, newest, day)
        label = _check_text(edition or edition_label(revision_id) or revision_id, "--edition", MAX_EDITION)
        remark = _check_text(note, "--note", MAX_NOTE, empty=True)
        data, rows = _read_export(Path(source), limits)
        table = pq.read_table(hts_folder() / TABLE)
        in_force = int(pc.sum(pc.is_null(table.column("valid_to"))).as_py() or 0)
        _check_complete(rows, in_force, source)
        revision = Revision(
            id=revision_id,
            edition=label,
            effective_date=effective,
            source_file=Path(source).name,
            sha256_gz=hashlib.sha256(data).hexdigest(),
            note=remark,
            origin=USER,
        )
        merged = extend_table(table, newest.id, newest.effective_date, [(revision_id, effective, rows)])
        entry = UserRevision(revision, len(rows), day, None)
        kept = [*entries, entry]
        folder = merged_folder(applied(tuple(kept)))
        source_copy = kept_copy(revision_id)
        try:
            source_copy.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(source_copy, data, FILE_FIELD)
            _write_merged(folder, merged, applied(tuple(kept)))
            _write_catalogue(kept)
        except BaseException:
            if not any(e.revision.id == revision_id for e in user_revisions()):  # not committed
                source_copy.unlink(missing_ok=True)
                shutil.rmtree(folder, ignore_errors=True)
            raise
        drop_merged_but(folder)
        remove_stale(store_folder(), 3600)
    reset()
    started = pc.equal(merged.column("revision_from"), revision_id)
    closed = pc.fill_null(pc.equal(merged.column("revision_to"), newest.id), False)
    was_open = pc.is_in(
        merged.filter(started).column("code"),
        value_set=table.filter(pc.is_null(table.column("valid_to"))).column("code"),
    )
    changed = int(pc.sum(was_open).as_py() or 0)
    new_lines = int(pc.sum(started).as_py() or 0) - changed
    retired = int(pc.sum(closed).as_py() or 0) - changed
    return Added(revision, len(rows), newest, new_lines, changed, retired, folder)


def remove_revision(revision_id: str) -> Revision:
    """Remove an added revision (the shipped ones cannot be); the schedule is rebuilt without it."""
    with _locked():
        entries = user_revisions()
        found = [entry for entry in entries if entry.revision.id == revision_id]
        if not found:
            names = ", ".join(e.revision.id for e in entries) or "none"
            msg = f"{revision_id!r} is not a revision you added (added: {names})"
            field = "REVISION"
            raise InputError(field, msg, "the name of a revision added with `goldenage data add-revision`")
        kept = tuple(entry for entry in entries if entry.revision.id != revision_id)
        folder = merged_folder(applied(kept)) if applied(kept) else None
        if folder is not None and not (folder / TABLE).is_file():
            build_merged(folder, applied(kept))
        _write_catalogue(list(kept))
        found[0].source.unlink(missing_ok=True)
        drop_merged_but(folder)
    reset()
    return found[0].revision


def _write_catalogue(entries: list[UserRevision]) -> None:
    """Write the user's catalogue (atomically: the commit point of an addition or removal)."""
    text = _csv_text([_record(entry) for entry in entries], USER_COLUMNS)
    write_text(store_folder() / CATALOGUE, text, HOME_ENV)


def _check_id(revision_id: str, taken: set[str]) -> None:
    field = "--revision"
    if not REVISION_ID.match(revision_id):
        msg = f"{revision_id!r} is not a revision name"
        raise InputError(field, msg, "1-40 letters, digits, '_', '.' or '-', e.g. 2026_rev_11")
    if revision_id in taken:
        msg = f"{revision_id!r} is already a revision of the HTSUS in use"
        raise InputError(field, msg, "a new name (see `goldenage data status`)")


def _check_effective(effective: dt.date, newest: Revision, today: dt.date) -> None:
    field = "--effective"
    if effective <= newest.effective_date:
        msg = (
            f"{effective} is not after {newest.edition} ({newest.id}, in force from {newest.effective_date})"
        )
        raise InputError(field, msg, f"a date after {newest.effective_date}: revisions are added in order")
    limit = dt.date(today.year + 1, 12, 31)
    if effective > limit:
        msg = f"{effective} is too far ahead"
        raise InputError(field, msg, f"a date up to {limit}")


def _check_text(text: str, field: str, limit: int, empty: bool = False) -> str:
    cleaned = " ".join(str(text).split())
    if (not cleaned and not empty) or len(cleaned) > limit or not cleaned.isprintable():
        msg = f"{text[:60]!r} is not accepted"
        raise InputError(field, msg, f"printable text of {'0' if empty else '1'} to {limit} characters")
    return cleaned


def _read_export(path: Path, limits: ExportLimits) -> tuple[bytes, list[HTSRow]]:
    """Return the file's bytes (read once) and its resolved rows; any problem is an InputError on FILE."""
    if not path.is_file():
        msg = f"{path} does not exist or is not a file"
        raise InputError(FILE_FIELD, msg, EXPORT)
    try:
        data = read_export_bytes(path, limits)
        return data, parse_export(data, str(path), limits)
    except HTSFormatError as err:
        raise InputError(FILE_FIELD, str(err), EXPORT) from err


def _check_complete(rows: list[HTSRow], in_force: int, source: Path) -> None:
    """Refuse an export that lists far fewer lines than are in force (a partial or wrong file)."""
    ten_digit = sum(1 for row in rows if len(row.code) == 10)
    if len(rows) < MIN_SHARE_OF_LINES * in_force or not ten_digit:
        msg = (
            f"{source} lists {len(rows):,} numbered lines ({ten_digit:,} at 10 digits), fewer than "
            f"{MIN_SHARE_OF_LINES:.0%} of the {in_force:,} lines in force: not a whole revision"
        )
        raise InputError(FILE_FIELD, msg, EXPORT)


__all__ = ["Added", "add_revision", "build_merged", "remove_revision"]
