"""HTSUS revisions a user adds without a release (``goldenage data add-revision``): the store.

Which HTSUS is in use (:func:`hts_folder`) is decided here, cheaply (no pyarrow): the
additions and removals themselves are in :mod:`goldenage.tariffs.revision_edit`.

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

import csv
import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from goldenage.errors import DataFileError
from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import USER, Revision, read_revisions, revision_of

HOME_ENV = "GOLDENAGE_DATA_HOME"


CATALOGUE = "revisions.csv"


TABLE = "hts_lines.parquet"


COLUMNS = ("revision", "edition", "effective_date", "source_file", "sha256_gz", "rows", "note", "origin")


USER_COLUMNS = (*COLUMNS, "added_on")


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
    folder = merged_folder(entries)
    if not (folder / TABLE).is_file() or not (folder / CATALOGUE).is_file():
        from goldenage.tariffs.revision_edit import build_merged  # noqa: PLC0415 - pyarrow, when building

        build_merged(folder, entries)
    return folder


def reset() -> None:
    """Forget what this process read of the store (after an addition or removal)."""
    from goldenage.tariffs import concordance, hts_revisions, schedule, search_index  # noqa: PLC0415
    from goldenage.tariffs.kernel import store  # noqa: PLC0415

    hts_folder.cache_clear()
    concordance.concordance.cache_clear()  # its boundary dates are those of the schedule read
    hts_revisions.shipped_revisions.cache_clear()
    schedule.schedule.cache_clear()
    store.fingerprint.cache_clear()
    search_index.fingerprint.cache_clear()


def merged_folder(entries: tuple[UserRevision, ...]) -> Path:
    """Return the merged folder of the applied revisions ``entries`` (named by their digest)."""
    return store_folder() / f"merged-{merged_digest(entries)}"


def merged_digest(entries: tuple[UserRevision, ...]) -> str:
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


def drop_merged_but(folder: Path | None) -> None:
    """Delete the merged folders other than ``folder`` (those of an earlier catalogue or release)."""
    for old in store_folder().glob("merged-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


__all__ = [
    "CATALOGUE",
    "HOME_ENV",
    "TABLE",
    "UserRevision",
    "applied",
    "drop_merged_but",
    "home",
    "hts_folder",
    "kept_copy",
    "merged_digest",
    "merged_folder",
    "reset",
    "shipped_folder",
    "store_folder",
    "user_revisions",
]
