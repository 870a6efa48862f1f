"""Section 301 (2026 forced-labor action): Japan's 12.5% all-inclusive rate from 2026-07-24.

Law: USTR notice, 91 FR 47318 (FR Doc 2026-15181), U.S. note 52: goods of Japan pay column 1
plus an additional duty totalling 12.5% (9903.05.49), none where column 1 is 12.5% or more
(9903.05.48). Exempt: goods of note 52(b) (9903.05.86), civil aircraft (9903.05.88, note
52(d)), goods subject to Section 232 (9903.05.90, note 52(f)), chemicals of note 52(e)
declared for pharmaceutical use (9903.05.89).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, blanket_exemption, exempt, inclusive_floor

AUTHORITY = "s301"
SCOPES: tuple[str, ...] = ("s301_exempt", "s301_civil_aircraft", "s301_pharma_use")
P = "us.s301."


def apply(stack: Stack) -> None:
    """Apply the Section 301 layer in force on the entry date, or record the exemption."""
    law, on = stack.law, stack.on
    floor = law.period(P + "jp_floor_rate", on)
    if floor is None:
        stack.decide(AUTHORITY, False, f"no Section 301 duty on goods of Japan in force on {on}")
        return
    if blanket_exemption(stack, AUTHORITY, P, ("s301_civil_aircraft", "s301_exempt"), ("52(d)", "52(b)")):
        return
    if law.scope("s301_pharma_use").contains(stack.code, on):
        if stack.declarations.pharmaceutical_use:
            why = "chemical for pharmaceutical use, note 52(e)"
            component = exempt(stack, AUTHORITY, law.period(P + "pharma_use_heading", on), why)  # type: ignore[arg-type]
            stack.decide(AUTHORITY, False, why, component.heading, (component.citation,))
            return
        stack.defaults.append(
            "Section 301: a chemical of note 52(e) not declared for pharmaceutical use "
            "(--pharmaceutical-use), so 9903.05.89 does not apply"
        )
    component = inclusive_floor(
        stack,
        AUTHORITY,
        floor,
        law.period(P + "jp_floor_heading_at_or_above", on),  # type: ignore[arg-type]
        law.period(P + "jp_floor_heading_below", on),  # type: ignore[arg-type]
    )
    stack.decide(AUTHORITY, True, "Japan 12.5% inclusive rate", component.heading, (component.citation,))
