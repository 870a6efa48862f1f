"""Section 122 temporary import surcharge (2026-02-24 to 2026-07-23).

Law: Proclamation 11012 (91 FR 9339); 19 U.S.C. 2132: +10% (9903.03.01) on goods of every
country, with no Japan-specific treatment. Exempt: goods of U.S. note 2(aa)(ii)
(9903.03.03), civil aircraft for General Note 6 use (9903.03.05, note 2(aa)(iv)), goods
subject to Section 232 (9903.03.06, note 2(aa)(v)).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional, exempt

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
    checks = (
        (
            stack.declarations.civil_aircraft and law.scope("s122_civil_aircraft").contains(stack.code, on),
            "civil_aircraft_heading",
            "civil aircraft good, note 2(aa)(iv)",
        ),
        (
            stack.s232_program is not None,
            "exempt_s232_heading",
            f"subject to Section 232 ({stack.s232_program})",
        ),
        (
            law.scope("s122_exempt").contains(stack.code, on),
            "exempt_list_heading",
            "listed in note 2(aa)(ii)",
        ),
    )
    for hit, heading_id, why in checks:
        if hit:
            component = exempt(stack, AUTHORITY, law.period(P + heading_id, on), why)  # type: ignore[arg-type]
            stack.decide(AUTHORITY, False, why, component.heading, (component.citation,))
            return
    component = additional(stack, AUTHORITY, rate, law.period(P + "heading", on))  # type: ignore[arg-type]
    stack.decide(
        AUTHORITY,
        True,
        "surcharge on goods of every country",
        component.heading,
        (component.citation,),
    )
