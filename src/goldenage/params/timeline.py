"""A parameter as a timeline of dated, cited values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenage.params.errors import NoValueInForceError
from goldenage.params.schema import ValueType
from goldenage.provenance.citation import Citation


@dataclass(frozen=True)
class Period:
    """A value in force from ``start`` to ``end`` (inclusive; ``None`` = open-ended)."""

    start: dt.date
    end: dt.date | None
    value: Any
    reference: Citation
    note: str | None = None

    def covers(self, on: dt.date) -> bool:
        """Return whether ``on`` falls inside the period."""
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Parameter:
    """One legal parameter: id, meaning, unit, type and its dated values."""

    id: str
    path: Path
    description: str
    value_type: ValueType
    unit: str | None
    references: tuple[Citation, ...]
    periods: tuple[Period, ...]

    def period_at(self, on: dt.date) -> Period:
        """Return the period in force on ``on`` (a ``null`` value ends a rule).

        Raises :class:`NoValueInForceError` when no value is in force, saying why.
        """
        for period in reversed(self.periods):
            if period.start <= on:
                if not period.covers(on):
                    detail = f"last value ended {period.end.isoformat()}"  # type: ignore[union-attr]
                    raise NoValueInForceError(self.id, on, self.path, detail)
                if period.value is None:
                    detail = f"ended {period.start.isoformat()} by {period.reference.label()}"
                    raise NoValueInForceError(self.id, on, self.path, detail)
                return period
        detail = f"first value {self.periods[0].start.isoformat()}"
        raise NoValueInForceError(self.id, on, self.path, detail)

    def at(self, on: dt.date) -> Any:
        """Return the value in force on ``on``."""
        return self.period_at(on).value

    def in_force(self, on: dt.date) -> bool:
        """Return whether a (non-null) value is in force on ``on``."""
        return any(p.covers(on) and p.value is not None for p in self.periods)

    def breakpoints(self) -> list[dt.date]:
        """Return every date on which the parameter's value may change."""
        dates: set[dt.date] = set()
        for period in self.periods:
            dates.add(period.start)
            if period.end is not None:
                dates.add(period.end + dt.timedelta(days=1))
        return sorted(dates)
