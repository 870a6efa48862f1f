"""Section 232: patented pharmaceuticals (U.S. note 40).

Law: Proclamation 11020: from 2026-07-31, patented pharmaceuticals of Japan pay a 15%
all-inclusive rate (9903.04.62); generics are exempt (9903.04.67). The note's list of 131
provisions (chapters 29 and 30) is not on this machine, so the importer declares the
status (``pharma``; default: not declared, and the duty is not applied).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, exempt, inclusive_floor

AUTHORITY = "s232_pharma"
SCOPES: tuple[str, ...] = ()
P = "us.s232.pharma."
CHAPTERS = ("29", "30")


def apply(stack: Stack) -> None:
    """Apply the pharmaceutical program to declared patented or generic goods."""
    law, on = stack.law, stack.on
    jp_floor = law.period(P + "jp_floor_rate", on)
    general = law.period(P + "general_total_rate", on)
    if jp_floor is None and general is None:
        stack.decide(AUTHORITY, False, f"no pharmaceutical duty in force on {on}")
        return
    if stack.code[:2] not in CHAPTERS:
        stack.decide(AUTHORITY, False, "not a pharmaceutical provision (chapters 29-30)")
        return
    status = stack.declarations.pharma
    if status is None:
        stack.defaults.append(
            "pharmaceuticals: not declared patented or generic (--pharma), so the Section 232 "
            "pharmaceutical duty (note 40) is not applied"
        )
        stack.decide(AUTHORITY, False, "chapter 29/30 good not declared patented or generic")
        return
    if status == "generic":
        heading = law.period(P + "generic_exempt_heading", on)
        component = exempt(stack, AUTHORITY, heading, "generic pharmaceutical")  # type: ignore[arg-type]
        stack.decide(AUTHORITY, False, "declared generic: exempt", component.heading, (component.citation,))
        return
    if jp_floor is not None:
        heading = law.period(P + "jp_floor_heading", on)
        component = inclusive_floor(stack, AUTHORITY, jp_floor, heading, heading)  # type: ignore[arg-type]
    else:
        heading = law.period(P + "general_heading", on)
        component = inclusive_floor(stack, AUTHORITY, general, heading, heading)  # type: ignore[arg-type]
    stack.s232_program = AUTHORITY
    stack.s232_excluded_value = stack.value
    stack.decide(
        AUTHORITY,
        True,
        "declared patented pharmaceutical",
        component.heading,
        (component.citation,),
    )
