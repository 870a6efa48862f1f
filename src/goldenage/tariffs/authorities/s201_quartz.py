"""Section 201 global safeguard on quartz surface products (U.S. note 41).

Law: Proclamation 11051: from 2026-08-15 to 2030-08-14, quartz surface products (note 41(a):
predominantly silica with a resin binder, not quarried stone) of 6810.99.00.20, 6810.99.00.40
and 7020.00.60.00 pay an additional duty, cumulative with every other duty (note 41(b)):
9903.45.30 within the quarterly tariff-rate quota of note 41(d), 9903.45.31 beyond it; the
rates step down each year (note 41(e)). Japan is not among the exempt countries of note 41(c).
Declarations: ``quartz_surface_product`` (default: yes for the two lines of agglomerated quartz
slabs, no for the catch-all 7020.00.60.00) and ``quartz_quota`` (default: in quota).
"""

from __future__ import annotations

import numpy as np

from goldenage.tariffs.declarations import DECLARATIONS, NO_VALUE
from goldenage.tariffs.kernel.state import State, additional

AUTHORITY = "s201_quartz"
P = "us.s201.quartz."
SCOPES: tuple[str, ...] = ("s201_quartz_slabs", "s201_quartz_other")
OVER_QUOTA = DECLARATIONS["quartz_quota"].choices.index("over")
REASONS = (
    "not a line of note 41(a) on {on}",
    "quartz surface product within the tariff-rate quota of note 41(d)",
    "quartz surface product beyond the tariff-rate quota of note 41(d)",
    "not declared a quartz surface product of note 41(a)",
    "declared not a quartz surface product of note 41(a)",
    "no quartz safeguard in force on {on}",
)


def apply(state: State) -> None:
    """Charge the safeguard on quartz surface products, on top of every other duty."""
    ctx, out = state.ctx, state.outcome(AUTHORITY)
    rows = state.undecided()
    out.decide(rows, 0)
    slabs = rows & ctx.member("s201_quartz_slabs")
    other = rows & ctx.member("s201_quartz_other")
    listed = slabs | other
    in_rate, over_rate = ctx.param(P + "in_quota_rate"), ctx.param(P + "over_quota_rate")
    out.decide(listed & ~in_rate.in_force, 5)
    listed &= in_rate.in_force
    answer = ctx.frame.quartz_surface_product
    undeclared = answer == NO_VALUE
    product = listed & np.where(undeclared, slabs, answer == 1)
    out.decide(other & listed & undeclared, 3)
    out.decide(listed & ~undeclared & (answer == 0), 4)
    state.default(
        slabs & listed & undeclared,
        "quartz: agglomerated quartz slabs taken to be quartz surface products of note 41(a), so the "
        "safeguard 9903.45.30/.31 applies (declare --quartz-surface-product no if they are not)",
    )
    state.default(
        other & listed & undeclared,
        "quartz: 7020.00.60.00 not declared a quartz surface product of note 41(a) "
        "(--quartz-surface-product yes), so the safeguard 9903.45.30/.31 does not apply",
    )
    quota = ctx.frame.quartz_quota
    over = product & (quota == OVER_QUOTA)
    within = product & ~over
    state.default(
        within & (quota == NO_VALUE),
        "quartz: entered within the quarterly tariff-rate quota of note 41(d) (9903.45.30); declare "
        "--quartz-quota over when the quarter's quota is filled (9903.45.31)",
    )
    additional(state, out, within, in_rate, ctx.param(P + "in_quota_heading"))
    out.reason[within] = 1
    additional(state, out, over, over_rate, ctx.param(P + "over_quota_heading"))
    out.reason[over] = 2
