"""Section 232: medium- and heavy-duty trucks, their parts, and buses (U.S. note 38).

Law: Proclamation 10984 (90 FR 48451): from 2025-11-01, +25% on MHD vehicles (9903.74.01),
+10% on buses (9903.74.02), +25% on MHD parts (9903.74.08); no Japan-specific rate.
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, is_vehicle_part

AUTHORITY = "s232_mhd"
SCOPES: tuple[str, ...] = ("s232_mhd_vehicles", "s232_buses", "s232_mhd_parts")
P = "us.s232.mhd."
LISTS = (("s232_mhd_vehicles", "vehicles"), ("s232_buses", "buses"), ("s232_mhd_parts", "parts"))


def apply(stack: Stack) -> None:
    """Apply the MHD program when the line is a listed truck, bus or part."""
    for list_id, kind in LISTS:
        if stack.law.scope(list_id).contains(stack.code, stack.on):
            if kind == "parts" and not is_vehicle_part(stack, AUTHORITY):
                reason = (
                    "classifiable in a note 38(i) provision but not a part of a medium/heavy-duty vehicle"
                )
                stack.decide(AUTHORITY, False, reason)
                return
            rate = stack.law.period(f"{P}{kind}_rate", stack.on)
            heading = stack.law.period(f"{P}{kind}_heading", stack.on)
            if rate is None or heading is None:
                stack.decide(AUTHORITY, False, f"listed MHD {kind}, but no duty in force on {stack.on}")
                return
            component = additional(stack, AUTHORITY, rate, heading)
            stack.s232_program = AUTHORITY
            stack.s232_excluded_value = stack.value
            stack.decide(
                AUTHORITY,
                True,
                f"listed MHD {kind} (note 38)",
                component.heading,
                (component.citation,),
            )
            return
    stack.decide(AUTHORITY, False, "not a medium/heavy-duty vehicle, bus or part of note 38 on this date")
