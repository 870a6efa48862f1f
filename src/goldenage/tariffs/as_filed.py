"""The law as it was filed on entry summaries, where it differs from the law as amended.

The collected basis (:mod:`goldenage.tariffs.collected`) counts the duty as importers filed it,
as Census does. The law as amended can differ from it when an order is retroactive to entries
made before its HTSUS headings existed: EO 14345 (90 FR 44638) made Japan's 15% inclusive
reciprocal rate (9903.02.72/.73) retroactive to entries from 2025-08-07, but the headings
first appear in HTSUS 2025 Revision 23, implemented from 2025-09-16; entries of
2025-08-07..2025-09-15 were filed under 9903.02.30 of EO 14326 (90 FR 37963), column 1 plus
15% stacked (``../shared/reference/us_tariffs_japan.md``, A7). The dated parameters
``us.ieepa.reciprocal.as_filed_jp_stacked_rate`` and ``..._heading`` say so; on their days the
law as filed charges that stacked rate under that heading instead of the inclusive rate
(``jp_floor_rate``). The statutory basis and the duty of a line keep the law as amended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache
from typing import Any

from goldenage.params import Parameter, parameters
from goldenage.params.timeline import Period
from goldenage.tariffs.law import Law, law_for

P = "us.ieepa.reciprocal."
RATE = P + "as_filed_jp_stacked_rate"
HEADING = P + "as_filed_jp_stacked_heading"
# The parameters the law as filed replaces on those days, and the value each takes there.
_REPLACED = ("jp_additional_rate", "jp_additional_heading", "jp_floor_rate")
ONE_DAY = dt.timedelta(days=1)


def is_as_filed(parameter_id: str) -> bool:
    """Return whether a parameter describes the law as filed (read by the collected basis only).

    Such a parameter is no change of the law as amended: a line's timeline cites none of them.
    """
    return parameter_id in (RATE, HEADING)


def windows() -> list[tuple[dt.date, dt.date | None, Period]]:
    """Return the runs of entry dates filed at a stacked rate: (first, last or None, the rate's period)."""
    out = []
    rate = parameters()[RATE]
    for index, period in enumerate(rate.periods):
        if period.value is None:
            continue
        end = period.end
        if end is None and index + 1 < len(rate.periods):
            end = rate.periods[index + 1].start - ONE_DAY
        out.append((period.start, end, period))
    return out


def _days(first: dt.date, last: dt.date | None) -> list[dt.date]:
    last = last or first
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _splice(
    parameter: Parameter, first: dt.date, last: dt.date | None, value: Any, source: Period
) -> Parameter:
    """Return ``parameter`` with ``value`` in force from ``first`` to ``last`` (cited by ``source``)."""
    periods: list[Period] = []
    for period in parameter.periods:
        if period.start < first:
            ends_before = period.end is not None and period.end < first
            periods.append(period if ends_before else dataclasses.replace(period, end=first - ONE_DAY))
        if last is not None and (period.end is None or period.end > last):
            periods.append(dataclasses.replace(period, start=max(period.start, last + ONE_DAY)))
    periods.append(Period(first, last, value, source.reference, source.note))
    periods.sort(key=lambda p: p.start)
    return dataclasses.replace(parameter, periods=tuple(periods))


@cache
def as_filed_law(scenario: str) -> Law | None:
    """Return the law of ``scenario`` as filed, or None where nothing was filed otherwise.

    The stacked rate as filed replaces the inclusive rate only on days where the scenario
    charges the law as amended (the parameters replaced have the actual law's values there):
    a counterfactual that changes Japan's reciprocal rate (``no_deal``, ``liberation_day``)
    has no filing to model and keeps its own law.
    """
    law, actual = law_for(scenario), law_for(None)
    heading = parameters()[HEADING]
    overrides = dict(law.scenario.overrides)
    changed = False
    for first, last, period in windows():
        days = _days(first, last)
        same = all(
            law.value(P + name, day) == actual.value(P + name, day) for name in _REPLACED for day in days
        )
        if not same:
            continue
        values = {
            "jp_additional_rate": period.value,
            "jp_additional_heading": heading.at(first),
            "jp_floor_rate": None,
        }
        for name, value in values.items():
            overrides[P + name] = _splice(law.parameter(P + name), first, last, value, period)
        changed = True
    if not changed:
        return None
    # The same scenario name: the compiled law of this Law object is kept in memory only, never
    # mistaken for the shipped one (goldenage.tariffs.kernel.compiled.compiled).
    return Law(dataclasses.replace(law.scenario, overrides=overrides))


def in_window(day: dt.date) -> bool:
    """Return whether entries of ``day`` were filed at a stacked rate that the law as amended replaced."""
    return any(first <= day and (last is None or day <= last) for first, last, _ in windows())


__all__ = ["HEADING", "RATE", "as_filed_law", "in_window", "is_as_filed", "windows"]
