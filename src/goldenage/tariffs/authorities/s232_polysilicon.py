"""Section 232: polysilicon and its derivatives, the ad valorem layer (U.S. note 42).

Law: Proclamation of August 6, 2026 ("Adjusting Imports of Polysilicon and its Derivatives into
the United States"), Annexes I and II: from 2026-12-04, wafers (3818.00.00), solar cells
(8541.42.00) and solar modules (8541.43.00) pay +15% (9903.45.30); those of Japan and the
other partners of note 42(c) pay a 15% all-inclusive rate (9903.45.31), collected on top of any
special rate (note 42(b)). Raw polysilicon (2804.61) is only in the minimum-import-price layer
(:mod:`.s232_polysilicon_mip`). The annex modifies no other note: the goods stay subject to
Section 301 (``us.s232.polysilicon.s301_exempt``).

The heading numbers are PROVISIONAL: no HTSUS revision codifying the action was found (through
2026 Revision 20), and 9903.45.30/.31 are the quartz safeguard's since Revision 16; every result
that uses them says so in its notes.
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.kernel.state import State, additional, inclusive_floor

AUTHORITY = "s232_polysilicon"
P = "us.s232.polysilicon."
SCOPES: tuple[str, ...] = ("s232_polysilicon",)
REASONS = (
    "not a polysilicon derivative of note 42 on {on}",
    "Japan: polysilicon derivative at the 15% inclusive rate, note 42(c)",
    "polysilicon derivative, +15%",
    "listed in note 42, but no polysilicon duty in force on {on}",
)
PROVISIONAL_NOTE = (
    "Section 232 polysilicon: the headings 9903.45.30-9903.45.36 are those of the proclamation's "
    "Annex II and are provisional: no HTSUS revision has codified the action yet (to 2026 Revision 20) "
    "and USITC gave 9903.45.30/.31 to the quartz safeguard, so the codified numbers will differ"
)


def apply(state: State) -> None:
    """Apply the ad valorem layer to wafers, cells and modules."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    listed = rows & ctx.member("s232_polysilicon")
    floor, rate = ctx.param(P + "jp_floor_rate"), ctx.param(P + "rate")
    out.decide(listed & ~floor.in_force & ~rate.in_force, 3)
    japan = listed & floor.in_force
    heading = ctx.param(P + "jp_floor_heading")
    inclusive_floor(state, out, japan, floor, heading, heading)
    out.reason[japan] = 1
    stacked = listed & ~floor.in_force & rate.in_force
    additional(state, out, stacked, rate, ctx.param(P + "heading"))
    out.reason[stacked] = 2
    applied = japan | stacked
    s301_exempt = ctx.param(P + "s301_exempt").flag
    state.set_s232(applied, AUTHORITY, np.where(s301_exempt, ctx.frame.value, 0.0), blanket=s301_exempt)
    state.note(applied, PROVISIONAL_NOTE)
