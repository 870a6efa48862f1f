"""Section 232 polysilicon: the minimum-import-price layer (U.S. note 42(a)).

Law: Proclamation of August 6, 2026, Annex II: from 2026-12-04, specific duties of $21/kg on
polysilicon (9903.45.33), $100/kg on wafers (9903.45.34), $0.22/W on solar cells (9903.45.35)
and $0.38/W on solar modules (9903.45.36). They do not apply where the entered value meets the
minimum price and the importer documents resale at or above it (or a fixed-price contract made
before 2026-08-06); they apply when the importer fails to submit that documentation, or when
CBP must adjust the duty (note 42(a)). Whether they apply is the importer's declaration
``polysilicon_mip`` (default: documented, no specific duty). They are charged on top of the ad
valorem layer (:mod:`.s232_polysilicon`) and need the quantity in kilograms or watts.
The headings are provisional (see :mod:`.s232_polysilicon`).
"""

from __future__ import annotations

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.authorities.s232_polysilicon import AUTHORITY as AD_VALOREM
from goldenage.tariffs.authorities.s232_polysilicon import PROVISIONAL_NOTE
from goldenage.tariffs.errors import MissingQuantityError
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.kernel.state import SPECIFIC, State
from goldenage.tariffs.units import compatible_units, convert

AUTHORITY = "s232_polysilicon_mip"
P = "us.s232.polysilicon."
# list -> (rate and heading parameters, unit of the specific rate)
LAYERS = {
    "s232_polysilicon_mip_silicon": ("mip_silicon", "kg"),
    "s232_polysilicon_mip_wafers": ("mip_wafers", "kg"),
    "s232_polysilicon_mip_cells": ("mip_cells", "W"),
    "s232_polysilicon_mip_modules": ("mip_modules", "W"),
}
SCOPES: tuple[str, ...] = tuple(LAYERS)
REASONS = (
    "not a product of the minimum-import-price layer of note 42(a) on {on}",
    "minimum-import-price duty: resale at or above the minimum price not documented, note 42(a)",
    "resale at or above the minimum import price documented (note 42(a)): no specific duty",
    "another Section 232 program applies ({program})",
)


def apply(state: State) -> None:
    """Charge the specific duty where the importer declares the minimum price is not documented."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    out.decide(rows, 0)
    other_program = rows & np.not_equal(state.s232, None) & np.not_equal(state.s232, AD_VALOREM)
    applies = ctx.frame.polysilicon_mip
    frame = ctx.frame
    for list_id, (name, unit) in LAYERS.items():
        rate, heading = ctx.param(P + name + "_rate"), ctx.param(P + name + "_heading")
        listed = rows & ctx.member(list_id) & rate.in_force
        out.decide(listed & other_program, 3)
        listed &= ~other_program
        documented = listed & ~applies
        out.decide(documented, 2)
        state.default(
            documented,
            f"polysilicon: resale at or above the minimum import price taken as documented (note 42(a)), so "
            f"the specific duty {{heading}} (${{rate:g}}/{unit}) is not charged; declare --polysilicon-mip "
            "when it is not documented",
            heading=heading.value,
            rate=rate.value,
        )
        state.note(listed, PROVISIONAL_NOTE)
        charged = np.flatnonzero(listed & applies)
        if not charged.size:
            continue
        quantity = _quantity(state, charged, unit, heading)
        ok = ~frame.failed[charged]
        charged, quantity = charged[ok], quantity[ok]
        rates = rate.at(charged)
        out.amount[charged] = rates * quantity
        out.heading[charged] = heading.at(charged)
        out.kind[charged] = SPECIFIC
        out.rate[charged] = rates
        out.base[charged] = quantity
        out.label[charged] = unit
        out.applied[charged] = True
        out.reason[charged] = 1
        out.cite[charged] = rate.parameter.id


def _quantity(state: State, rows: np.ndarray, unit: str, heading: object) -> np.ndarray:
    """Return the quantity of ``rows`` in ``unit``; fail the rows that lack one or give another dimension."""
    frame = state.ctx.frame
    quantity = np.asarray(frame.quantity[rows], dtype=float).copy()
    missing = rows[np.isnan(quantity)]
    for row in missing.tolist():
        code = format_code(str(frame.code[row]))
        msg = (
            f"HTS {code}: the minimum-import-price duty of the polysilicon action is specific per {unit} "
            "and needs a quantity"
        )
        error = MissingQuantityError(
            "--quantity", msg, accepted=f"a quantity in {unit} (--unit {', '.join(compatible_units(unit))})"
        )
        frame.fail_at(np.array([row]), error)
    given = np.asarray(frame.unit[rows], dtype=object)
    for position, row in enumerate(rows.tolist()):
        if given[position] is None or np.isnan(quantity[position]):
            continue
        try:
            quantity[position] = convert(quantity[position], str(given[position]), unit)
        except InputError as err:
            frame.fail_at(np.array([row]), err)
    return quantity
