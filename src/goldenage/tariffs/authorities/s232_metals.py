"""Section 232: steel, aluminum and copper.

Before 2025-03-12. Law: Proc. 9704 (2018): aluminum articles +10% (9903.85.01); Japanese
steel then entered under the 2022 tariff-rate quota (in-quota volumes exempt from 9903.80.01),
which is not modelled (in-quota assumed).

2025 regime (to 2026-04-05). Law: Procs. 10895/10896 (+25% from 2025-03-12), Proc. 10947
(+50% from 2025-06-04): steel articles (9903.81.87) and aluminum articles (9903.85.02), taken
as all metal unless a lower metal content is declared (aluminum of chapter 76 pays on its
aluminum content, note 19(f)); steel derivatives (9903.81.89-.93) and aluminum derivatives
(9903.85.04/.07/.08/.09) on the value of their metal content; Proc. 10962: copper
(9903.78.01, +50% of the copper content) from 2025-08-01. The IEEPA reciprocal duty is
excluded only for the metal content (U.S. note 2(v)(vi)-(xii)).

Annex regime (from 2026-04-06). Law: Proc. 11021, U.S. note 16: the full customs value, by
annex class (9903.82.02 50%, 9903.82.09 25%, 9903.82.10/.11 15% total); articles outside
chapters 72/73/74/76 whose listed metal is under 15% of their weight pay nothing (9903.82.03,
a declaration). Proc. 11032: mobile industrial equipment of Japan, 15% total (9903.82.22)
from 2026-06-08.

Civil aircraft goods of Japan declared for General Note 6 use are exempt (9903.96.02, from
2025-09-16).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.authorities.civil_aircraft import civil_aircraft
from goldenage.tariffs.kernel.context import ParamVector
from goldenage.tariffs.kernel.state import State, additional, inclusive_floor
from goldenage.tariffs.metal_content import default_share
from goldenage.tariffs.scopes import scope

AUTHORITY = "s232_metals"
P = "us.s232.metals."
_HEADING = re.compile(r"9903\.\d{2}\.\d{2}")

# (scope list, metal, rate parameter, heading parameter or None = from the list, base, reason)
REGIME_2025 = (
    ("s232_steel_articles", "steel", "steel_rate", "steel_articles_heading", "article", 2),
    ("s232_aluminum_articles", "aluminum", "aluminum_rate", "aluminum_articles_heading", "article", 3),
    ("s232_steel_derivatives", "steel", "steel_rate", None, "content", 4),
    ("s232_aluminum_derivatives", "aluminum", "aluminum_rate", None, "content", 5),
    ("s232_copper", "copper", "copper_rate", "copper_heading", "content", 6),
)
# (scope list, rate parameter, heading at or above (or the additional heading), heading below, reason)
ANNEX = (
    ("s232_metals_50", "annex_50_rate", "annex_50_heading", None, 8),
    ("s232_metals_25", "annex_25_rate", "annex_25_heading", None, 9),
    (
        "s232_mobile_equipment",
        "jp_mobile_equipment_floor_rate",
        "jp_mobile_equipment_heading",
        "jp_mobile_equipment_heading",
        10,
    ),
    (
        "s232_metals_floor15",
        "annex_floor15_rate",
        "annex_floor15_heading_at_or_above",
        "annex_floor15_heading_below",
        11,
    ),
)
BASE_METAL_CHAPTERS = ("72", "73", "74", "76")
SCOPES: tuple[str, ...] = (*(r[0] for r in REGIME_2025), *(a[0] for a in ANNEX), "ieepa_civil_aircraft_jp")
REASONS = (
    "not a listed steel, aluminum or copper article on this date",
    "civil aircraft good of Japan (9903.96.02)",
    "listed steel article",
    "listed aluminum article",
    "listed steel derivative (steel content)",
    "listed aluminum derivative (aluminum content)",
    "listed copper derivative (copper content)",
    "listed, but declared under 15% metal by weight (9903.82.03)",
    "listed in the metals annexes (50%)",
    "listed in the metals annexes (25%)",
    "listed mobile industrial equipment (note 16(c)(xi))",
    "listed in the metals annexes (15% inclusive)",
)


def apply(state: State) -> None:
    """Apply the metals program of the date, or record why it does not apply."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.open_rows()
    out.decide(rows, 0)
    in_any = np.zeros(len(rows), dtype=bool)
    for list_id in SCOPES[:-1]:
        in_any |= ctx.member(list_id)
    aircraft = civil_aircraft(state, rows) & in_any
    out.decide(aircraft, 1)
    out.heading[aircraft] = ctx.param("us.ieepa.reciprocal.jp_civil_aircraft_heading").at(aircraft)
    state.civil_aircraft_exempt |= aircraft
    remaining = rows & ~aircraft
    remaining = _regime_2025(state, remaining)
    _annex(state, remaining)


def _regime_2025(state: State, rows: np.ndarray) -> np.ndarray:
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    frame = ctx.frame
    declared = ~np.isnan(frame.metal_value)
    for list_id, metal, rate_id, heading_id, base, reason in REGIME_2025:
        rate = ctx.param(P + rate_id)
        if heading_id is not None:
            heading: ParamVector | np.ndarray = ctx.param(P + heading_id)
            has_heading = heading.in_force  # type: ignore[union-attr]
        else:
            heading = _list_headings(list_id)[ctx.entry(list_id)]
            has_heading = np.not_equal(heading, None)
        these = rows & ctx.member(list_id) & rate.in_force & has_heading
        if not these.any():
            continue
        rows = rows & ~these
        if base == "article":
            whole = these
        elif heading_id is None:  # a derivative list: the heading of each row decides
            whole = these & _full_value(state, heading)  # type: ignore[arg-type]
        else:
            whole = np.zeros_like(these)
        if whole.any():
            kind = "article" if base == "article" else "derivative charged on its full value"
            state.default(
                whole & ~declared,
                f"{metal} {kind}: its {metal} content is taken to be the full value "
                "(declare --metal-value if lower)",
            )
            additional(state, out, whole & ~declared, rate, heading)
            additional(
                state, out, whole & declared, rate, heading, base=frame.metal_value, label=f"{metal} content"
            )
            out.reason[whole] = reason
            state.set_s232(whole, AUTHORITY, np.where(declared, frame.metal_value, frame.value))
        parts = these & ~whole
        if parts.any():
            excluded = _content(state, parts, metal)
            parts &= ~frame.failed
            additional(state, out, parts, rate, heading, base=excluded, label=f"{metal} content")
            out.reason[parts] = reason
            state.set_s232(parts, AUTHORITY, excluded)
    return rows


def _full_value(state: State, heading: np.ndarray) -> np.ndarray:
    """Return the rows whose derivative heading charges the full value, not the metal content.

    Law: the general rates of 9903.81.89/.90 and 9903.85.04/.07 ("+ 25%", "+ 50%") against
    9903.81.91/9903.85.08 ("upon the value of the steel/aluminum content"); note 19(h): for goods
    of chapter 76, 9903.85.04 and 9903.85.07 apply to the aluminum content only.
    """
    ctx = state.ctx
    full = ctx.param(P + "full_value_derivative_headings")
    ch76 = ctx.param(P + "chapter_76_content_headings")
    whole = np.zeros(len(heading), dtype=bool)
    for period_value in {v for v in full.per_value.tolist() if v}:
        whole |= np.equal(full.value, period_value) & np.isin(heading, period_value.split())
    for period_value in {v for v in ch76.per_value.tolist() if v}:
        whole &= ~(
            np.equal(ch76.value, period_value)
            & (ctx.chapter == "76")
            & np.isin(heading, period_value.split())
        )
    return whole


@cache
def _list_headings(list_id: str) -> np.ndarray:
    """Return the Chapter 99 heading named by each row of a list, then ``None`` (index -1)."""
    return np.array([*(_first_heading(e.note) for e in scope(list_id).entries), None], dtype=object)


def _first_heading(note: str | None) -> str | None:
    if note is None:
        return None
    found = _HEADING.search(note)
    return found.group(0) if found else None


def _content(state: State, rows: np.ndarray, metal: str) -> np.ndarray:
    """Return the metal content value: declared, or the documented default estimate."""
    frame = state.ctx.frame
    declared = ~np.isnan(frame.metal_value)
    codes, cidx = state.ctx.codes, state.ctx.cidx
    by_code = np.full(len(codes), np.nan)  # only the codes of ``rows`` are looked up
    for k in np.unique(cidx[rows]).tolist():
        found = default_share(str(codes[k]), metal)
        if found is not None:
            by_code[k] = found
    share = by_code[cidx] if len(by_code) else np.zeros(0)
    missing = rows & ~declared & np.isnan(share)
    failing = np.flatnonzero(missing)
    if failing.size:  # one error per HTS line, shared by its rows
        htsnos = state.ctx.line_field("htsno")
        made: dict[int, InputError] = {}
        for version in state.ctx.line_index()[failing].tolist():
            if version not in made:
                msg = (
                    f"HTS {htsnos[version]} is a {metal} derivative whose duty is charged on its "
                    f"{metal} content, and no default content share is available"
                )
                made[version] = InputError("--metal-value", msg, f"the value in USD of the {metal} content")
        errors = [made[v] for v in state.ctx.line_index()[failing].tolist()]
        frame.fail_rows(failing, errors)
    estimated = share * frame.value
    defaulted = rows & ~declared & ~missing
    state.default(
        defaulted,
        f"{metal} content: not declared (--metal-value); default share {{share:.4f}} of the value = "
        "${value:,.2f} (modelled BEA input-output estimate, data/tariffs/metal_content_shares.csv)",
        scaled=("value",),
        share=share,
        value=estimated,
    )
    return np.where(declared, frame.metal_value, estimated)


def _annex(state: State, rows: np.ndarray) -> None:
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    base_metal = np.isin(ctx.chapter, BASE_METAL_CHAPTERS)
    light = ctx.frame.metal_weight_below_15pct
    for list_id, rate_id, heading_id, below_id, reason in ANNEX:
        rate = ctx.param(P + rate_id)
        these = rows & rate.in_force & ctx.member(list_id)
        if not these.any():
            continue
        rows = rows & ~these
        declared_light = these & ~base_metal & light
        out.decide(declared_light, 7)
        out.heading[declared_light] = ctx.param(P + "below_15pct_heading").value[declared_light]
        these &= ~declared_light
        state.default(
            these & ~base_metal,
            "metals annex: the listed metal is taken to be at least 15% of the article's weight "
            "(declare --metal-weight-below-15pct otherwise; heading 9903.82.03)",
        )
        if below_id is None:
            additional(state, out, these, rate, ctx.param(P + heading_id))
        else:
            inclusive_floor(state, out, these, rate, ctx.param(P + heading_id), ctx.param(P + below_id))
        out.reason[these] = reason
        state.set_s232(these, AUTHORITY, ctx.frame.value)
