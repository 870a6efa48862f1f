"""The duty rate of one line over time, as change points with the instruments behind them.

Candidate dates are every date on which a parameter, a scope list or the HTSUS revision in
force may change between the two dates; the duty is computed on each and a change point is
kept where the rate charged by some authority changes (a date on which only a heading or an
exemption's wording changes, the amounts staying the same, is not a change of the rate).

The causes of a change are the instruments that changed this line's duty that day, for each
authority whose rate changed: the legal basis of its new state that its old state did not
have (the new Chapter 99 heading's instrument, the new HTSUS revision for column 1); the scope
lists whose membership of this line changed that day (the list's instrument that names the
day); and, only when neither explains it (a duty ending, a rate changing under the same
heading), the authority's parameters whose value starts or ends that day and the notes of the
list rows that changed (``reasons``). Each instrument is listed once (by its title).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from goldenage.errors import InputError
from goldenage.params import parameters
from goldenage.provenance.citation import Citation
from goldenage.tariffs.as_filed import is_as_filed
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
    """From ``date`` on (until the next point), the line pays ``result``.

    ``changed`` are the authorities whose rate changed that day, ``causes`` the instruments
    that changed them and ``reasons`` the scope lists' own notes on this line's change.
    """

    date: dt.date
    result: DutyResult | None
    error: str | None
    changed: tuple[str, ...]
    causes: tuple[Citation, ...]
    reasons: tuple[str, ...] = ()

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
            "reasons": list(self.reasons),
            "error": self.error,
        }


def _signature(result: DutyResult | None, error: str | None) -> tuple:
    """Return what a change point compares: the amount charged by each authority (or the error)."""
    if result is None:
        return ("error", error)
    charged: dict[str, float] = {}
    for component in result.duties:
        charged[component.authority] = round(charged.get(component.authority, 0.0) + component.amount, 2)
    return tuple(sorted((authority, amount) for authority, amount in charged.items() if amount))


def _candidates(start: dt.date, end: dt.date, scenario: str) -> list[dt.date]:
    law = law_for(scenario)
    dates = set(law.breakpoints())
    for module in MODULES.values():
        for list_id in module.SCOPES:
            dates |= scope(list_id).breakpoints()
    dates |= {revision.effective_date for revision in schedule().revisions}
    return [start, *sorted(d for d in dates if start < d <= end)]


def _basis(result: DutyResult | None, authority: str) -> dict[Citation, None]:
    """Return the citations of an authority's components and decision in ``result``, in order."""
    found: dict[Citation, None] = {}
    if result is None:
        return found
    for component in result.duties:
        if component.authority == authority:
            found[component.citation] = None
    for decision in result.decisions:
        if decision.authority == authority:
            found.update(dict.fromkeys(decision.citations))
    return found


def _mentions(citation: Citation, day: dt.date) -> bool:
    """Return whether a citation's text names ``day`` (ISO or "April 5, 2025")."""
    text = " ".join(filter(None, (citation.title, citation.document, citation.section, citation.note)))
    spelled = f"{day:%B} {day.day}, {day.year}"
    return day.isoformat() in text or spelled in text


def _scope_changes(code: str, day: dt.date, authority: str) -> tuple[dict[Citation, None], list[str]]:
    """Return the dated instruments and row notes of the scope lists whose match of ``code`` changed."""
    causes: dict[Citation, None] = {}
    reasons: list[str] = []
    before = day - dt.timedelta(days=1)
    for list_id in MODULES[authority].SCOPES:
        listed = scope(list_id)
        if day not in listed.breakpoints():
            continue
        old, new = listed.match(code, before), listed.match(code, day)
        if old == new:
            continue
        dated = [c for c in listed.metadata.reference if _mentions(c, day)]
        causes.update(dict.fromkeys(dated))
        row = new if new is not None else old
        if not dated and row is not None and row.note and row.note not in reasons:
            reasons.append(row.note)  # no instrument of the list names the day: the row's own dating
    return causes, reasons


def _parameters_changed(day: dt.date, authority: str, scenario: str) -> dict[Citation, None]:
    """Return the references of the authority's parameters whose value starts or ends on ``day``."""
    law = law_for(scenario)
    prefix = MODULES[authority].P
    found: dict[Citation, None] = {}
    for base in parameters():
        if not base.id.startswith(prefix) or is_as_filed(base.id):
            continue
        periods = law.parameter(base.id).periods
        starting = [p for p in periods if p.start == day]
        ending = [p for p in periods if p.end is not None and p.end + dt.timedelta(days=1) == day]
        found.update(dict.fromkeys(p.reference for p in starting or ending))
    return found


def _by_instrument(citations: dict[Citation, None]) -> tuple[Citation, ...]:
    """Return the citations with each instrument (its title) once, the first kept."""
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.title, citation)
    return tuple(seen.values())


def _causes(
    day: dt.date,
    changed: tuple[str, ...],
    old: DutyResult | None,
    new: DutyResult | None,
    scenario: str,
) -> tuple[tuple[Citation, ...], tuple[str, ...]]:
    """Return the instruments that changed each authority in ``changed`` on ``day``, and the list notes."""
    found: dict[Citation, None] = {}
    reasons: list[str] = []
    code = (new or old).hts10 if (new or old) else None
    for authority in changed:
        before = _basis(old, authority)
        basis = {c: None for c in _basis(new, authority) if c not in before}
        if authority == "mfn":
            revision = schedule().revision_at(day).cite("the revision in force from this date")
            found.update(basis or {revision: None})
            continue
        listed, notes = _scope_changes(code, day, authority) if code else ({}, [])
        found.update(basis)
        found.update(listed)
        if not basis and not listed:
            reasons.extend(n for n in notes if n not in reasons)
            found.update(_parameters_changed(day, authority, scenario))
    return _by_instrument(found), tuple(reasons)


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
            causes, reasons = _causes(day, changed, points[-1].result, result, name)
            points.append(ChangePoint(day, result, error, changed, causes, reasons))
        else:
            points.append(ChangePoint(day, result, error, (), ()))
        previous = signature
    return points


def _by_authority(signature: tuple | None) -> dict[str, float]:
    """Return the amount charged by each authority of a signature (none for an error)."""
    if not signature or signature[0] == "error":
        return {}
    return dict(signature)
