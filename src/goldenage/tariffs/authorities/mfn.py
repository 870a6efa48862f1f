"""Column 1 (MFN) duty as the first layer of the stack.

Law: HTSUS General Note 3(a)(i); General Note 36 for the JP Special rates when claimed.
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack
from goldenage.tariffs.mfn import AUTHORITY, column1_component

SCOPES: tuple[str, ...] = ()
P = "us.hts."  # the column 1 rates live in the HTSUS table, not in parameters


def apply(stack: Stack) -> None:
    """Add the column 1 duty and remember it for the inclusive floors."""
    component = column1_component(
        stack.line, stack.origin, stack.value, stack.quantity, stack.unit, stack.preference
    )
    stack.components.append(component)
    stack.mfn_amount = component.amount
    stack.decide(
        AUTHORITY,
        True,
        f"column 1 rate {component.rate_text} of subheading {component.heading}",
        component.heading,
        (component.citation,),
    )
