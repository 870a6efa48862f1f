"""How current the law of an answer is: ``law_as_of`` and the HTSUS revision it used.

Every tariff answer (the JSON of each ``goldenage tariff`` command and ``/api/tariff`` route,
the CLI tables, the web pages) carries

- ``law_as_of``: the latest date up to which the shipped law was checked complete, the
  parameter ``goldenage.law_as_of`` (its newest value, cited; see ``docs/law.md``);
- ``hts_revision``: the HTSUS revision in force on the (last) date the answer is about, or the
  newest in use when the answer has no date (shipped, or added with ``goldenage data
  add-revision``);
- a warning when a date of the answer is after ``law_as_of``, naming the gap: legal changes
  after that date may be missing from it.

:meth:`LawCurrency.stamp` is the one place these keys are added to a JSON answer; the results
themselves (``DutyResult.to_json`` ...) do not carry them, so a result computed by any path is
the same object before it is stamped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import Revision, shipped_revisions

if TYPE_CHECKING:
    from goldenage.provenance.citation import Citation

LAW_AS_OF = "goldenage.law_as_of"


@dataclass(frozen=True)
class LawCurrency:
    """The currency of one answer about the dates ``first``..``last`` (``None``: no date)."""

    law_as_of: dt.date
    citation: Citation
    revision: Revision  # in force on ``last`` (the newest in use when there is no date)
    newest: Revision  # the newest revision in use
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def gap(self) -> tuple[dt.date, dt.date] | None:
        """Return the first and last day of the answer after ``law_as_of``, or ``None``."""
        if self.last is None or self.last <= self.law_as_of:
            return None
        start = max(self.first or self.last, self.law_as_of + dt.timedelta(days=1))
        return start, self.last

    def warning(self) -> str | None:
        """Return the warning naming the gap, or ``None`` when every date is covered."""
        gap = self.gap
        if gap is None:
            return None
        start, end = gap
        days = (end - self.law_as_of).days
        span = f"{end}" if start == end else f"{start} to {end}"
        return (
            f"{span} is after {self.law_as_of}, the date up to which the shipped law was checked "
            f"({days} day{'s' if days != 1 else ''} later): legal changes since then may be missing; "
            f"the newest HTSUS revision in use is {self.newest.edition} (from {self.newest.effective_date})"
        )

    def line(self) -> str:
        """Return the one line the CLI tables and web pages show."""
        return (
            f"Law checked to {self.law_as_of}; HTSUS {self.revision.edition} "
            f"(in force from {self.revision.effective_date})."
        )

    def to_json(self) -> dict[str, Any]:
        """Return ``{law_as_of, hts_revision}`` (the warning goes to ``warnings``, see :meth:`stamp`)."""
        return {"law_as_of": self.law_as_of.isoformat(), "hts_revision": self.revision.edition}

    def stamp(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Return ``payload`` with ``law_as_of``, ``hts_revision`` and the warning in ``warnings``."""
        warnings = list(payload.get("warnings", []))
        warning = self.warning()
        if warning is not None:
            warnings.append(f"warning: {warning}")
        return {**payload, **self.to_json(), "warnings": warnings}


@cache
def law_as_of() -> tuple[dt.date, Citation]:
    """Return the newest value of ``goldenage.law_as_of`` and its citation.

    Its one file is read (strictly, as every parameter file), not the whole parameter set: a
    batch run that reads no parameter still says how current its law is.
    """
    from goldenage.params import load_parameter_file  # noqa: PLC0415 - only when an answer is stamped

    root = data_dir() / "params"
    period = load_parameter_file(root / Path(*LAW_AS_OF.split(".")).with_suffix(".yaml"), root).periods[-1]
    return period.value, period.reference


def law_currency(first: dt.date | None = None, last: dt.date | None = None) -> LawCurrency:
    """Return the currency of an answer about ``first``..``last`` (one date: ``first`` only)."""
    end = last if last is not None else first
    day, citation = law_as_of()
    revisions = shipped_revisions()
    revision = revisions[-1]
    if end is not None:  # the one in force on ``end`` (the first before any), as revision_in_force
        effective = [r.effective_date for r in revisions]
        revision = revisions[max(bisect.bisect_right(effective, end) - 1, 0)]
    return LawCurrency(day, citation, revision, revisions[-1], first, end)


__all__ = ["LAW_AS_OF", "LawCurrency", "law_as_of", "law_currency"]
