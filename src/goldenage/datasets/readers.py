"""Edition and as-of date of a dataset, read from the data where the data records them.

- ``hts``: the revision list in use (``data/hts/revisions.csv``, and the revisions a user added,
  each listed on its own: :mod:`goldenage.tariffs.revision_store`);
- ``parameters``: the dated values of the parameter files (the newest value and its citation);
- ``law_as_of``: the parameter ``goldenage.law_as_of`` (its date and citation);
- ``scopes``: the scope lists' legal editions (their ``reference``) and their newest dated row;
- ``dataset``: the ``dataset:`` block a data file states (edition, as-of date, source);
- a :class:`~.manifest.Pointer`: a YAML key (the newest of several files) or a CSV column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenage.datasets.manifest import Declaration, Pointer
from goldenage.errors import DataFileError
from goldenage.params import load_parameter_file
from goldenage.params.loader import read_yaml

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Reading:
    """What a reader found: one dataset's edition and as-of date (plus a note)."""

    edition: str
    as_of: dt.date
    note: str | None = None
    name: str | None = None  # overrides the declared name (a user's HTSUS revision)
    id: str | None = None  # overrides the declared id
    origin: str = "shipped"
    source: str | None = None  # overrides the declared source
    files: tuple[Path, ...] | None = None  # overrides the declared files (outside data/)


def hts(_: Declaration, __: list[Path]) -> list[Reading]:
    """Return the shipped HTSUS and each revision a user added (applied or superseded)."""
    from goldenage.tariffs.hts_revisions import read_revisions  # noqa: PLC0415 - pyarrow is not needed here
    from goldenage.tariffs.revision_store import shipped_folder, user_revisions  # noqa: PLC0415

    shipped = read_revisions(shipped_folder() / "revisions.csv")
    newest = shipped[-1]
    readings = [
        Reading(
            edition=newest.edition,
            as_of=newest.effective_date,
            note=f"{len(shipped)} revisions, from {shipped[0].effective_date} to {newest.effective_date}",
        )
    ]
    for entry in user_revisions():
        revision = entry.revision
        state = (
            f"superseded by the shipped {entry.superseded_by}: not applied"
            if entry.superseded_by
            else "applied after the shipped revisions"
        )
        readings.append(
            Reading(
                edition=revision.edition,
                as_of=revision.effective_date,
                note="; ".join(filter(None, (state, revision.note))),
                name=f"HTSUS revision {revision.id} (added with goldenage data add-revision)",
                id=f"hts_user_{revision.id}",
                origin="user",
                source=(
                    f"{revision.source_file}, sha256 {revision.sha256_gz[:16]}..., {entry.rows:,} rows, "
                    f"added {entry.added_on}"
                ),
                files=(entry.source,),
            )
        )
    return readings


def parameters(_: Declaration, files: list[Path], today: dt.date | None = None) -> list[Reading]:
    """Return the newest value in force by ``today`` (edition: its citation) and what is scheduled or ended.

    A value that takes effect later (a safeguard's annual step) is already law but is no change
    yet made: the note names the last scheduled date instead.
    """
    day = today or dt.date.today()
    newest = None
    scheduled: list[dt.date] = []
    ends: list[dt.date] = []
    for path in files:
        parameter = load_parameter_file(path)
        published = [p for p in parameter.periods if p.value is not None and p.start <= day]
        if published and (newest is None or published[-1].start > newest[1].start):
            newest = (parameter, published[-1])
        scheduled += [p.start for p in parameter.periods if p.start > day]
        last = parameter.periods[-1]
        if last.value is None and last.start <= day:
            ends.append(last.start)
    if newest is None:
        msg = f"no parameter file with a value in force among {', '.join(str(f) for f in files)}"
        raise DataFileError(msg)
    parameter, period = newest
    citation = period.reference
    note = f"{len(files)} parameter files; newest value: {parameter.id} from {period.start}"
    later = sorted(end for end in ends if end > period.start)
    if later and len(later) == len(files):
        note += f"; no value from {later[0]}"
    if scheduled:
        note += f"; later values scheduled to {max(scheduled)}"
    return [Reading(edition=citation.document or citation.title, as_of=period.start, note=note)]


def law_as_of(declaration: Declaration, files: list[Path]) -> list[Reading]:
    """Return the date up to which the law was checked (the newest value of its one file), cited."""
    if len(files) != 1:
        msg = f"{declaration.id}: 'read: law_as_of' takes one parameter file, got {len(files)}"
        raise DataFileError(msg)
    period = load_parameter_file(files[0]).periods[-1]
    citation = period.reference
    return [
        Reading(
            edition=citation.section or citation.document or citation.title,
            as_of=period.value,
            note=f"recorded {period.start}; every tariff answer carries it as law_as_of",
        )
    ]


def scopes(_: Declaration, files: list[Path]) -> list[Reading]:
    """Return the legal editions the scope lists follow and the newest date a row takes effect."""
    from goldenage.tariffs.scopes import load_scope  # noqa: PLC0415

    editions: Counter[str] = Counter()
    newest: dt.date | None = None
    lists = [path for path in files if path.suffix == ".csv"]
    for path in lists:
        scope = load_scope(path)
        edition = next((c.edition for c in scope.metadata.reference if c.edition), "edition not stated")
        editions[edition] += 1
        for entry in scope.entries:  # an end date (a safeguard's last day) is no change yet made
            if newest is None or entry.start > newest:
                newest = entry.start
    if newest is None:
        msg = f"no scope list with a dated row among {len(lists)} lists"
        raise DataFileError(msg)
    edition = "; ".join(f"HTSUS {name} ({count} lists)" for name, count in editions.most_common())
    return [
        Reading(edition=edition, as_of=newest, note=f"{len(lists)} lists; newest row in force from {newest}")
    ]


def dataset(declaration: Declaration, files: list[Path]) -> list[Reading]:
    """Return the ``dataset:`` block the data states (:mod:`goldenage.provenance.dataset`)."""
    from goldenage.provenance.dataset import KEY, dataset_metadata  # noqa: PLC0415

    blocks = [path for path in files if path.suffix == ".yaml" and _has_key(path, KEY)]
    if len(blocks) != 1:
        msg = f"{declaration.id}: 'read: dataset' needs one file with a '{KEY}:' block, got {len(blocks)}"
        raise DataFileError(msg)
    meta = dataset_metadata(blocks[0])
    note = f"edition {meta.edition}; newest source {meta.newest_source}"
    return [Reading(edition=meta.edition, as_of=meta.as_of, note=note, source=meta.source)]


def _has_key(path: Path, key: str) -> bool:
    raw = read_yaml(path)
    return isinstance(raw, dict) and key in raw


READERS: dict[str, Callable[[Declaration, list[Path]], list[Reading]]] = {
    "dataset": dataset,
    "hts": hts,
    "parameters": parameters,
    "law_as_of": law_as_of,
    "scopes": scopes,
}


def pointed(pointer: Pointer, folder: Path, want_date: bool) -> str | dt.date:
    """Return the value a pointer names (the newest over its files when it is a date)."""
    paths = sorted(folder.glob(pointer.file))
    if not paths:
        msg = f"{folder / pointer.file}: no such data file (named in {folder / 'PROVENANCE.md'})"
        raise DataFileError(msg)
    values = [
        _column_max(path, pointer.column) if pointer.column else _key(path, pointer.key or "")
        for path in paths
    ]
    if not want_date:
        return "; ".join(dict.fromkeys(str(value) for value in values))
    dates = [_as_date(value, paths[0], pointer) for value in values]
    return max(dates)


def _key(path: Path, dotted: str) -> Any:
    value: Any = read_yaml(path)
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            msg = f"{path}: no key {dotted!r}"
            raise DataFileError(msg)
        value = value[part]
    return value


def _column_max(path: Path, column: str) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or ()):
            msg = f"{path}: no column {column!r}"
            raise DataFileError(msg)
        dates = [match[1] for row in reader if (match := _DATE.match(row[column] or ""))]
    if not dates:
        msg = f"{path}: no date in column {column!r}"
        raise DataFileError(msg)
    return max(dates)


def _as_date(value: Any, path: Path, pointer: Pointer) -> dt.date:
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value))
    if match is None:
        msg = f"{path}: {pointer.key or pointer.column} is {value!r}, not a YYYY-MM-DD date"
        raise DataFileError(msg)
    return dt.date.fromisoformat(match[1])


__all__ = ["READERS", "Reading", "pointed"]
