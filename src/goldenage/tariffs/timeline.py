"""The duty rate of one line over time, as change points with the instruments behind them.

Candidate dates are every date on which a parameter, a scope list or the HTSUS revision in
force may change between the two dates; the duty is computed on each and a change point is
kept where the components or the rate change. The causes of a change are the citations of
the parameters and lists of the changed authorities that start or end that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from goldenage.errors import InputError
from goldenage.params import parameters
from goldenage.provenance.citation import Citation
from goldenage.tariffs.calc import duty
from goldenage.tariffs.declarations import Declarations
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.kernel.engine import MODULES
from goldenage.tariffs.law import law_for
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.scopes import scope


@dataclass(frozen=True)
class ChangePoint:
    """From ``date`` on (until the next point), the line pays ``result``."""

    date: dt.date
    result: DutyResult | None
    error: str | None
    changed: tuple[str, ...]
    causes: tuple[Citation, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the change point as JSON-ready data."""
        result = self.result
        return {
            "date": self.date.isoformat(),
            "duty_rate": result.duty_rate if result else None,
            "duty_total": result.duty_total if result else None,
            "components": [d.to_json() for d in result.duties] if result else [],
            "changed": list(self.changed),
            "causes": [c.to_json() for c in self.causes],
            "error": self.error,
        }


def _signature(result: DutyResult | None, error: str | None) -> tuple:
    if result is None:
        return ("error", error)
    return tuple((d.authority, d.heading, d.rate_text, d.amount) for d in result.duties)


def _candidates(start: dt.date, end: dt.date, scenario: str) -> list[dt.date]:
    law = law_for(scenario)
    dates = set(law.breakpoints())
    for module in MODULES.values():
        for list_id in module.SCOPES:
            dates |= scope(list_id).breakpoints()
    dates |= {revision.effective_date for revision in schedule().revisions}
    return [start, *sorted(d for d in dates if start < d <= end)]


def _causes(day: dt.date, authorities: tuple[str, ...], scenario: str) -> tuple[Citation, ...]:
    law = law_for(scenario)
    found: dict[Citation, None] = {}
    for authority in authorities:
        if authority == "mfn":
            found[schedule().revision_at(day).cite("the revision in force from this date")] = None
            continue
        module = MODULES[authority]
        for base in parameters():
            if base.id.startswith(module.P):
                for period in law.parameter(base.id).periods:
                    if period.start == day:
                        found[period.reference] = None
        for list_id in module.SCOPES:
            listed = scope(list_id)
            if day in listed.breakpoints():
                for citation in listed.metadata.reference:
                    found[citation] = None
    return tuple(found)


def timeline(  # noqa: PLR0913 - mirrors the CLI's options
    hts: str,
    origin: str,
    start: str | dt.date,
    end: str | dt.date,
    customs_value: float = 10_000.0,
    quantity: float | None = None,
    unit: str | None = None,
    scenario: str | None = None,
    preference: str | None = None,
    declarations: Declarations | None = None,
) -> list[ChangePoint]:
    """Return the change points of the duty on one line between ``start`` and ``end``."""
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if last < first:
        msg = f"{last} is before --from {first}"
        field = "--to"
        raise InputError(field, msg, "a date on or after --from")
    name = get_scenario(scenario).name
    schedule().revision_at(first, "--from")
    schedule().revision_at(last, "--to")
    points: list[ChangePoint] = []
    previous: tuple | None = None
    for day in _candidates(first, last, name):
        try:
            result = duty(
                hts,
                origin,
                day,
                customs_value,
                quantity,
                unit,
                None,
                name,
                preference,
                declarations,
            )
            error = None
        except InputError as err:
            if day == first:
                raise
            result, error = None, str(err)
        signature = _signature(result, error)
        if signature == previous:
            continue
        if points:
            before, after = _by_authority(previous), _by_authority(signature)
            changed = tuple(sorted(a for a in before.keys() | after.keys() if before.get(a) != after.get(a)))
            points.append(ChangePoint(day, result, error, changed, _causes(day, changed, name)))
        else:
            points.append(ChangePoint(day, result, error, (), ()))
        previous = signature
    return points


def _by_authority(signature: tuple | None) -> dict[str, set[tuple]]:
    grouped: dict[str, set[tuple]] = {}
    if signature and signature[0] != "error":
        for component in signature:
            grouped.setdefault(component[0], set()).add(component)
    return grouped
