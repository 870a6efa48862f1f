"""HTSUS revisions a user adds without a release (``goldenage data add-revision``).

The shipped HTSUS (``data/hts/``) is never written. A user's revisions live in their own store,
``$GOLDENAGE_DATA_HOME/hts/`` (default ``$XDG_DATA_HOME/goldenage`` or
``~/.local/share/goldenage``):

- ``revisions.csv``: the catalogue of added revisions (the columns of ``data/hts/revisions.csv``
  plus ``added_on``), written last: it is the commit point of an addition or removal;
- ``sources/<revision>.json[.gz]``: each USITC export as given, byte for byte (its sha256 is
  in the catalogue);
- ``merged-<digest>/``: ``hts_lines.parquet`` and ``revisions.csv`` of the schedule in use, the
  shipped table with the added revisions merged after it (:func:`.hts_versions.extend_table`).
  It is named by a digest of the shipped table and of the catalogue, so it is never stale: a
  new release or a changed catalogue gives a new name, and a missing one is rebuilt from the
  shipped table and the kept sources.

:func:`hts_folder` gives the folder the schedule, the revision list and the compiled-law
fingerprint read (:mod:`goldenage.tariffs.kernel.store`), so a table compiled before a revision
was added is never served after it. An added revision whose effective date is not after the
newest shipped one (a later release shipped it, or a revision of that date) is *superseded*:
kept in the catalogue, shown by ``goldenage data status``, not applied.

Law: 19 CFR 141.69 (the rate in effect on the date of entry); HTSUS General Note 1 (the
schedule as published by the USITC, in the revisions it publishes).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import io
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from goldenage.errors import DataFileError, InputError
from goldenage.outputs import atomic_folder, remove_stale, write_bytes, write_text
from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import USER, Revision, edition_label, read_revisions, revision_of
from goldenage.tariffs.hts_source import (
    LIMITS,
    ExportLimits,
    HTSFormatError,
    HTSRow,
    parse_export,
    read_export_bytes,
)
from goldenage.tariffs.hts_versions import extend_table

HOME_ENV = "GOLDENAGE_DATA_HOME"
CATALOGUE = "revisions.csv"
TABLE = "hts_lines.parquet"
COLUMNS = ("revision", "edition", "effective_date", "source_file", "sha256_gz", "rows", "note", "origin")
USER_COLUMNS = (*COLUMNS, "added_on")
REVISION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MIN_SHARE_OF_LINES = 0.9  # a revision lists (nearly) every line: fewer than this is a partial file
MAX_NOTE = 500
MAX_EDITION = 80
FILE_FIELD = "FILE"
EXPORT = "an official USITC HTSUS JSON export (hts_<year>_revision_<N>_json.json, gzipped or not)"


def home() -> Path:
    """Return the folder of the user's data (``GOLDENAGE_DATA_HOME``, else the XDG data folder)."""
    chosen = os.environ.get(HOME_ENV, "").strip()
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "goldenage"


def store_folder() -> Path:
    """Return the folder of the user's HTSUS revisions (``<home>/hts``)."""
    return home() / "hts"


def shipped_folder() -> Path:
    """Return the folder of the shipped HTSUS (``data/hts``)."""
    return data_dir() / "hts"


@dataclass(frozen=True)
class UserRevision:
    """A revision in the user's catalogue: whether it applies, or which shipped one supersedes it."""

    revision: Revision
    rows: int
    added_on: dt.date
    superseded_by: str | None  # the newest shipped revision, when this one is not after it

    @property
    def source(self) -> Path:
        """Return the kept copy of the export (its bytes as given)."""
        return kept_copy(self.revision.id)


def kept_copy(revision_id: str) -> Path:
    """Return where the export of an added revision is kept."""
    return store_folder() / "sources" / f"{revision_id}.export"


def user_revisions() -> tuple[UserRevision, ...]:
    """Return the catalogue of added revisions in effective-date order (empty when none)."""
    path = store_folder() / CATALOGUE
    if not path.is_file():
        return ()
    shipped = read_revisions(shipped_folder() / CATALOGUE)
    newest = shipped[-1]
    taken = {revision.id for revision in shipped}
    found = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
        for record in records:
            revision = revision_of({**record, "origin": USER})
            later = revision.effective_date > newest.effective_date and revision.id not in taken
            found.append(
                UserRevision(
                    revision,
                    int(record["rows"]),
                    dt.date.fromisoformat(record["added_on"]),
                    None if later else newest.id,
                )
            )
    except (KeyError, ValueError, TypeError) as err:
        msg = f"{path} is damaged ({err}); remove it to drop the added revisions"
        raise DataFileError(msg) from err
    return tuple(sorted(found, key=lambda entry: entry.revision.effective_date))


def applied(entries: tuple[UserRevision, ...]) -> tuple[UserRevision, ...]:
    """Return the added revisions that apply (not superseded by the shipped data)."""
    return tuple(entry for entry in entries if entry.superseded_by is None)


@cache
def hts_folder() -> Path:
    """Return the folder of the HTSUS in use: ``data/hts``, or the merged folder of added revisions."""
    entries = applied(user_revisions())
    if not entries:
        return shipped_folder()
    folder = store_folder() / f"merged-{_digest(entries)}"
    if not (folder / TABLE).is_file() or not (folder / CATALOGUE).is_file():
        _build(folder, entries)
    return folder


def reset() -> None:
    """Forget what this process read of the store (after an addition or removal)."""
    from goldenage.tariffs import hts_revisions, schedule, search_index  # noqa: PLC0415 - they read this module
    from goldenage.tariffs.kernel import store  # noqa: PLC0415

    hts_folder.cache_clear()
    hts_revisions.shipped_revisions.cache_clear()
    schedule.schedule.cache_clear()
    store.fingerprint.cache_clear()
    search_index.fingerprint.cache_clear()


def _digest(entries: tuple[UserRevision, ...]) -> str:
    """Return a digest of the shipped table and the applied revisions (names the merged folder)."""
    digest = hashlib.sha256()
    for name in (CATALOGUE, TABLE):
        digest.update((shipped_folder() / name).read_bytes())
    for entry in entries:
        revision = entry.revision
        digest.update(
            f"{revision.id},{revision.effective_date},{revision.sha256_gz},{revision.edition}".encode()
        )
        digest.update(revision.note.encode())
    return digest.hexdigest()[:24]


def _build(folder: Path, entries: tuple[UserRevision, ...]) -> None:
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
    _drop_merged_but(folder)


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


def _drop_merged_but(folder: Path | None) -> None:
    """Delete the merged folders other than ``folder`` (those of an earlier catalogue or release)."""
    for old in store_folder().glob("merged-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


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
        folder = store_folder() / f"merged-{_digest(applied(tuple(kept)))}"
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
        _drop_merged_but(folder)
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
        folder = store_folder() / f"merged-{_digest(applied(kept))}" if applied(kept) else None
        if folder is not None and not (folder / TABLE).is_file():
            _build(folder, applied(kept))
        _write_catalogue(list(kept))
        found[0].source.unlink(missing_ok=True)
        _drop_merged_but(folder)
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


__all__ = [
    "HOME_ENV",
    "Added",
    "UserRevision",
    "add_revision",
    "applied",
    "hts_folder",
    "home",
    "remove_revision",
    "reset",
    "shipped_folder",
    "store_folder",
    "user_revisions",
]
