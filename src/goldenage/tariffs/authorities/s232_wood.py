"""Section 232: timber, lumber and their derivative products (U.S. note 37).

Law: Proclamation 10976 (90 FR 48127): from 2025-10-14, +10% on softwood timber and lumber
(9903.76.01, no Japan concession); upholstered wooden seats and kitchen cabinets/vanities of
Japan pay a 15% all-inclusive rate (9903.76.21) instead of the 25% of 9903.76.02/.03.
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, inclusive_floor

AUTHORITY = "s232_wood"
SCOPES: tuple[str, ...] = ("s232_lumber", "s232_wood_products")
P = "us.s232.wood."


def apply(stack: Stack) -> None:
    """Apply the wood program to listed lumber and wood products."""
    law, on = stack.law, stack.on
    if law.scope("s232_lumber").contains(stack.code, on):
        rate, heading = law.period(P + "lumber_rate", on), law.period(P + "lumber_heading", on)
        if rate is None or heading is None:
            stack.decide(AUTHORITY, False, f"listed lumber, but no duty in force on {on}")
            return
        component = additional(stack, AUTHORITY, rate, heading)
        what = "softwood timber or lumber"
    elif law.scope("s232_wood_products").contains(stack.code, on):
        floor = law.period(P + "jp_products_floor_rate", on)
        if floor is not None:
            heading = law.period(P + "jp_products_heading", on)
            component = inclusive_floor(stack, AUTHORITY, floor, heading, heading)  # type: ignore[arg-type]
        else:
            rate = law.period(P + "products_rate", on)
            heading_id = "seats_heading" if stack.code.startswith("9401") else "cabinets_heading"
            heading = law.period(P + heading_id, on)
            if rate is None or heading is None:
                stack.decide(AUTHORITY, False, f"listed wood product, but no duty in force on {on}")
                return
            component = additional(stack, AUTHORITY, rate, heading)
        what = "upholstered wooden seat or kitchen cabinet/vanity"
    else:
        stack.decide(AUTHORITY, False, "not a wood article of note 37 on this date")
        return
    stack.s232_program = AUTHORITY
    stack.s232_excluded_value = stack.value
    stack.decide(AUTHORITY, True, f"listed {what} (note 37)", component.heading, (component.citation,))
