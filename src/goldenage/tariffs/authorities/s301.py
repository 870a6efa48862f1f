"""Section 301 (2026 forced-labor action): Japan's 12.5% all-inclusive rate from 2026-07-24.

Law: USTR notice, 91 FR 47318 (FR Doc 2026-15181), U.S. note 52: goods of Japan pay column 1
plus an additional duty totalling 12.5% (9903.05.49), none where column 1 is 12.5% or more
(9903.05.48). Exempt: civil aircraft (9903.05.88, note 52(d)), goods subject to Section 232
(9903.05.90, note 52(f)), goods of note 52(b) (9903.05.86), chemicals of note 52(e) declared
for pharmaceutical use (9903.05.89).
"""

from __future__ import annotations

from goldenage.tariffs.authorities.blanket import blanket_exemptions
from goldenage.tariffs.kernel.state import State, exempt, inclusive_floor

AUTHORITY = "s301"
P = "us.s301."
SCOPES: tuple[str, ...] = ("s301_exempt", "s301_civil_aircraft", "s301_pharma_use")
REASONS = (
    "no Section 301 duty on goods of Japan in force on {on}",
    "civil aircraft good, note 52(d)",
    "subject to Section 232 ({program})",
    "listed in note 52(b)",
    "chemical for pharmaceutical use, note 52(e)",
    "Japan 12.5% inclusive rate",
)
EXEMPT_TEXT = {1: REASONS[1], 2: REASONS[2], 3: REASONS[3], 4: REASONS[4]}


def apply(state: State) -> None:
    """Apply the Section 301 layer in force on each row's date, or record the exemption."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    floor = ctx.param(P + "jp_floor_rate")
    out.decide(rows & ~floor.in_force, 0)
    rows &= floor.in_force
    rows = blanket_exemptions(state, out, rows, P, ("s301_civil_aircraft", "s301_exempt"), (1, 2, 3))
    chemicals = rows & ctx.member("s301_pharma_use")
    declared = chemicals & ctx.frame.pharmaceutical_use
    exempt(out, declared, ctx.param(P + "pharma_use_heading"), 4)
    state.default(
        chemicals & ~declared,
        "Section 301: a chemical of note 52(e) not declared for pharmaceutical use "
        "(--pharmaceutical-use), so 9903.05.89 does not apply",
    )
    rows &= ~declared
    inclusive_floor(
        state,
        out,
        rows,
        floor,
        ctx.param(P + "jp_floor_heading_at_or_above"),
        ctx.param(P + "jp_floor_heading_below"),
    )
    out.reason[rows] = 5
