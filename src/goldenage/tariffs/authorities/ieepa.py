"""IEEPA reciprocal duties on goods of Japan (2025-04-05 to 2026-02-23).

Law: EO 14257 (90 FR 15041): +10% baseline (9903.01.25) from 2025-04-05; Japan's +24%
(9903.01.53) on 2025-04-09 only, paused from 2025-04-10 by EO 14266. EO 14326 / EO 14345
(90 FR 44638): from 2025-08-07 (retroactively) a 15% all-inclusive rate (9903.02.72 where
column 1 is 15% or more, 9903.02.73 below). Exemptions, in this order: civil aircraft of Japan
(9903.96.02, from 2025-09-16), Section 232 goods (9903.01.33; for steel, aluminum and copper of
the 2025 regime only the metal content), Annex II goods (9903.01.32, note 2(v)(iii), dated by
list), goods declared in transit (9903.01.28; goods in transit before a Japan rate pay the 10%
baseline 9903.01.25 instead, see :mod:`.in_transit`). Collection ended for entries from
2026-02-24 (EO 14389; CSMS #67834313) after Learning
Resources, Inc. v. Trump (2026-02-20).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.authorities import in_transit
from goldenage.tariffs.authorities.blanket import chapter_98
from goldenage.tariffs.authorities.civil_aircraft import HEADING as CIVIL_HEADING
from goldenage.tariffs.authorities.civil_aircraft import civil_aircraft
from goldenage.tariffs.kernel.context import ParamVector
from goldenage.tariffs.kernel.state import State, additional, exempt, inclusive_floor

AUTHORITY = "ieepa_reciprocal"
P = "us.ieepa.reciprocal."
SCOPES: tuple[str, ...] = ("ieepa_annex_ii", "ieepa_civil_aircraft_jp", "blanket_chapter_98")
REASONS = (
    "no IEEPA reciprocal duty in force on {on}",
    "civil aircraft exemption",
    "Section 232 goods are excluded",
    "listed in Annex II",
    "reciprocal duty on goods of Japan",
    "reciprocal duty on goods of Japan on the value other than the Section 232 metal content ({base})",
    "goods in transit: declared loaded on {loaded}, before the reciprocal duty, entered within the window",
    "goods in transit: declared loaded on {loaded}, before the Japan rate, and entered within the window: "
    "the baseline rate instead",
    "goods entered under a provision of chapter 98, U.S. note 2(v)(i)",
)
EXEMPT_TEXT = {
    1: "civil aircraft good of Japan (note 35(b))",
    2: "subject to Section 232 ({program})",
    3: "Annex II, U.S. note 2(v)(iii)",
    6: "in transit (loaded on {loaded})",
}


def apply(state: State) -> None:
    """Apply the reciprocal layer in force on each row's date, or record why not."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    floor = ctx.param(P + "jp_floor_rate")
    rate = ctx.param(P + "jp_additional_rate")
    in_force = rows & (floor.in_force | rate.in_force)
    out.decide(rows & ~in_force, 0)
    rows = chapter_98(state, out, in_force, 8)
    aircraft = civil_aircraft(state, rows)
    exempt(out, aircraft, ctx.param(CIVIL_HEADING), 1)
    rows &= ~aircraft
    value = ctx.frame.value
    base = value - state.s232_excluded
    whole = rows & state.blanket_excluded() & (base <= 0)
    exempt(out, whole, ctx.param(P + "exempt_s232_heading"), 2)
    rows &= ~whole
    annex = ctx.param(P + "exempt_annex_ii_heading")
    listed = rows & annex.in_force & ctx.member("ieepa_annex_ii")
    exempt(out, listed, annex, 3)
    rows &= ~listed
    rows = in_transit.spare(state, out, rows, P, 6)
    partial = rows & (base < value)
    charged_base = np.where(partial, base, value)
    earlier = _in_transit_at_prior_rate(state, rows, floor)
    prior_rate, prior_heading = (
        ctx.param(P + "in_transit_prior_rate"),
        ctx.param(P + "in_transit_prior_heading"),
    )
    additional(state, out, earlier & ~partial, prior_rate, prior_heading)
    additional(
        state, out, earlier & partial, prior_rate, prior_heading, base=charged_base, label="non-metal value"
    )
    out.reason[earlier] = 7
    rows &= ~earlier
    with_floor = rows & floor.in_force
    for these, label in ((with_floor & ~partial, None), (with_floor & partial, "non-metal value")):
        inclusive_floor(
            state,
            out,
            these,
            floor,
            ctx.param(P + "jp_floor_heading_at_or_above"),
            ctx.param(P + "jp_floor_heading_below"),
            base=charged_base,
            label=label,
        )
    stacked = rows & ~floor.in_force
    heading = ctx.param(P + "jp_additional_heading")
    additional(state, out, stacked & ~partial, rate, heading)
    additional(state, out, stacked & partial, rate, heading, base=charged_base, label="non-metal value")
    out.reason[rows & ~partial] = 4
    out.reason[rows & partial] = 5


def _in_transit_at_prior_rate(state: State, rows: np.ndarray, floor: ParamVector) -> np.ndarray:
    """Return the rows declared loaded before a Japan rate took effect, entered within its window.

    They pay the baseline (9903.01.25) instead of the Japan rate, where the Japan rate is in
    force on their date: the 15% inclusive rate (9903.02.72/.73) or a stacked heading other than
    the baseline's (9903.01.53, or 9903.02.30 in the no_deal scenario).
    """
    ctx = state.ctx
    japan_heading = ctx.param(P + "jp_additional_heading").value
    prior_heading = ctx.param(P + "in_transit_prior_heading").value
    changed = floor.in_force | np.not_equal(japan_heading, prior_heading)
    earlier, _ = in_transit.loaded_before(state, rows & changed, P, in_transit.PRIOR)
    return earlier
