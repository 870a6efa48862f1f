"""Section 232: passenger vehicles, light trucks and their parts (U.S. note 33, subch. III).

Law: Proclamation 10908 (90 FR 14705): +25% on vehicles of note 33(b) from 2025-04-03
(9903.94.01) and on parts of note 33(g) from 2025-05-03 (9903.94.05). EO 14345 (90 FR
44638): for goods of Japan from 2025-09-16, a 15% all-inclusive rate (9903.94.40/.41
vehicles, 9903.94.42/.43 parts) in place of the 25%; not retroactive. Articles of the (g)
provisions that are not vehicle parts: 9903.94.06, no duty (note 33(h)(ii)). Certified parts
for US production or repair outside the listed provisions (note 33(p)/(r)): 9903.94.07
(+25%), for Japan 9903.94.54/.55 (15% inclusive), from 2025-11-01; not for chapters 72, 73,
76 or the MHD parts of note 38(i).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.authorities.vehicle_parts import vehicle_part
from goldenage.tariffs.kernel.state import State, additional, inclusive_floor

AUTHORITY = "s232_autos"
P = "us.s232.autos."
SCOPES: tuple[str, ...] = ("s232_vehicles", "s232_auto_parts")
REASONS = (
    "not a vehicle of note 33(b) or a part of note 33(g) on this date",
    "listed vehicles (note 33(b)): {rate_text}",
    "listed parts (note 33(g)): {rate_text}",
    "listed vehicles, but no Section 232 autos duty in force on {on}",
    "listed parts, but no Section 232 autos duty in force on {on}",
    "classifiable in a note 33(g) provision but not a part of a passenger vehicle or light truck",
    "certified automobile part for US production or repair (note 33(p)/(r)): {rate_text}",
    "certified automobile part, but note 33(p) excludes chapters 72, 73, 76 and note 38(i) parts",
    "certified automobile part, but no duty in force on {on}",
)
EXCLUDED_CHAPTERS = ("72", "73", "76")


def apply(state: State) -> None:
    """Apply the autos program to listed vehicles and parts and to certified parts."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    vehicles = rows & ctx.member("s232_vehicles")
    listed_parts = rows & ~vehicles & ctx.member("s232_auto_parts")
    parts = vehicle_part(state, listed_parts, AUTHORITY)
    non_parts = listed_parts & ~parts
    out.decide(non_parts, 5, cite=P + "non_parts_heading")
    out.heading[non_parts] = ctx.param(P + "non_parts_heading").at(non_parts)
    floor = ctx.param(P + "jp_floor_rate")
    for kind, these, applied_reason, idle_reason in (("vehicles", vehicles, 1, 3), ("parts", parts, 2, 4)):
        with_floor = these & floor.in_force
        inclusive_floor(
            state,
            out,
            with_floor,
            floor,
            ctx.param(f"{P}jp_{kind}_heading_at_or_above"),
            ctx.param(f"{P}jp_{kind}_heading_below"),
        )
        rate = ctx.param(f"{P}{kind}_rate")
        stacked = these & ~floor.in_force & rate.in_force
        additional(state, out, stacked, rate, ctx.param(f"{P}{kind}_heading"))
        out.decide(these & ~floor.in_force & ~rate.in_force, idle_reason)
        applied = with_floor | stacked
        out.reason[applied] = applied_reason
        state.set_s232(applied, AUTHORITY, ctx.frame.value)
    _certified(state, rows & ~vehicles & ~listed_parts & ctx.frame.certified_auto_part)


def _certified(state: State, certified: np.ndarray) -> None:
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    if not certified.any():
        return
    excluded = certified & (np.isin(ctx.chapter, EXCLUDED_CHAPTERS) | ctx.member("s232_mhd_parts"))
    out.decide(excluded, 7)
    eligible = certified & ~excluded
    floor = ctx.param(P + "jp_floor_rate")
    below = ctx.param(P + "jp_certified_parts_heading_below")
    with_floor = eligible & floor.in_force & below.in_force
    inclusive_floor(
        state, out, with_floor, floor, ctx.param(P + "jp_certified_parts_heading_at_or_above"), below
    )
    rate = ctx.param(P + "certified_parts_rate")
    stacked = eligible & ~with_floor & rate.in_force
    additional(state, out, stacked, rate, ctx.param(P + "certified_parts_heading"))
    out.decide(eligible & ~with_floor & ~rate.in_force, 8)
    applied = with_floor | stacked
    out.reason[applied] = 6
    state.set_s232(applied, AUTHORITY, ctx.frame.value)
