"""Which in-transit savings clauses could apply to an entry, and their loading cut-offs.

The clauses are dated parameters of the blanket layers (``<layer>.in_transit_exempt_*`` and
``us.ieepa.reciprocal.in_transit_prior_*``; the rule is
:mod:`goldenage.tariffs.authorities.in_transit`): each has a loading cut-off (goods loaded
before it), a window of entry dates (the parameter's period), a heading and a treatment (no
duty of the layer, or an earlier rate instead). :func:`clauses_in_force` lists the clauses of
a law on an entry date; :func:`line_clauses` says, for one line, which of them would change its
duty and what it would pay if loaded before each cut-off.

For many lines at once (the share of a day's entries in transit), evaluate a frame whose
``loaded_on`` column holds, per clause, the day before its cut-off (the compiled law keys the
loading date by the cut-offs, so this costs a key per clause, not per date).

Every clause speaks of goods "loaded onto a vessel at the port of loading and in transit on the
final mode of transit": ``vessel_only`` (``<clause>_vessel_only``; 19 U.S.C. 1401(a), CBP IEEPA
FAQ of 2025-04-30) says that goods entered by air or land do not qualify.

Law: HTSUS headings 9903.01.28, 9903.01.53, 9903.02.72/.73, 9903.03.02, 9903.05.85 (see
docs/law.md, "In-transit goods").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from goldenage.params import parameters
from goldenage.provenance.citation import Citation
from goldenage.tariffs.declarations import Declarations
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.law import Law, law_for
from goldenage.tariffs.scenarios import get_scenario

Treatment = Literal["exempt", "earlier rate"]
_SUFFIX = "_loaded_before"
_KINDS = {"in_transit_exempt": "exempt", "in_transit_prior": "earlier rate"}


@dataclass(frozen=True)
class InTransitClause:
    """One in-transit clause in force on an entry date.

    Goods loaded before ``loaded_before`` and entered from ``first_entry`` to ``last_entry``
    (inclusive; the instrument's "entered before" date is the day after) are reported under
    ``heading``: with no duty of the layer (``exempt``) or at ``rate`` (``earlier rate``).
    """

    authority: str  # ieepa_reciprocal, s122, s301
    heading: str
    treatment: Treatment
    rate: float | None
    loaded_before: dt.date
    first_entry: dt.date
    last_entry: dt.date | None
    citation: Citation
    parameter: str  # the id of the cut-off parameter
    vessel_only: bool = True  # the clause covers goods loaded onto a vessel only (not air or land)

    def to_json(self) -> dict[str, Any]:
        """Return the clause as JSON-ready data."""
        return {
            "authority": self.authority,
            "heading": self.heading,
            "treatment": self.treatment,
            "rate": self.rate,
            "loaded_before": self.loaded_before.isoformat(),
            "first_entry": self.first_entry.isoformat(),
            "last_entry": None if self.last_entry is None else self.last_entry.isoformat(),
            "citation": self.citation.to_json(),
            "parameter": self.parameter,
            "vessel_only": self.vessel_only,
        }


@dataclass(frozen=True)
class LineClause:
    """A clause in force for one line: whether it changes the line's duty and to what."""

    clause: InTransitClause
    applies: bool  # loading before the cut-off changes the duty of this line
    duty_total: float  # the duty if loaded on or after every cut-off (no clause)
    duty_total_in_transit: float  # the duty if loaded the day before this clause's cut-off

    def to_json(self) -> dict[str, Any]:
        """Return the clause and its effect as JSON-ready data."""
        return {
            **self.clause.to_json(),
            "applies": self.applies,
            "duty_total": self.duty_total,
            "duty_total_in_transit": self.duty_total_in_transit,
        }


def _authority_of(parameter_id: str) -> str:
    from goldenage.tariffs.kernel.engine import MODULES  # noqa: PLC0415 - loads the rules

    for name, module in MODULES.items():
        if parameter_id.startswith(module.P):
            return name
    msg = f"{parameter_id} belongs to no authority"
    raise ValueError(msg)


def clauses_in_force(entry_date: str | dt.date, scenario: str | None = None) -> list[InTransitClause]:
    """Return the in-transit clauses of the law of ``scenario`` open to entries on ``entry_date``."""
    on = parse_date(entry_date)
    law = law_for(get_scenario(scenario).name)
    return [clause for clause in all_clauses(law) if _covers(clause, on)]


def _covers(clause: InTransitClause, on: dt.date) -> bool:
    return clause.first_entry <= on and (clause.last_entry is None or on <= clause.last_entry)


def all_clauses(law: Law) -> list[InTransitClause]:
    """Return every in-transit clause of ``law``, in order of loading cut-off."""
    found: list[InTransitClause] = []
    for base in parameters():
        if not base.id.startswith("us.") or not base.id.endswith(_SUFFIX):
            continue
        stem = base.id[: -len(_SUFFIX)]
        prefix, kind = stem.rsplit(".", 1)
        if kind not in _KINDS:
            continue
        for period in law.parameter(base.id).periods:
            if period.value is None:
                continue
            heading = law.value(f"{stem}_heading", period.start)
            rate = law.value(f"{stem}_rate", period.start) if kind == "in_transit_prior" else None
            vessel_only = law.value(f"{stem}_vessel_only", period.start) is True
            found.append(
                InTransitClause(
                    authority=_authority_of(prefix + "."),
                    heading=str(heading),
                    treatment=_KINDS[kind],  # type: ignore[arg-type]
                    rate=rate,
                    loaded_before=period.value,
                    first_entry=period.start,
                    last_entry=period.end,
                    citation=period.reference,
                    parameter=base.id,
                    vessel_only=vessel_only,
                )
            )
    return sorted(found, key=lambda c: (c.loaded_before, c.authority, c.heading))


def line_clauses(  # noqa: PLR0913 - the entry as duty() takes it
    hts: str,
    entry_date: str | dt.date,
    customs_value: str | float = 10_000.0,
    origin: str = "JP",
    quantity: str | float | None = None,
    unit: str | None = None,
    scenario: str | None = None,
    preference: str | None = None,
    declarations: Declarations | None = None,
    transport: str | None = None,
) -> list[LineClause]:
    """Return the in-transit clauses open on ``entry_date`` with their effect on this line.

    ``declarations`` are the line's other declarations (a declared ``loaded_on`` is ignored:
    each clause is tried with the day before its cut-off, the answer without a clause with the
    entry date itself as loading date). ``transport`` is the mode of transport (default ocean):
    a clause of goods loaded onto a vessel (``vessel_only``) changes nothing for air or land.
    """
    from goldenage.tariffs.calc import duty  # noqa: PLC0415 - calc imports the rules

    on = parse_date(entry_date)
    facts = {**(declarations.declared() if declarations else {}), "loaded_on": on}
    base = duty(
        hts, origin, on, customs_value, quantity, unit, transport, scenario, preference, Declarations(**facts)
    )
    out = []
    for clause in clauses_in_force(on, scenario):
        loaded = clause.loaded_before - dt.timedelta(days=1)
        spared = duty(
            hts,
            origin,
            on,
            customs_value,
            quantity,
            unit,
            transport,
            scenario,
            preference,
            Declarations(**{**facts, "loaded_on": loaded}),
        )
        out.append(
            LineClause(clause, spared.duty_total != base.duty_total, base.duty_total, spared.duty_total)
        )
    return out


__all__ = ["InTransitClause", "LineClause", "all_clauses", "clauses_in_force", "line_clauses"]
