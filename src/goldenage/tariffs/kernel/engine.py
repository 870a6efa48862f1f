"""Apply every authority, in order of precedence, to a whole frame.

1. Column 1 (MFN) duty; its ad valorem equivalent feeds every inclusive floor.
2. At most one Section 232 program per article, tried in this order: semiconductors (note
   39(a) switches off autos, MHD, metals), passenger vehicles and parts (note 33: no metals,
   no wood), medium/heavy-duty vehicles (note 38: no metals), pharmaceuticals (note 40),
   unmanned aircraft systems (note 43), polysilicon derivatives (note 42 of the proclamation
   of 2026-08-06), wood (note 37), metals (notes 16, 19, 36 and the 2025 derivative lists).
   Notes 42 and 43 order themselves against no other program; no line of theirs is in another
   program's list except 8537.10 (auto parts, where the vehicle-part declaration decides).
3. The cumulative layers, charged on top of whatever applies: the polysilicon
   minimum-import-price duty (note 42(a)) and the Section 201 quartz safeguard (note 41(b)).
4. The blanket layer in force on the date: IEEPA reciprocal (to 2026-02-23), Section 122
   (2026-02-24 to 2026-07-23), Section 301 (from 2026-07-24); each checks its own
   exemptions, including the Section 232 exclusions (9903.01.33, 9903.03.06, 9903.05.90) of
   the programs their notes list.

Law: HTSUS ch. 99 subch. III U.S. notes 2(v), 2(aa), 16, 33, 37-43, 52 (see docs/law.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goldenage.money import round_cents
from goldenage.tariffs.authorities import (
    ieepa,
    s122,
    s201_quartz,
    s232_autos,
    s232_metals,
    s232_mhd,
    s232_pharma,
    s232_polysilicon,
    s232_polysilicon_mip,
    s232_semiconductors,
    s232_uas,
    s232_wood,
    s301,
)
from goldenage.tariffs.kernel.column1 import column1
from goldenage.tariffs.kernel.context import Context
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import (
    AUTHORITIES,
    FEE_PARAMETERS,
    MPF_PARAMETERS,
    NOT_CONSIDERED,
    fee_amounts,
    mpf_governing,
)
from goldenage.tariffs.kernel.state import State
from goldenage.tariffs.law import Law

SECTION_232 = (
    s232_semiconductors,
    s232_autos,
    s232_mhd,
    s232_pharma,
    s232_uas,
    s232_polysilicon,
    s232_wood,
    s232_metals,
)
CUMULATIVE = (s232_polysilicon_mip, s201_quartz)
BLANKET = (ieepa, s122, s301)
MODULES = {m.AUTHORITY: m for m in (*SECTION_232, *CUMULATIVE, *BLANKET)}
if AUTHORITIES != ("mfn", *MODULES):  # the names of layout.py are the rules' own, in their order
    msg = f"kernel.layout.AUTHORITIES {AUTHORITIES} differ from the rule modules {('mfn', *MODULES)}"
    raise ImportError(msg)


@dataclass(frozen=True)
class Fees:
    """MPF and HMF of every row, with the parameter that governs each MPF amount."""

    mpf: np.ndarray
    mpf_governing: np.ndarray  # int8: index into MPF_PARAMETERS (rate, minimum, maximum)
    hmf: np.ndarray  # NaN where no HMF (air, land)


def evaluate(
    frame: EntryFrame,
    law: Law,
    rates_only: bool = False,
    context: Context | None = None,
    details: bool | None = None,
) -> State:
    """Return the state after every authority has been applied to every row.

    Amounts are rounded to cents, and every outcome keeps its headings, citations and bases.
    ``rates_only=True`` keeps the exact products and no details, so that on a customs value
    of 1 every amount is the rate per dollar (the compiled law); ``details=True`` keeps the
    details all the same (the compiled law's labels and explanations). ``context`` is the frame's
    context when the caller has already built it (:meth:`Context.subset`).
    """
    round_amounts = not rates_only
    if context is not None and (context.frame is not frame or context.law is not law):
        msg = "the context given is not the frame's under this law"
        raise ValueError(msg)
    ctx = Context(frame, law) if context is None else context
    n = len(frame)
    state = State(
        ctx=ctx,
        mfn=column1(ctx, round_amounts),
        s232=np.empty(n, dtype=object),  # filled with None
        s232_excluded=np.zeros(n),
        civil_aircraft_exempt=np.zeros(n, dtype=bool),
        details=not rates_only if details is None else details,
    )
    for program in SECTION_232:
        taken = np.not_equal(state.s232, None) & ~frame.failed
        program.apply(state)
        state.outcome(program.AUTHORITY).reason[taken] = NOT_CONSIDERED
    for layer in (*CUMULATIVE, *BLANKET):
        layer.apply(state)
    if round_amounts:
        for outcome in state.outcomes.values():
            outcome.amount[:] = round_cents(outcome.amount)
    return state


def totals(state: State) -> np.ndarray:
    """Return the duty total of every row (sum of the rounded components; NaN if failed)."""
    total = np.where(np.isnan(state.mfn.amount), 0.0, state.mfn.amount)
    for outcome in state.outcomes.values():
        total = total + np.where(np.isnan(outcome.amount), 0.0, outcome.amount)
    total = np.round(total, 2)
    total[state.ctx.frame.failed] = np.nan
    return total


def fees(state: State) -> Fees:
    """Return the MPF (rate x value within the fiscal-year limits) and the HMF (ocean only).

    Law: 19 U.S.C. 58c(a)(9), 19 CFR 24.23(b)(1)(i) (MPF per formal entry); 26 U.S.C. 4461,
    19 CFR 24.24 (HMF on port use).
    """
    ctx = state.ctx
    rate, minimum, maximum, hmf_rate = (ctx.param(parameter_id).value for parameter_id in FEE_PARAMETERS)
    mpf, hmf = fee_amounts(ctx.frame.value, ctx.frame.transport == "ocean", rate, minimum, maximum, hmf_rate)
    return Fees(mpf, mpf_governing(ctx.frame.value, rate, minimum, maximum), hmf)


__all__ = [
    "AUTHORITIES",
    "FEE_PARAMETERS",
    "MODULES",
    "MPF_PARAMETERS",
    "evaluate",
    "fee_amounts",
    "fees",
    "totals",
]
