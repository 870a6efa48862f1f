"""What the vectorised rules read: periods, parameters, scope masks, HTS lines, column 1.

The dates of a frame are mapped to *periods*: the intervals between consecutive dates on
which any parameter (under the scenario), scope list or HTSUS revision may change. Inside a
period every rule input is constant for a given line, so parameters become arrays over
periods and scope lists become boolean tables over (distinct code, period), read for every
row by integer indexing.

The rules read whatever depends on the date through this module only (:meth:`Context.param`,
:meth:`Context.member`, :meth:`Context.entry`, the line methods): :meth:`Context.dated_inputs`
lists those inputs, and the compiled law evaluates once the periods of a line that give it the
same ones. A rule that read the date another way would have to add its input there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import numpy as np

from goldenage.params import Parameter, Period
from goldenage.tariffs.hts_revisions import revision_in_force
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.law import Law
from goldenage.tariffs.schedule import HTSLine, Schedule, schedule
from goldenage.tariffs.scopes import all_scopes, scope

ONE_DAY = np.timedelta64(1, "D")


@cache
def _scope_dates() -> frozenset[dt.date]:
    dates: set[dt.date] = set()
    for listed in all_scopes():
        dates |= listed.breakpoints()
    return frozenset(dates)


@cache
def period_starts(law: Law) -> np.ndarray:
    """Return the sorted start dates (datetime64[D]) of the periods of a scenario's law."""
    hts = schedule()
    dates = set(law.breakpoints("us.")) | set(_scope_dates())
    dates |= {revision.effective_date for revision in hts.revisions}
    # Dates past the data's coverage start no period: no entry date there is computed.
    dates = {d for d in dates if hts.coverage_start <= d <= hts.coverage_end}
    dates.add(hts.coverage_start)
    return np.array(sorted(dates), dtype="datetime64[D]")


@cache
def parameter_epochs(law: Law) -> np.ndarray:
    """Return, for every period of ``law``, the number of parameter change dates up to its start.

    Two periods with the same number have every parameter of the scenario alike (no parameter
    may change between them); they can differ only by a scope list or an HTSUS revision.
    """
    changes = np.array(sorted(law.breakpoints("us.")), dtype="datetime64[D]")
    return np.searchsorted(changes, period_starts(law), side="right")


_PERIOD_ARRAYS: dict[tuple[int, str], tuple[Parameter, np.ndarray, np.ndarray, np.ndarray]] = {}


def _per_period(law: Law, parameter_id: str) -> tuple[Parameter, np.ndarray, np.ndarray, np.ndarray]:
    """Return a parameter's value, in-force flag and period index for every period of ``law``."""
    key = (id(law), parameter_id)
    if key not in _PERIOD_ARRAYS:
        starts = period_starts(law)
        parameter = law.parameter(parameter_id)
        numeric = parameter.value_type in ("rate", "usd", "number")
        n_periods = len(starts)
        per_value = np.full(n_periods, np.nan) if numeric else np.full(n_periods, None, dtype=object)
        per_index = np.full(n_periods, -1, dtype=np.int32)
        for index, period in enumerate(parameter.periods):
            first = np.searchsorted(starts, np.datetime64(period.start, "D"), side="left")
            end = (
                np.searchsorted(starts, np.datetime64(period.end, "D") + ONE_DAY, side="left")
                if period.end is not None
                else n_periods
            )
            per_index[first:end] = index
            if period.value is not None:
                per_value[first:end] = period.value
        in_force = ~np.isnan(per_value) if numeric else np.not_equal(per_value, None)
        _PERIOD_ARRAYS[key] = (parameter, per_value, in_force, per_index)
    return _PERIOD_ARRAYS[key]


@dataclass(frozen=True)
class _ScopeRows:
    """A scope list as arrays, sorted by prefix length, with its dates as period indices."""

    prefix: np.ndarray  # '<U10'
    upper: np.ndarray  # prefix followed by the highest character: the end of its code range
    first: np.ndarray  # int: first period
    end: np.ndarray  # int: period after the last
    position: np.ndarray  # int: list row, or -1 for an exclusion


@cache
def _scope_rows(list_id: str, starts_bytes: bytes) -> _ScopeRows:
    starts = np.frombuffer(starts_bytes, dtype="datetime64[D]")
    entries = scope(list_id).entries
    order = sorted(range(len(entries)), key=lambda i: len(entries[i].prefix))
    prefix = np.array([entries[i].prefix for i in order], dtype="<U10")
    first_day = np.array([np.datetime64(entries[i].start, "D") for i in order], dtype="datetime64[D]")
    ends = [entries[i].end for i in order]
    last_day = np.array(
        [np.datetime64(e, "D") + ONE_DAY if e is not None else np.datetime64("9999-12-31") for e in ends],
        dtype="datetime64[D]",
    )
    return _ScopeRows(
        prefix=prefix,
        upper=np.char.add(prefix, "\uffff").astype("<U11"),
        first=np.searchsorted(starts, first_day, side="left"),
        end=np.searchsorted(starts, last_day, side="left"),
        position=np.array([i if entries[i].include else -1 for i in order], dtype=np.int32),
    )


@dataclass(frozen=True)
class ParamVector:
    """A parameter read for every row: value, whether in force, and the period it comes from.

    The per-row arrays are built on first use; :meth:`at` reads only the rows of a mask
    (headings are read for the few rows a rule charges, not for the whole frame).
    """

    parameter: Parameter
    per_value: np.ndarray  # by period: float64 (NaN = not in force) or object (None = not in force)
    per_force: np.ndarray  # by period: bool
    per_index: np.ndarray  # by period: index into parameter.periods, -1 when none
    pidx: np.ndarray  # period of every row

    @cached_property
    def value(self) -> np.ndarray:
        """Return the value of every row."""
        return self.per_value[self.pidx]

    @cached_property
    def in_force(self) -> np.ndarray:
        """Return whether a value is in force on every row."""
        return self.per_force[self.pidx]

    @cached_property
    def flag(self) -> np.ndarray:
        """Return, for every row, whether a boolean parameter is true (false where not in force)."""
        return np.array([value is True for value in self.per_value.tolist()], dtype=bool)[self.pidx]

    def at(self, rows: np.ndarray) -> np.ndarray:
        """Return the values of ``rows`` (a mask or integer positions), in row order."""
        return self.per_value[self.pidx[rows]]

    def as_days(self) -> np.ndarray:
        """Return a date parameter's value of every row as ``datetime64[D]`` (NaT where none)."""
        per_period = np.array(
            [np.datetime64("NaT") if v is None else v for v in self.per_value.tolist()], dtype="datetime64[D]"
        )
        return (
            per_period.take(self.pidx) if len(per_period) else np.full(len(self.pidx), np.datetime64("NaT"))
        )

    def last_days(self) -> np.ndarray:
        """Return the last day in force of every row's value (NaT when open-ended or none)."""
        periods = self.parameter.periods
        ends = np.array(
            [
                np.datetime64("NaT") if index < 0 or periods[index].end is None else periods[index].end
                for index in self.per_index.tolist()
            ],
            dtype="datetime64[D]",
        )
        return ends.take(self.pidx) if len(ends) else np.full(len(self.pidx), np.datetime64("NaT"))

    def reference(self, row: int) -> Period | None:
        """Return the period (value and citation) of one row, or ``None``."""
        index = int(self.per_index[self.pidx[row]])
        return None if index < 0 else self.parameter.periods[index]


class Context:
    """Inputs of the rules for one frame under one scenario."""

    def __init__(self, frame: EntryFrame, law: Law) -> None:
        self.frame = frame
        self.law = law
        self.schedule: Schedule = schedule()
        self.starts = period_starts(law)
        self.pidx = np.searchsorted(self.starts, frame.day, side="right") - 1
        numbers = frame.number
        if len(frame) and bool((numbers >= 0).all()):
            # Sorting numbers is much faster than sorting strings; 10-digit codes sort alike.
            distinct, self.cidx = np.unique(numbers, return_inverse=True)
            self.codes = np.char.zfill(distinct.astype("<U10"), 10)
        else:
            self.codes, self.cidx = np.unique(frame.code, return_inverse=True)
        chapters = np.array([c[:2] for c in self.codes.tolist()], dtype="<U2")
        self.chapter = chapters[self.cidx] if len(frame) else np.zeros(0, dtype="<U2")  # first two digits
        self._params: dict[str, ParamVector] = {}
        self._masks: dict[str, np.ndarray] = {}
        self._lines: np.ndarray | None = None
        self._line_positions = np.zeros(0, dtype=np.int64)

    def subset(self, rows: np.ndarray) -> Context:
        """Return the context of ``self.frame.take(rows)``, sharing what was read by code and period.

        The distinct codes stay those of the whole frame (every row of the subset indexes them
        as before), so the scope entries and line versions already read are taken, not read
        again.
        """
        part = object.__new__(Context)
        part.frame = self.frame.take(rows)
        part.law, part.schedule, part.starts, part.codes = self.law, self.schedule, self.starts, self.codes
        part.pidx, part.cidx, part.chapter = self.pidx[rows], self.cidx[rows], self.chapter[rows]
        part._params = {}
        part._masks = {name: entries[rows] for name, entries in self._masks.items()}
        part._lines = None if self._lines is None else self._lines[rows]
        part._line_positions = self._line_positions
        return part

    def prefixed(self, prefix: str) -> np.ndarray:
        """Return, for every row, whether its code starts with ``prefix`` (one test per code)."""
        return np.char.startswith(self.codes, prefix)[self.cidx]

    # --- parameters ---------------------------------------------------------------------

    def param(self, parameter_id: str) -> ParamVector:
        """Return a parameter evaluated on every row (cached)."""
        if parameter_id not in self._params:
            parameter, per_value, per_force, per_index = _per_period(self.law, parameter_id)
            self._params[parameter_id] = ParamVector(parameter, per_value, per_force, per_index, self.pidx)
        return self._params[parameter_id]

    # --- scope lists --------------------------------------------------------------------

    def member(self, list_id: str) -> np.ndarray:
        """Return, for every row, whether its line is in the scope list on its date."""
        return self.entry(list_id) >= 0

    def entry(self, list_id: str) -> np.ndarray:
        """Return, for every row, the index of the list row that puts it in scope (-1: none)."""
        if list_id not in self._masks:
            self._masks[list_id] = self._table(list_id).reshape(-1).take(self._cells)
        return self._masks[list_id]

    @cached_property
    def _cells(self) -> np.ndarray:
        """Return, for every row, its cell (code, period) in a flattened code x period table."""
        return self.cidx.astype(np.int64) * len(self.starts) + self.pidx

    def _table(self, list_id: str) -> np.ndarray:
        rows = _scope_rows(list_id, self.starts.tobytes())
        table = np.full((len(self.codes), len(self.starts)), -1, dtype=np.int32)
        low = np.searchsorted(self.codes, rows.prefix, side="left")
        high = np.searchsorted(self.codes, rows.upper, side="left")
        # Rows are sorted by prefix length: a longer prefix overrides a shorter one (longest wins).
        for k in np.flatnonzero(high > low).tolist():
            table[low[k] : high[k], rows.first[k] : rows.end[k]] = rows.position[k]
        return table

    def dated_inputs(self) -> dict[str, np.ndarray]:
        """Return, for every row, each input of the rules that depends on its date.

        The parameter epoch of its period (:func:`parameter_epochs`), its line version, the
        revision in force where the code is no line (the error names the revision), and its
        entry in every scope list. Everything else the rules read is the code and the
        declarations: two rows of the same code and declarations with equal dated inputs get
        the same rates (used by :mod:`.compiled` to evaluate such keys once).
        """
        line = self.line_index()
        revision = revision_in_force(self.starts, self.schedule.revisions).take(self.pidx)
        inputs = {
            "parameters": parameter_epochs(self.law).take(self.pidx),
            "line": line,
            "revision": np.where(line < 0, revision, -1),
        }
        for listed in all_scopes():
            inputs["list " + listed.id] = self.entry(listed.id)
        return inputs

    # --- HTSUS lines ----------------------------------------------------------------------

    def line_index(self) -> np.ndarray:
        """Return, for every row, the index into :meth:`line_field` of its line version (-1: none)."""
        if self._lines is None:
            positions, owner = self.schedule.positions(self.codes.tolist())
            self._line_positions = positions
            valid_from, valid_to = self.schedule.validity
            first = np.searchsorted(self.starts, valid_from[positions])
            last = valid_to[positions]
            end = np.where(
                np.isnat(last), len(self.starts), np.searchsorted(self.starts, last + ONE_DAY, side="left")
            )
            table = np.full((len(self.codes), len(self.starts)), -1, dtype=np.int32)
            for k, (c, a, b) in enumerate(zip(owner.tolist(), first.tolist(), end.tolist(), strict=True)):
                table[c, a:b] = k
            self._lines = table.reshape(-1).take(self._cells)
        return self._lines

    def line(self, row: int) -> HTSLine:
        """Return the HTS line (with the revision in force) of one row."""
        index = int(self.line_index()[row])
        day = self.frame.day[row].astype(dt.date)
        version = self.schedule.lines.row(int(self._line_positions[index]), named=True)
        return self.schedule._to_line(version, self.schedule.revision_at(day))  # noqa: SLF001

    def line_field(self, name: str) -> list[Any]:
        """Return a field of every distinct line version (indexed like :meth:`line_index`)."""
        return self.schedule.lines[name].gather(self.line_positions()).to_list()

    def line_positions(self) -> np.ndarray:
        """Return the row of ``schedule.lines`` of every distinct line version (as :meth:`line_field`)."""
        self.line_index()
        return self._line_positions
