"""Section 232: patented pharmaceuticals (U.S. note 40).

Law: Proclamation 11020: from 2026-07-31, patented pharmaceuticals of Japan pay a 15%
all-inclusive rate (9903.04.62); generics are exempt (9903.04.67). The note's list of 131
provisions (chapters 29 and 30) is not on this machine, so the importer declares the status
(``--pharma``; default: not declared, and the duty is not applied).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.frame import NO_VALUE
from goldenage.tariffs.kernel.state import State, exempt, inclusive_floor

AUTHORITY = "s232_pharma"
P = "us.s232.pharma."
SCOPES: tuple[str, ...] = ()
CHAPTERS = ("29", "30")
GENERIC, PATENTED = 0, 1
REASONS = (
    "no pharmaceutical duty in force on {on}",
    "not a pharmaceutical provision (chapters 29-30)",
    "chapter 29/30 good not declared patented or generic",
    "declared generic: exempt",
    "declared patented pharmaceutical",
)
EXEMPT_TEXT = {3: "generic pharmaceutical"}


def apply(state: State) -> None:
    """Apply the pharmaceutical program to declared patented (or generic) goods."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    jp_floor, general = ctx.param(P + "jp_floor_rate"), ctx.param(P + "general_total_rate")
    in_force = rows & (jp_floor.in_force | general.in_force)
    out.decide(rows & ~in_force, 0)
    pharma = in_force & np.isin(ctx.chapter, CHAPTERS)
    out.decide(in_force & ~pharma, 1)
    status = ctx.frame.pharma
    undeclared = pharma & (status == NO_VALUE)
    out.decide(undeclared, 2)
    state.default(
        undeclared,
        "pharmaceuticals: not declared patented or generic (--pharma), so the Section 232 "
        "pharmaceutical duty (note 40) is not applied",
    )
    exempt(out, pharma & (status == GENERIC), ctx.param(P + "generic_exempt_heading"), 3)
    patented = pharma & (status == PATENTED)
    japan = patented & jp_floor.in_force
    jp_heading = ctx.param(P + "jp_floor_heading")
    inclusive_floor(state, out, japan, jp_floor, jp_heading, jp_heading)
    other = patented & ~jp_floor.in_force
    heading = ctx.param(P + "general_heading")
    inclusive_floor(state, out, other, general, heading, heading)
    out.reason[patented] = 4
    state.set_s232(patented, AUTHORITY, ctx.frame.value)
