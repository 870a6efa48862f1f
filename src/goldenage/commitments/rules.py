"""Deadline rules as data: the due date of a commitment is always computed from its rule.

Kinds (``kind`` in the seed file, ``deadline_kind`` in the database):

``none``
    no deadline was stated; no due date.
``within_days``  (``days``, ``from``)
    ``from`` + ``days`` calendar days: "within 180 days of 2025-10-28" is due 2026-04-26.
``within_months``  (``months``, ``from``)
    the same day of the month ``months`` later; a day that the target month lacks is clamped to
    its last day: 2025-08-31 + 6 months = 2026-02-28, and 2024-02-29 + 12 months = 2025-02-28.
``by_date``  (``date``)
    the date itself (a deadline the source gives as a date).
``business_days_after``  (``days``, ``from``)
    the ``days``-th US federal business day after ``from`` (``from`` itself is not counted;
    weekends and observed federal holidays are skipped, see :mod:`goldenage.commitments.holidays`).
``per_year``  (``from``, optional ``years``)
    recurring: the k-th period ends on ``from`` + k years (clamped as above) minus one day, so a
    period from 2026-01-01 ends 2026-12-31. The due date is the end of the first period;
    ``years`` bounds the number of periods (open-ended without it).

``from`` defaults to the date the commitment was made. Every rule keeps ``quote`` (the deadline as
the source words it) and ``note`` (our reading, an assumption, or a disagreement between sources).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from goldenage.commitments.holidays import add_business_days
from goldenage.errors import DataFileError

KINDS = ("none", "within_days", "within_months", "by_date", "business_days_after", "per_year")
OPEN_ENDED_OCCURRENCES = 10
"""How many periods of an open-ended ``per_year`` rule are listed (show, calendar export)."""


def add_months(start: dt.date, months: int) -> dt.date:
    """Return ``start`` moved by ``months`` months, clamped to the end of the target month.

    2025-01-31 + 1 month = 2025-02-28; 2024-01-31 + 1 month = 2024-02-29 (leap year).
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


class RuleBase(BaseModel):
    """Fields and methods shared by every deadline rule."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    quote: str | None = Field(default=None, max_length=300)
    note: str | None = None

    def due_date(self) -> dt.date | None:
        """Return the (first) due date computed from the rule."""
        raise NotImplementedError

    def occurrences(self) -> list[dt.date]:
        """Return every due date of the rule (several only for a recurring rule)."""
        due = self.due_date()
        return [] if due is None else [due]

    def describe(self) -> str:
        """Return the rule in words, with its dates."""
        raise NotImplementedError

    def anchored(self, made_on: dt.date) -> RuleBase:
        """Return the rule with ``from`` filled in (default: the date the commitment was made)."""
        if getattr(self, "anchor", False) is None:
            return self.model_copy(update={"anchor": made_on})
        return self


class NoDeadline(RuleBase):
    """No deadline was stated."""

    kind: Literal["none"]

    def due_date(self) -> dt.date | None:
        """Return None: there is no due date."""
        return None

    def describe(self) -> str:
        """Return the rule in words."""
        return "no deadline stated"


class WithinDays(RuleBase):
    """Due ``days`` calendar days after ``from``."""

    kind: Literal["within_days"]
    days: int = Field(ge=1, le=36_500)
    anchor: dt.date | None = Field(default=None, alias="from")

    def due_date(self) -> dt.date:
        """Return ``from`` + ``days``."""
        return _anchor(self) + dt.timedelta(days=self.days)

    def describe(self) -> str:
        """Return the rule in words."""
        return f"within {self.days} days of {_anchor(self).isoformat()}"


class WithinMonths(RuleBase):
    """Due ``months`` months after ``from`` (clamped to the end of a shorter month)."""

    kind: Literal["within_months"]
    months: int = Field(ge=1, le=1_200)
    anchor: dt.date | None = Field(default=None, alias="from")

    def due_date(self) -> dt.date:
        """Return ``from`` + ``months`` months, clamped."""
        return add_months(_anchor(self), self.months)

    def describe(self) -> str:
        """Return the rule in words."""
        return f"within {self.months} months of {_anchor(self).isoformat()}"


class ByDate(RuleBase):
    """Due on a date given by the source."""

    kind: Literal["by_date"]
    date: dt.date

    def due_date(self) -> dt.date:
        """Return the date."""
        return self.date

    def describe(self) -> str:
        """Return the rule in words."""
        return f"by {self.date.isoformat()}"


class BusinessDaysAfter(RuleBase):
    """Due on the ``days``-th US federal business day after ``from``."""

    kind: Literal["business_days_after"]
    days: int = Field(ge=1, le=2_500)
    anchor: dt.date | None = Field(default=None, alias="from")

    def due_date(self) -> dt.date:
        """Return the ``days``-th business day after ``from``."""
        return add_business_days(_anchor(self), self.days)[0]

    def describe(self) -> str:
        """Return the rule in words."""
        return f"{self.days} US federal business days after {_anchor(self).isoformat()}"


class PerYear(RuleBase):
    """Recurring every year from ``from``; ``years`` periods (open-ended if absent)."""

    kind: Literal["per_year"]
    anchor: dt.date | None = Field(default=None, alias="from")
    years: int | None = Field(default=None, ge=1, le=100)

    def period_end(self, k: int) -> dt.date:
        """Return the last day of the k-th period (k >= 1): ``from`` + k years - 1 day."""
        return add_months(_anchor(self), 12 * k) - dt.timedelta(days=1)

    def due_date(self) -> dt.date:
        """Return the end of the first period."""
        return self.period_end(1)

    def occurrences(self) -> list[dt.date]:
        """Return the end of every period (the first ``OPEN_ENDED_OCCURRENCES`` if open-ended)."""
        count = self.years if self.years is not None else OPEN_ENDED_OCCURRENCES
        return [self.period_end(k) for k in range(1, count + 1)]

    def describe(self) -> str:
        """Return the rule in words."""
        span = f", {self.years} years" if self.years else ", open-ended"
        return f"every year from {_anchor(self).isoformat()}{span}"


def _anchor(rule: Any) -> dt.date:
    if rule.anchor is None:
        msg = f"the {rule.kind} rule has no 'from' date; call anchored(made_on) first"
        raise ValueError(msg)
    return rule.anchor


DeadlineRule = Annotated[
    NoDeadline | WithinDays | WithinMonths | ByDate | BusinessDaysAfter | PerYear,
    Field(discriminator="kind"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(DeadlineRule)


def parse_rule(raw: dict[str, Any]) -> RuleBase:
    """Validate a rule given as a mapping (seed file form, ``from`` as the anchor key)."""
    return _ADAPTER.validate_python(raw)


def rule_to_row(rule: RuleBase) -> dict[str, Any]:
    """Return the database columns of an anchored rule (``deadline_*``)."""
    data = rule.model_dump()
    count = data.get("days", data.get("months", data.get("years")))
    return {
        "deadline_kind": data["kind"],
        "deadline_count": count,
        "deadline_anchor": data.get("anchor"),
        "deadline_date": data.get("date"),
        "deadline_quote": rule.quote,
        "deadline_note": rule.note,
    }


_COUNT_FIELD = {"within_days": "days", "within_months": "months", "business_days_after": "days"}


def rule_from_row(row: dict[str, Any]) -> RuleBase:
    """Rebuild a rule from its ``deadline_*`` columns (inverse of :func:`rule_to_row`)."""
    kind = row["deadline_kind"]
    raw: dict[str, Any] = {"kind": kind, "quote": row["deadline_quote"], "note": row["deadline_note"]}
    if kind in _COUNT_FIELD:
        raw[_COUNT_FIELD[kind]] = row["deadline_count"]
    if kind == "per_year" and row["deadline_count"] is not None:
        raw["years"] = row["deadline_count"]
    if kind in ("within_days", "within_months", "business_days_after", "per_year"):
        raw["from"] = row["deadline_anchor"]
    if kind == "by_date":
        raw["date"] = row["deadline_date"]
    try:
        return parse_rule(raw)
    except ValidationError as err:
        msg = f"stored deadline rule is invalid ({raw}): {err.errors()[0]['msg']}"
        raise DataFileError(msg) from err
