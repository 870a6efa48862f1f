"""Codes of older schedules: the line(s) in force that a retired statistical number is entered under.

A batch or refund file of 2024 statistical numbers, or of a revision since superseded, holds
codes that are no line on the entry date. ``data/hts/concordance.csv`` (built by
``scripts/build_concordance.py`` from the USITC revisions, their change records and the Census
2024 numbers; see ``data/hts/PROVENANCE.md``) gives, for each such code and the entry dates on
which it is no line, the successor line(s): one (a renumbering), several (a split, which must
not be guessed), the 8-digit subheading (an export that prints no statistical lines under it),
or none (the Census low-value estimate 9999.95.00.00 is no HTSUS line). :meth:`Concordance.resolve`
follows successors that were themselves retired, to the lines in force on the entry date.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Literal

import numpy as np

from goldenage.errors import DataFileError
from goldenage.paths import data_dir

Kind = Literal["renumbered", "split", "suffix_not_printed", "not_hts"]
COLUMNS = ("code", "first", "last", "kind", "targets", "evidence")
_KINDS = ("renumbered", "split", "suffix_not_printed", "not_hts")
_MAX_DEPTH = 8  # successors of successors followed at most this deep


def _dotted(code: str) -> str:
    parts = [code[:4], code[4:6], code[6:8]] + ([code[8:10]] if len(code) == 10 else [])  # noqa: PLR2004
    return ".".join(parts)


@dataclass(frozen=True)
class Entry:
    """One row of the concordance."""

    code: str
    first: dt.date
    last: dt.date | None
    kind: Kind
    targets: tuple[str, ...]
    evidence: str

    def covers(self, on: dt.date) -> bool:
        """Return whether the row applies to entries on ``on``."""
        return self.first <= on and (self.last is None or on <= self.last)


@dataclass(frozen=True)
class Mapping:
    """The lines in force on a date that an older code is entered under, and why."""

    code: str
    on: dt.date
    targets: tuple[str, ...]  # lines in force on ``on`` (10 digits, or 8 for an unsplit subheading)
    kind: Kind
    evidence: str

    @property
    def ambiguous(self) -> bool:
        """Return whether the code was split into several lines (the duty may differ between them)."""
        return len(self.targets) > 1

    def describe(self) -> str:
        """Return one line for people: what the code became, and why."""
        if not self.targets:
            return f"{_dotted(self.code)}: {self.evidence}"
        lines = ", ".join(_dotted(t) for t in self.targets)
        verb = "split into" if self.ambiguous else "entered under"
        return f"{_dotted(self.code)} is no line on {self.on}; {verb} {lines} ({self.evidence})"

    def to_json(self) -> dict[str, object]:
        """Return the mapping as JSON-ready data."""
        return {
            "code": self.code,
            "date": self.on.isoformat(),
            "kind": self.kind,
            "targets": list(self.targets),
            "ambiguous": self.ambiguous,
            "evidence": self.evidence,
        }


class Concordance:
    """The rows of ``data/hts/concordance.csv``, by code."""

    def __init__(self, entries: list[Entry]) -> None:
        """Index the rows by code."""
        self.by_code: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_code.setdefault(entry.code, []).append(entry)
        numbers = [int(code) for code in self.by_code if code.isdigit()]
        self.numbers = np.array(sorted(numbers), dtype=np.int64)

    def __len__(self) -> int:
        """Return the number of codes with a row."""
        return len(self.by_code)

    def has(self, numbers: np.ndarray) -> np.ndarray:
        """Return, for 10-digit codes as numbers, which have a row (a vectorised pre-check)."""
        return np.isin(numbers, self.numbers)

    def resolve(self, code: str, on: dt.date) -> Mapping | None:
        """Return the lines in force on ``on`` that ``code`` is entered under, or ``None`` (no row)."""
        entry = next((e for e in self.by_code.get(code, ()) if e.covers(on)), None)
        if entry is None:
            return None
        from goldenage.tariffs.schedule import schedule  # noqa: PLC0415 - loads the HTSUS table

        hts = schedule()
        targets: list[str] = []
        pending = [(t, 0) for t in entry.targets]
        evidence = [entry.evidence]
        while pending:
            target, depth = pending.pop(0)
            if hts.has_line(target, on):
                targets.append(target)
                continue
            later = next((e for e in self.by_code.get(target, ()) if e.covers(on)), None)
            if later is None or depth >= _MAX_DEPTH:
                continue
            evidence.append(f"{_dotted(target)}: {later.evidence}")
            pending += [(t, depth + 1) for t in later.targets]
        found = tuple(dict.fromkeys(targets))
        kind: Kind = entry.kind
        if entry.kind in ("renumbered", "split"):
            kind = "split" if len(found) > 1 else "renumbered"
        return Mapping(code, on, found, kind, "; ".join(evidence))

    def resolve_many(self, codes: np.ndarray, days: np.ndarray) -> list[Mapping | None]:
        """Return :meth:`resolve` of each ``(code, day)`` pair (text codes, datetime64[D] days).

        The answer for a code changes only on a date where a row of the concordance or a
        version of an HTSUS line starts or ends (:attr:`_boundaries`), so it is worked out once
        per code and stretch between two such dates; each pair's mapping carries its own date.
        """
        stretch = np.searchsorted(self._boundaries, days, side="right")
        known: dict[tuple[str, int], Mapping | None] = {}
        found: list[Mapping | None] = []
        for code, day, part in zip(
            codes.tolist(), days.astype(object).tolist(), stretch.tolist(), strict=True
        ):
            key = (code, part)
            if key not in known:
                known[key] = self.resolve(code, day)
            mapping = known[key]
            found.append(mapping if mapping is None or mapping.on == day else replace(mapping, on=day))
        return found

    @cached_property
    def _boundaries(self) -> np.ndarray:
        """Return the sorted dates (datetime64[D]) on which a row or an HTSUS line version starts or ends.

        An end date counts from the day after it; the edges of the HTSUS data's coverage count
        too (outside it a date is refused).
        """
        from goldenage.tariffs.schedule import schedule  # noqa: PLC0415 - loads the HTSUS table

        hts = schedule()
        valid_from, valid_to = hts.validity
        day = np.timedelta64(1, "D")
        edges = [
            np.array([e.first for entries in self.by_code.values() for e in entries], dtype="datetime64[D]"),
            np.array(
                [e.last for entries in self.by_code.values() for e in entries if e.last is not None],
                dtype="datetime64[D]",
            )
            + day,
            valid_from[~np.isnat(valid_from)],
            valid_to[~np.isnat(valid_to)] + day,
            np.array([hts.coverage_start, hts.coverage_end], dtype="datetime64[D]") + np.array([0, 1]) * day,
        ]
        return np.unique(np.concatenate(edges))


def load_concordance(path: str | None = None) -> Concordance:
    """Read a concordance file (the shipped one unless ``path``), checking every row."""
    source = data_dir() / "hts" / "concordance.csv" if path is None else path
    entries = []
    try:
        with open(source, encoding="utf-8", newline="") as handle:  # noqa: PTH123 - str or Path
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                msg = f"{source}: columns must be {','.join(COLUMNS)}"
                raise DataFileError(msg)
            for number, row in enumerate(reader, start=2):
                entries.append(_entry(row, f"{source}:{number}"))
    except OSError as err:
        msg = f"{source}: {err}"
        raise DataFileError(msg) from err
    return Concordance(entries)


def _entry(row: dict[str, str], where: str) -> Entry:
    code, kind = row["code"].strip(), row["kind"].strip()
    targets = tuple(row["targets"].split())
    bad_code = not code.isdigit() or len(code) != 10  # noqa: PLR2004
    if bad_code or kind not in _KINDS or any(not t.isdigit() or len(t) not in (8, 10) for t in targets):
        msg = f"{where}: a 10-digit code, a kind of {', '.join(_KINDS)} and 8- or 10-digit targets"
        raise DataFileError(msg)
    if (kind == "not_hts") != (not targets):
        msg = f"{where}: only a not_hts row has no target"
        raise DataFileError(msg)
    try:
        first = dt.date.fromisoformat(row["first"])
        last = dt.date.fromisoformat(row["last"]) if row["last"] else None
    except ValueError as err:
        msg = f"{where}: first/last must be YYYY-MM-DD ({err})"
        raise DataFileError(msg) from err
    return Entry(code, first, last, kind, targets, row["evidence"])  # type: ignore[arg-type]


@cache
def concordance() -> Concordance:
    """Return the shipped concordance (read once)."""
    return load_concordance()


__all__ = ["Concordance", "Entry", "Mapping", "concordance", "load_concordance"]
