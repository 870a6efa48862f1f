"""The revisions of the HTSUS in use (``revisions.csv``) and the dates they cover.

The revisions in use are the shipped ones (``data/hts/``) plus any a user added with
``goldenage data add-revision`` (:mod:`goldenage.tariffs.revision_store`, which gives the folder
in use). Read without the lines themselves: a batch checks its entry dates against the coverage
before (or without) loading the schedule (:mod:`goldenage.tariffs.schedule`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from goldenage.tariffs.errors import CoverageError, UnknownHTSCodeError
from goldenage.tariffs.hts_code import format_code

if TYPE_CHECKING:
    from goldenage.provenance.citation import Citation

HTS_HREF = "https://hts.usitc.gov/"
SHIPPED = "shipped"
USER = "user"  # added with `goldenage data add-revision`
_REVISION_ID = re.compile(r"^(?:(?P<year>\d{4})_)?(?:(?P<basic>basic)|rev_(?P<number>\d{1,3}))$")


@dataclass(frozen=True)
class Revision:
    """One revision (edition) of the HTSUS and the date it took effect."""

    id: str
    edition: str
    effective_date: dt.date
    source_file: str
    sha256_gz: str
    note: str
    origin: str = SHIPPED  # or USER

    def cite(self, section: str) -> Citation:
        """Return a citation of ``section`` (e.g. a heading and column) in this revision."""
        from goldenage.provenance.citation import Citation  # noqa: PLC0415 - pydantic, when citing

        return Citation(
            title="Harmonized Tariff Schedule of the United States (USITC)",
            edition=self.edition,
            section=section,
            href=HTS_HREF,
        )


def read_revisions(catalogue: Path) -> tuple[Revision, ...]:
    """Return the revisions listed in a ``revisions.csv``, in the file's (date) order."""
    with catalogue.open(encoding="utf-8") as handle:
        return tuple(revision_of(row) for row in csv.DictReader(handle))


def revision_of(row: dict[str, str]) -> Revision:
    """Return the revision of one row of a ``revisions.csv`` (``origin`` shipped when absent)."""
    return Revision(
        id=row["revision"],
        edition=row["edition"],
        effective_date=dt.date.fromisoformat(row["effective_date"]),
        source_file=row["source_file"],
        sha256_gz=row["sha256_gz"],
        note=row["note"],
        origin=row.get("origin") or SHIPPED,
    )


def coverage(revisions: tuple[Revision, ...]) -> tuple[dt.date, dt.date]:
    """Return the first and last dates the revisions cover.

    From the effective date of the first revision; the last one stays in force until a later
    one, and the data cannot see past the end of its edition year, when the next annual basic
    edition takes effect.
    """
    return revisions[0].effective_date, dt.date(revisions[-1].effective_date.year, 12, 31)


def edition_label(revision_id: str) -> str | None:
    """Return the USITC's name of a revision id: ``2026_rev_10`` -> ``2026 HTS Revision 10``.

    Ids without a year (``rev_18``, ``basic``) are the 2025 edition's, as in the shipped data;
    ``None`` for an id of another form.
    """
    match = _REVISION_ID.match(revision_id)
    if match is None:
        return None
    year = match["year"] or "2025"
    if match["basic"]:
        return f"{year} HTS Basic Edition"
    return f"{year} HTS Revision {int(match['number'])}"


def check_coverage(on: dt.date, field: str, start: dt.date, end: dt.date) -> None:
    """Raise :class:`CoverageError` naming ``field`` unless ``on`` is within ``start``..``end``."""
    if on < start or on > end:
        msg = f"{on.isoformat()} is outside the data's coverage"
        raise CoverageError(field, msg, f"a date from {start} to {end}")


@cache
def shipped_revisions() -> tuple[Revision, ...]:
    """Return the revisions of the HTSUS data in use: shipped, then any a user added."""
    from goldenage.tariffs.revision_store import hts_folder  # noqa: PLC0415 - it reads this module

    return read_revisions(hts_folder() / "revisions.csv")


def shipped_coverage() -> tuple[dt.date, dt.date]:
    """Return the coverage of the HTSUS data in use (see :func:`shipped_revisions`)."""
    return coverage(shipped_revisions())


def revision_in_force(days: np.ndarray, revisions: tuple[Revision, ...]) -> np.ndarray:
    """Return, for each day (datetime64[D]), the position in ``revisions`` of the one in force.

    Days before the first revision get the first (the callers check coverage themselves).
    """
    effective = np.array([r.effective_date for r in revisions], dtype="datetime64[D]")
    return np.maximum(np.searchsorted(effective, days, side="right") - 1, 0)


def not_a_line(code: str, revision: Revision) -> UnknownHTSCodeError:
    """Return the error of a 10-digit code that is no line of ``revision`` (the one in force).

    The message names the revision, not the entry date, so it is the same for every day a
    revision is in force (the columnar engine's column 1 and the compiled law both use it).
    """
    msg = (
        f"{format_code(code)} is not a line of the HTSUS in force on the entry date "
        f"({revision.edition}, from {revision.effective_date})"
    )
    return UnknownHTSCodeError("hts10", msg, "a 10-digit code in force on the entry date")


__all__ = [
    "HTS_HREF",
    "Revision",
    "coverage",
    "check_coverage",
    "edition_label",
    "not_a_line",
    "read_revisions",
    "revision_in_force",
    "revision_of",
    "shipped_coverage",
    "shipped_revisions",
]
