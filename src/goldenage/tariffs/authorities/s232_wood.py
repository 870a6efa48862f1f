"""Section 232: timber, lumber and their derivative products (U.S. note 37).

Law: Proclamation 10976 (90 FR 48127): from 2025-10-14, +10% on softwood timber and lumber
(9903.76.01, no Japan concession); upholstered wooden seats and kitchen cabinets/vanities of
Japan pay a 15% all-inclusive rate (9903.76.21) instead of the 25% of 9903.76.02/.03.
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.state import State, additional, inclusive_floor

AUTHORITY = "s232_wood"
P = "us.s232.wood."
SCOPES: tuple[str, ...] = ("s232_lumber", "s232_wood_products")
REASONS = (
    "not a wood article of note 37 on this date",
    "listed softwood timber or lumber (note 37)",
    "listed upholstered wooden seat or kitchen cabinet/vanity (note 37)",
    "listed lumber, but no duty in force on {on}",
    "listed wood product, but no duty in force on {on}",
)


def apply(state: State) -> None:
    """Apply the wood program to listed lumber and wood products."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    lumber = rows & ctx.member("s232_lumber")
    rate = ctx.param(P + "lumber_rate")
    charged = lumber & rate.in_force
    additional(state, out, charged, rate, ctx.param(P + "lumber_heading"))
    out.reason[charged] = 1
    out.decide(lumber & ~rate.in_force, 3)
    state.set_s232(charged, AUTHORITY, ctx.frame.value)

    products = rows & ~lumber & ctx.member("s232_wood_products")
    floor = ctx.param(P + "jp_products_floor_rate")
    japan = products & floor.in_force
    heading = ctx.param(P + "jp_products_heading")
    inclusive_floor(state, out, japan, floor, heading, heading)
    rate = ctx.param(P + "products_rate")
    seats = ctx.prefixed("9401")
    headings = np.where(seats, ctx.param(P + "seats_heading").value, ctx.param(P + "cabinets_heading").value)
    stacked = products & ~floor.in_force & rate.in_force & np.not_equal(headings, None)
    additional(state, out, stacked, rate, headings)
    out.decide(products & ~floor.in_force & ~stacked, 4)
    applied = japan | stacked
    out.reason[applied] = 2
    state.set_s232(applied, AUTHORITY, ctx.frame.value)
