"""What one entry line pays: the single-line duty engine behind ``goldenage tariff duty``.

The engine resolves the HTSUS line in force on the entry date (19 CFR 141.69), applies
its column 1 rate and adds the user fees. Every amount carries its citation.
"""

from __future__ import annotations

import datetime as dt

from goldenage.tariffs.errors import AmbiguousHTSCodeError
from goldenage.tariffs.fees import fees_for
from goldenage.tariffs.hts_code import format_code, parse_hts_code
from goldenage.tariffs.inputs import (
    parse_date,
    parse_quantity,
    parse_transport,
    parse_value,
)
from goldenage.tariffs.mfn import column1_component
from goldenage.tariffs.origins import Origin, parse_origin
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import parse_scenario
from goldenage.tariffs.schedule import HTSLine, schedule
from goldenage.tariffs.units import canonical_unit

SCOPE_NOTE = (
    "Column 1 duty and fees only: the Chapter 99 additional duties (IEEPA, Sections 232, "
    "122 and 301) are not modelled in this version."
)


def duty(  # noqa: PLR0913 - mirrors the CLI's options one to one
    hts: str,
    origin: str,
    entry_date: str | dt.date,
    customs_value: str | float,
    quantity: str | float | None = None,
    unit: str | None = None,
    transport: str | None = None,
    scenario: str | None = None,
    preference: str | None = None,
) -> DutyResult:
    """Return what one entry line of ``hts`` from ``origin`` pays on ``entry_date``.

    Example:
        >>> r = duty("8703.23.01.90", "JP", "2025-03-01", 30_000)
        >>> r.duty_total, r.duty_rate
        (750.0, 0.025)

    ``hts`` takes 10 digits (dots optional) or 8 digits when the answer does not depend on
    the statistical suffix. ``quantity`` (in ``unit``, default the rate's unit) is needed
    for specific and compound rates. ``transport`` (ocean, air, land; default ocean)
    decides the Harbor Maintenance Fee. Raises :class:`~goldenage.errors.InputError`
    subclasses naming the field for any bad input.

    """
    code = parse_hts_code(hts)
    the_origin = parse_origin(origin)
    on = parse_date(entry_date)
    value = parse_value(customs_value)
    qty = parse_quantity(quantity)
    the_unit = canonical_unit(unit) if unit is not None else None
    mode = parse_transport(transport)
    the_scenario = parse_scenario(scenario)
    lines = schedule().resolve(code, on)
    results = [
        _for_line(line, the_origin, on, value, qty, the_unit, mode, the_scenario, preference)
        for line in lines
    ]
    first = results[0]
    differing = [r for r in results if (r.duties, r.fees) != (first.duties, first.fees)]
    if differing:
        suffixes = ", ".join(format_code(line.code) for line in lines)
        msg = f"the duty on {format_code(code)} depends on the statistical suffix ({suffixes})"
        field = "--hts"
        raise AmbiguousHTSCodeError(field, msg, "the full 10-digit code")
    if len(results) == 1:
        return first
    return DutyResult(
        hts10=code,
        origin=first.origin,
        entry_date=on,
        customs_value=value,
        scenario=the_scenario,
        duties=first.duties,
        fees=first.fees,
        description=(schedule().find(code, on) or lines[0]).description,
        hts_revision=first.hts_revision,
        notes=first.notes,
    )


def _for_line(  # noqa: PLR0913
    line: HTSLine,
    origin: Origin,
    on: dt.date,
    value: float,
    quantity: float | None,
    unit: str | None,
    transport: str,
    scenario: str,
    preference: str | None,
) -> DutyResult:
    component = column1_component(line, origin, value, quantity, unit, preference)
    notes = [SCOPE_NOTE]
    latest = schedule().latest
    if line.revision == latest and on > latest.effective_date:
        notes.append(
            f"{latest.edition} (in force from {latest.effective_date}) is the newest revision "
            "in the shipped data; later revisions are not reflected."
        )
    return DutyResult(
        hts10=line.code,
        origin=origin.code,
        entry_date=on,
        customs_value=value,
        scenario=scenario,
        duties=(component,),
        fees=fees_for(value, on, transport),  # type: ignore[arg-type]
        description=line.description,
        hts_revision=line.revision.edition,
        notes=tuple(notes),
    )
