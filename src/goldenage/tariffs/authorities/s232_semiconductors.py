"""Section 232: semiconductors (U.S. note 39).

Law: Proclamation 11002: from 2026-01-15, +25% (9903.79.01) on the listed articles that
meet the note's technical thresholds, a fact the importer declares
(``--advanced-semiconductor``; default: not declared).
"""

from __future__ import annotations

from goldenage.tariffs.kernel.state import State, additional

AUTHORITY = "s232_semiconductors"
P = "us.s232.semiconductors."
SCOPES: tuple[str, ...] = ("s232_semiconductors",)
REASONS = (
    "not an article of note 39 on this date",
    "note 39 article declared to meet the thresholds",
    "no semiconductor duty in force on {on}",
    "listed in note 39, but not declared to meet its technical thresholds",
)


def apply(state: State) -> None:
    """Apply the semiconductor duty to listed articles declared to meet the thresholds."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    listed = rows & ctx.member("s232_semiconductors")
    rate, heading = ctx.param(P + "rate"), ctx.param(P + "heading")
    out.decide(listed & ~rate.in_force, 2)
    listed &= rate.in_force
    declared = listed & ctx.frame.advanced_semiconductor
    out.decide(listed & ~declared, 3)
    state.default(
        listed & ~declared,
        "semiconductors: the article is not declared to meet the technical thresholds of "
        "U.S. note 39 (--advanced-semiconductor), so 9903.79.01 does not apply",
    )
    additional(state, out, declared, rate, heading)
    out.reason[declared] = 1
    state.set_s232(declared, AUTHORITY, ctx.frame.value)
