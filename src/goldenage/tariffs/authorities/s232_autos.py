"""Section 232: passenger vehicles, light trucks and their parts (U.S. note 33, subch. III).

Law: Proclamation 10908 (90 FR 14705): +25% on vehicles of note 33(b) from 2025-04-03
(9903.94.01) and on parts of note 33(g) from 2025-05-03 (9903.94.05). EO 14345 (90 FR
44638): for goods of Japan from 2025-09-16, a 15% all-inclusive rate (9903.94.40/.41
vehicles, 9903.94.42/.43 parts) in place of the 25%; not retroactive.
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, inclusive_floor, is_vehicle_part

AUTHORITY = "s232_autos"
SCOPES: tuple[str, ...] = ("s232_vehicles", "s232_auto_parts")
P = "us.s232.autos."


def apply(stack: Stack) -> None:
    """Apply the autos program when the line is a listed vehicle or part."""
    law, on = stack.law, stack.on
    if law.scope("s232_vehicles").contains(stack.code, on):
        kind, rate_id, heading_id, jp = (
            "vehicles",
            "vehicles_rate",
            "vehicles_heading",
            "jp_vehicles",
        )
    elif law.scope("s232_auto_parts").contains(stack.code, on):
        if not is_vehicle_part(stack, AUTHORITY):
            heading = law.period(P + "non_parts_heading", on)
            reason = (
                "classifiable in a note 33(g) provision but not a part of a passenger vehicle or light truck"
            )
            stack.decide(AUTHORITY, False, reason, heading.value if heading else None)
            return
        kind, rate_id, heading_id, jp = "parts", "parts_rate", "parts_heading", "jp_parts"
    elif stack.declarations.certified_auto_part:
        _certified_part(stack)
        return
    else:
        stack.decide(AUTHORITY, False, "not a vehicle of note 33(b) or a part of note 33(g) on this date")
        return
    floor = law.period(P + "jp_floor_rate", on)
    if floor is not None:
        component = inclusive_floor(
            stack,
            AUTHORITY,
            floor,
            law.period(P + jp + "_heading_at_or_above", on),  # type: ignore[arg-type]
            law.period(P + jp + "_heading_below", on),  # type: ignore[arg-type]
        )
    else:
        rate, heading = law.period(P + rate_id, on), law.period(P + heading_id, on)
        if rate is None or heading is None:
            stack.decide(AUTHORITY, False, f"listed {kind}, but no Section 232 autos duty in force on {on}")
            return
        component = additional(stack, AUTHORITY, rate, heading)
    stack.s232_program = AUTHORITY
    stack.s232_excluded_value = stack.value
    stack.decide(
        AUTHORITY,
        True,
        f"listed {kind} (note 33): {component.rate_text}",
        component.heading,
        (component.citation,),
    )


def _certified_part(stack: Stack) -> None:
    """Certified automobile parts outside the listed provisions (U.S. note 33(p), (r)).

    Law: HTSUS 9903.94.07 (+25%) and, for Japan, 9903.94.54/.55 (15% inclusive), from
    2025-11-01; not for articles of chapters 72, 73 or 76 or of the MHD parts of note 38(i).
    """
    law, on = stack.law, stack.on
    if stack.code[:2] in ("72", "73", "76") or law.scope("s232_mhd_parts").contains(stack.code, on):
        reason = "certified automobile part, but note 33(p) excludes chapters 72, 73, 76 and note 38(i) parts"
        stack.decide(AUTHORITY, False, reason)
        return
    floor = law.period(P + "jp_floor_rate", on)
    below = law.period(P + "jp_certified_parts_heading_below", on)
    if floor is not None and below is not None:
        above = law.period(P + "jp_certified_parts_heading_at_or_above", on)
        component = inclusive_floor(stack, AUTHORITY, floor, above, below)  # type: ignore[arg-type]
    else:
        rate = law.period(P + "certified_parts_rate", on)
        heading = law.period(P + "certified_parts_heading", on)
        if rate is None or heading is None:
            stack.decide(AUTHORITY, False, f"certified automobile part, but no duty in force on {on}")
            return
        component = additional(stack, AUTHORITY, rate, heading)
    stack.s232_program = AUTHORITY
    stack.s232_excluded_value = stack.value
    reason = f"certified automobile part for US production or repair (note 33(p)/(r)): {component.rate_text}"
    stack.decide(AUTHORITY, True, reason, component.heading, (component.citation,))
