"""Section 122 temporary import surcharge (2026-02-24 to 2026-07-23).

Law: Proclamation 11012 (91 FR 9339); 19 U.S.C. 2132: +10% (9903.03.01) on goods of every
country, with no Japan-specific treatment. Exempt: goods of U.S. note 2(aa)(ii)
(9903.03.03), civil aircraft for General Note 6 use (9903.03.05, note 2(aa)(iv)), goods
subject to Section 232 (9903.03.06, note 2(aa)(v)).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, blanket_exemption

AUTHORITY = "s122"
SCOPES: tuple[str, ...] = ("s122_exempt", "s122_civil_aircraft")
P = "us.s122."


def apply(stack: Stack) -> None:
    """Apply the surcharge in force on the entry date, or record the exemption."""
    law, on = stack.law, stack.on
    rate = law.period(P + "rate", on)
    if rate is None:
        stack.decide(AUTHORITY, False, f"no Section 122 surcharge in force on {on}")
        return
    if blanket_exemption(
        stack, AUTHORITY, P, ("s122_civil_aircraft", "s122_exempt"), ("2(aa)(iv)", "2(aa)(ii)")
    ):
        return
    component = additional(stack, AUTHORITY, rate, law.period(P + "heading", on))  # type: ignore[arg-type]
    stack.decide(
        AUTHORITY,
        True,
        "surcharge on goods of every country",
        component.heading,
        (component.citation,),
    )
