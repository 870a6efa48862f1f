"""Section 232: unmanned aircraft systems (U.S. note 43).

Law: Proclamation 11055: from 2026-09-03, the unmanned aircraft systems of note 43(c) pay, in
this order (the headings are mutually exclusive, note 43(a)): nothing under 9903.08.25/.26 when
imported under an approved onshoring plan; for goods of Japan whose critical components and
technology are substantially all of the United States or partner countries (note 43(d)), a
15% inclusive rate (9903.08.24); otherwise +25% for unmanned aircraft of 25 kg or less without
thermal imaging (9903.08.22, note 43(c)(4)) and +100% for the rest (9903.08.21: aircraft over
25 kg, with thermal imaging, docking stations, parts for systems over 25 kg). The
general-purpose provisions (docking stations of 8504.40/8537.10, parts of 8807) are in scope
only for use in or with such a system (9903.08.20 otherwise). The duties are collected on top
of any special rate (note 43(b)).

Declarations (documented defaults): ``uas_use`` (default: not for use with an unmanned aircraft
system), ``uas_thermal_imaging`` (default: without), ``uas_allied_components`` (the note 43(d)
test; default: not met), ``uas_onshoring`` (default: no plan). Section 301: the goods stay
subject to it unless ``us.s232.uas.s301_exempt`` says otherwise (docs/law.md, A14).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.declarations import DECLARATIONS, NO_VALUE
from goldenage.tariffs.kernel.state import State, additional, exempt, inclusive_floor

AUTHORITY = "s232_uas"
P = "us.s232.uas."
SCOPES: tuple[str, ...] = ("s232_uas_aircraft", "s232_uas_small", "s232_uas_dual_use")
PLAN_DHS, PLAN_COMMERCE = (DECLARATIONS["uas_onshoring"].choices.index(s) for s in ("dhs", "commerce"))
REASONS = (
    "not an unmanned aircraft system of note 43(c) on {on}",
    "unmanned aircraft system of note 43(c)(1)-(3)",
    "unmanned aircraft of 25 kg or less without thermal imaging, note 43(c)(4)",
    "Japan: critical components and technology of the United States or partners, note 43(d)",
    "not for use in or with an unmanned aircraft system of note 43(c)",
    "imported under an onshoring plan approved by Homeland Security or the Department of War",
    "imported under an onshoring plan approved by the Secretary of Commerce",
    "listed in note 43(c), but no unmanned aircraft duty in force on {on}",
)
EXEMPT_TEXT = {4: REASONS[4], 5: "onshoring plan (DHS/War)", 6: "onshoring plan (Commerce)"}
S301_NOTE = (
    "Section 232 unmanned aircraft systems and Section 301: note 52(f) (9903.05.90) does not list "
    "the unmanned aircraft headings, so the Section 301 duty is charged as well; one third-party "
    "review reads the contrary (docs/law.md, A14)"
)


def apply(state: State) -> None:
    """Apply the unmanned aircraft systems program to the goods of note 43(c)."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    rate = ctx.param(P + "rate")
    aircraft = rows & ctx.member("s232_uas_aircraft")
    small = rows & ctx.member("s232_uas_small")
    dual = rows & ctx.member("s232_uas_dual_use")
    listed = aircraft | small | dual
    out.decide(listed & ~rate.in_force, 7)
    aircraft, small, dual = (group & rate.in_force for group in (aircraft, small, dual))

    for_uas = ctx.frame.uas_use
    not_uas = dual & ~for_uas
    exempt(out, not_uas, ctx.param(P + "not_for_uas_heading"), 4)
    state.default(
        not_uas,
        "unmanned aircraft systems: the article is not declared for use in or with an unmanned aircraft "
        "system of note 43(c) (--uas-use), so it is entered under 9903.08.20 without the Section 232 duty",
    )
    covered = aircraft | small | (dual & for_uas)

    plan = ctx.frame.uas_onshoring
    for code, heading, reason in (
        (PLAN_DHS, "onshoring_dhs_heading", 5),
        (PLAN_COMMERCE, "onshoring_commerce_heading", 6),
    ):
        exempt(out, covered & (plan == code), ctx.param(P + heading), reason)
    planned = covered & (plan != NO_VALUE)

    allied = covered & ~planned & ctx.frame.uas_allied_components
    floor = ctx.param(P + "jp_floor_rate")
    japan = allied & floor.in_force
    heading = ctx.param(P + "jp_floor_heading")
    inclusive_floor(state, out, japan, floor, heading, heading)
    out.reason[japan] = 3

    charged = covered & ~planned & ~japan
    state.default(
        charged,
        "unmanned aircraft systems: the components test of note 43(d) is not declared "
        "(--uas-allied-components), so Japan's 15% inclusive rate (9903.08.24) does not apply",
    )
    thermal = ctx.frame.uas_thermal_imaging
    no_thermal = charged & small & ~thermal
    state.default(
        no_thermal,
        "unmanned aircraft systems: the aircraft is not declared to have thermal imaging "
        "(--uas-thermal-imaging), so it is a drone of note 43(c)(4) (9903.08.22, +25%)",
    )
    additional(state, out, no_thermal, ctx.param(P + "no_thermal_rate"), ctx.param(P + "no_thermal_heading"))
    out.reason[no_thermal] = 2
    full = charged & ~no_thermal
    additional(state, out, full, rate, ctx.param(P + "heading"))
    out.reason[full] = 1

    applied = covered
    s301_exempt = ctx.param(P + "s301_exempt").flag
    state.set_s232(applied, AUTHORITY, np.where(s301_exempt, ctx.frame.value, 0.0), blanket=s301_exempt)
    state.note(applied & ~s301_exempt, S301_NOTE)
