"""Section 232: semiconductors (U.S. note 39).

Law: Proclamation 11002: from 2026-01-15, +25% (9903.79.01) on the listed articles that
meet the note's technical thresholds, a fact the importer declares
(``advanced_semiconductor``; default: not declared).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.base import Stack, additional

AUTHORITY = "s232_semiconductors"
SCOPES: tuple[str, ...] = ("s232_semiconductors",)
P = "us.s232.semiconductors."


def apply(stack: Stack) -> None:
    """Apply the semiconductor duty to a listed article declared to meet the thresholds."""
    if not stack.law.scope("s232_semiconductors").contains(stack.code, stack.on):
        stack.decide(AUTHORITY, False, "not an article of note 39 on this date")
        return
    rate = stack.law.period(P + "rate", stack.on)
    heading = stack.law.period(P + "heading", stack.on)
    if rate is None or heading is None:
        stack.decide(AUTHORITY, False, f"no semiconductor duty in force on {stack.on}")
        return
    if not stack.declarations.advanced_semiconductor:
        stack.defaults.append(
            "semiconductors: the article is not declared to meet the technical thresholds of "
            "U.S. note 39 (--advanced-semiconductor), so 9903.79.01 does not apply"
        )
        stack.decide(AUTHORITY, False, "listed in note 39, but not declared to meet its technical thresholds")
        return
    component = additional(stack, AUTHORITY, rate, heading)
    stack.s232_program = AUTHORITY
    stack.s232_excluded_value = stack.value
    stack.decide(
        AUTHORITY,
        True,
        "note 39 article declared to meet the thresholds",
        component.heading,
        (component.citation,),
    )
