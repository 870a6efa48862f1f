"""Section 232: medium- and heavy-duty trucks, their parts, and buses (U.S. note 38).

Law: Proclamation 10984 (90 FR 48451): from 2025-11-01, +25% on MHD vehicles (9903.74.01),
+10% on buses (9903.74.02), +25% on MHD parts (9903.74.08); no Japan-specific rate.
"""

from __future__ import annotations

from goldenage.tariffs.authorities.vehicle_parts import vehicle_part
from goldenage.tariffs.kernel.state import State, additional

AUTHORITY = "s232_mhd"
P = "us.s232.mhd."
SCOPES: tuple[str, ...] = ("s232_mhd_vehicles", "s232_buses", "s232_mhd_parts")
LISTS = (("s232_mhd_vehicles", "vehicles"), ("s232_buses", "buses"), ("s232_mhd_parts", "parts"))
REASONS = (
    "not a medium/heavy-duty vehicle, bus or part of note 38 on this date",
    "listed MHD vehicles (note 38)",
    "listed MHD buses (note 38)",
    "listed MHD parts (note 38)",
    "listed MHD vehicles, but no duty in force on {on}",
    "listed MHD buses, but no duty in force on {on}",
    "listed MHD parts, but no duty in force on {on}",
    "classifiable in a note 38(i) provision but not a part of a medium/heavy-duty vehicle",
)


def apply(state: State) -> None:
    """Apply the MHD program to listed trucks, buses and parts."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    remaining = rows.copy()
    for number, (list_id, kind) in enumerate(LISTS, start=1):
        listed = remaining & ctx.member(list_id)
        remaining &= ~listed
        if kind == "parts":
            parts = vehicle_part(state, listed, AUTHORITY)
            out.decide(listed & ~parts, 7)
            listed = parts
        rate, heading = ctx.param(f"{P}{kind}_rate"), ctx.param(f"{P}{kind}_heading")
        in_force = listed & rate.in_force
        additional(state, out, in_force, rate, heading)
        out.reason[in_force] = number
        out.decide(listed & ~rate.in_force, number + 3)
        state.set_s232(in_force, AUTHORITY, ctx.frame.value)
