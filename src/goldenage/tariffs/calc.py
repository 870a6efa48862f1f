"""What one entry line pays: the single-line duty engine behind ``goldenage tariff duty``.

The engine resolves the HTSUS line in force on the entry date (19 CFR 141.69), applies the
authorities in their order of precedence (:mod:`goldenage.tariffs.kernel.engine`) under the
chosen scenario, and adds the user fees. Every amount carries its citation, and every
authority considered leaves a decision saying whether and why it applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.declaration_effects import (
    DeclarationEffect,
    evaluate_declaration_effects,
    plain_declaration_effects,
)
from goldenage.tariffs.declarations import DECLARATIONS, REGISTRY, Declarations, parse_declarations
from goldenage.tariffs.errors import AmbiguousHTSCodeError
from goldenage.tariffs.hts_code import format_code, parse_hts_code
from goldenage.tariffs.inputs import (
    Transport,
    parse_date,
    parse_quantity,
    parse_transport,
    parse_value,
)
from goldenage.tariffs.kernel.engine import evaluate
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.render import render, row_result
from goldenage.tariffs.kernel.table import open_table
from goldenage.tariffs.law import law_for
from goldenage.tariffs.origins import parse_origin
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.schedule import HTSLine, schedule
from goldenage.tariffs.units import canonical_unit

_NOTHING_DECLARED = Declarations()


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
    declarations: Declarations | None = None,
    effects: bool = False,
) -> DutyResult:
    """Return what one entry line of ``hts`` from ``origin`` pays on ``entry_date``.

    Example:
        >>> r = duty("8703.23.01.90", "JP", "2025-03-01", 30_000)
        >>> r.duty_total, r.duty_rate
        (750.0, 0.025)

    ``hts`` takes 10 digits (dots optional) or 8 digits when the answer does not depend on
    the statistical suffix. ``quantity`` (in ``unit``, default the rate's unit) is needed
    for specific and compound rates. ``transport`` (ocean, air, land; default ocean)
    decides the Harbor Maintenance Fee. ``scenario`` names a parameter overlay (default
    ``actual``); ``declarations`` carries the importer's facts (metal content, civil
    aircraft use, pharmaceutical status...). ``effects=True`` adds the declarations that would
    change the answer, with the duty under each value
    (:func:`declarations_that_change_this`). Bad input raises
    :class:`~goldenage.errors.InputError` subclasses naming the field.

    """
    code = parse_hts_code(hts)
    the_origin = parse_origin(origin)
    on = parse_date(entry_date)
    value = parse_value(customs_value)
    qty = parse_quantity(quantity)
    the_unit = canonical_unit(unit) if unit is not None else None
    mode = parse_transport(transport)
    name = get_scenario(scenario).name
    facts = declarations or _NOTHING_DECLARED
    if facts.metal_value is not None and facts.metal_value > value:
        msg = f"{facts.metal_value:,.2f} exceeds the customs value ({value:,.2f})"
        field = "--metal-value"
        raise InputError(field, msg, "a value in USD between 0 and the customs value")
    declared_facts = facts.declared()  # what differs from the defaults (a date's is None)
    for declaration_name, declared in declared_facts.items():
        declaration = DECLARATIONS[declaration_name]
        if declaration.not_after_entry and declared is not None and declared > on:
            msg = f"{declared} is after the entry date {on}"
            raise InputError(declaration.option, msg, f"a date on or before the entry date ({on})")
    if preference is not None and preference.strip().upper() not in the_origin.preference_programs:
        msg = f"program {preference!r} is not available to goods of {the_origin.name}"
        field = "--preference"
        raise InputError(field, msg, ", ".join(the_origin.preference_programs) or "no program")
    lines = schedule().resolve(code, on)
    plain = preference is None and not declared_facts
    results = _compiled_ahead(lines, on, value, mode, name) if plain else None
    if results is None:
        law = law_for(name)
        frame = _frame([line.code for line in lines], on, value, qty, the_unit, mode, preference, facts)
        state = evaluate(frame, law)
        for row in range(len(lines)):
            if frame.failed[row]:
                raise frame.error[row]
        results = [row_result(state, row, name) for row in range(len(lines))]
    first = results[0]
    differing = [r for r in results if (r.duties, r.fees) != (first.duties, first.fees)]
    if differing:
        suffixes = ", ".join(format_code(line.code) for line in lines)
        msg = f"the duty on {format_code(code)} depends on the statistical suffix ({suffixes})"
        field = "--hts"
        raise AmbiguousHTSCodeError(field, msg, "the full 10-digit code")
    if effects:
        if plain and qty is None and the_unit is None:  # rates per dollar kept per line
            found = plain_declaration_effects(lines[0].code, on, value, law_for(name))
        else:
            found = evaluate_declaration_effects(
                lines[0].code, on, value, law_for(name), qty, the_unit, mode, _program(preference), facts
            )
        first = replace(first, declarations_that_change_this=tuple(found))
    if len(results) == 1:
        return first
    return DutyResult(
        hts10=code,
        origin=first.origin,
        entry_date=on,
        customs_value=value,
        scenario=first.scenario,
        duties=first.duties,
        fees=first.fees,
        description=(schedule().find(code, on) or lines[0]).description,
        hts_revision=first.hts_revision,
        notes=first.notes,
        decisions=first.decisions,
        defaults_used=first.defaults_used,
        declarations_that_change_this=first.declarations_that_change_this,
    )


def _compiled_ahead(
    lines: list[HTSLine],
    on: dt.date,
    value: float,
    transport: Transport,
    scenario: str,
) -> list[DutyResult] | None:
    """Return the results of a plain entry from the law compiled ahead, or ``None`` if it lacks one.

    A plain entry claims no preference and declares nothing (any quantity is ignored where the
    rate needs none): the key of each line is then in the table of ``goldenage tariff compile``
    (:mod:`goldenage.tariffs.kernel.table`), compiled by these rules and data, unless the key
    is refused or needs a quantity (the rules answer those).
    """
    table = open_table(scenario)
    if table is None:
        return None
    explained = [table.explanation(line.code, on) for line in lines]
    if any(e is None for e in explained):
        return None
    ocean = transport == "ocean"
    return [
        render(e, line=line, code=line.code, day=on, value=value, ocean=ocean, scenario=scenario)  # type: ignore[arg-type]
        for e, line in zip(explained, lines, strict=True)
    ]


def _frame(  # noqa: PLR0913
    codes: list[str],
    on: dt.date,
    value: float,
    quantity: float | None,
    unit: str | None,
    transport: Transport,
    preference: str | None,
    facts: Declarations,
) -> EntryFrame:
    """Return a frame of one row per code, all with the same entry facts."""
    n = len(codes)
    program = _program(preference)
    return EntryFrame.of(
        code=codes,
        day=[on] * n,
        value=[value] * n,
        quantity=[np.nan if quantity is None else quantity] * n,
        unit=[unit] * n,
        transport=[transport] * n,
        preference=[program] * n,
        **{d.name: [d.frame_value(getattr(facts, d.name))] * n for d in REGISTRY},
    )


def _program(preference: str | None) -> str | None:
    return None if preference is None else preference.strip().upper()


def declarations_that_change_this(  # noqa: PLR0913 - mirrors duty()
    hts: str,
    origin: str,
    entry_date: str | dt.date,
    customs_value: str | float,
    quantity: str | float | None = None,
    unit: str | None = None,
    transport: str | None = None,
    scenario: str | None = None,
    preference: str | None = None,
    declarations: Declarations | None = None,
) -> list[DeclarationEffect]:
    """Return the declarations that would change what the entry line pays, with the duty under each value.

    The inputs are those of :func:`duty` (validated the same way, the same errors). Each
    :class:`~goldenage.tariffs.declaration_effects.DeclarationEffect` names the declaration,
    its CLI option and explanation, what the answer assumes without it, and the duty and rate
    under every value tried (see :mod:`goldenage.tariffs.declaration_effects`). Empty when no
    declaration changes the answer on that date.

    Example:
        >>> [e.name for e in declarations_that_change_this("8411.91.90.85", "JP", "2026-03-02", 10_000)]
        ['civil_aircraft']

    """
    result = duty(
        hts,
        origin,
        entry_date,
        customs_value,
        quantity,
        unit,
        transport,
        scenario,
        preference,
        declarations,
        True,
    )
    return list(result.declarations_that_change_this or ())


__all__ = ["declarations_that_change_this", "duty", "parse_declarations"]
