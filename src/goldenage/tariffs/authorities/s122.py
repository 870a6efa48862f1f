"""Section 122 temporary import surcharge (2026-02-24 to 2026-07-23).

Law: Proclamation 11012 (91 FR 9339); 19 U.S.C. 2132: +10% (9903.03.01) on goods of every
country, with no Japan-specific treatment. Exempt: civil aircraft for General Note 6 use
(9903.03.05, note 2(aa)(iv)), goods subject to Section 232 (9903.03.06, note 2(aa)(v)), goods
of U.S. note 2(aa)(ii) (9903.03.03), goods declared in transit (9903.03.02).
"""

from __future__ import annotations

from goldenage.tariffs.authorities import in_transit
from goldenage.tariffs.authorities.blanket import blanket_exemptions, chapter_98
from goldenage.tariffs.kernel.state import State, additional

AUTHORITY = "s122"
P = "us.s122."
SCOPES: tuple[str, ...] = ("s122_exempt", "s122_civil_aircraft", "blanket_chapter_98")
REASONS = (
    "no Section 122 surcharge in force on {on}",
    "civil aircraft good, note 2(aa)(iv)",
    "subject to Section 232 ({program})",
    "listed in note 2(aa)(ii)",
    "surcharge on goods of every country",
    "goods in transit: declared loaded on {loaded}, before the surcharge, and entered within the window",
    "goods entered under a provision of chapter 98, U.S. note 2(aa)(i)",
)
EXEMPT_TEXT = {1: REASONS[1], 2: REASONS[2], 3: REASONS[3], 5: "in transit (loaded on {loaded})"}


def apply(state: State) -> None:
    """Apply the surcharge in force on each row's date, or record the exemption."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    rate = ctx.param(P + "rate")
    out.decide(rows & ~rate.in_force, 0)
    rows = chapter_98(state, out, rows & rate.in_force, 6)
    rows = blanket_exemptions(state, out, rows, P, ("s122_civil_aircraft", "s122_exempt"), (1, 2, 3))
    rows = in_transit.spare(state, out, rows, P, 5)
    additional(state, out, rows, rate, ctx.param(P + "heading"))
    out.reason[rows] = 4
