"""One row of an evaluated frame as a :class:`~goldenage.tariffs.result.DutyResult`.

Rate texts, citations and decision reasons are built here, only for the rows shown, so
that the vectorised rules handle numbers and codes only.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from goldenage.provenance.citation import Citation
from goldenage.tariffs.kernel.engine import MODULES, MPF_PARAMETERS, NOT_CONSIDERED, fees
from goldenage.tariffs.kernel.state import (
    ADDITIONAL,
    FLOOR_AT_OR_ABOVE,
    FLOOR_BELOW,
    SPECIFIC,
    Outcome,
    State,
)
from goldenage.tariffs.result import Decision, DutyComponent, DutyResult, FeeItem

MFN = "mfn"


def percent(rate: float) -> str:
    """Format a fraction as a percentage without float noise (0.125 -> '12.5%')."""
    return f"{round(rate * 100, 6):g}%"


def money(amount: float) -> str:
    """Format US dollars ($6,000.00)."""
    return f"${amount:,.2f}"


def _cite(state: State, parameter_id: str, row: int, heading: str | None) -> Citation:
    period = state.ctx.param(parameter_id).reference(row)
    citation = period.reference  # type: ignore[union-attr]
    if heading and heading not in (citation.section or ""):
        section = f"{citation.section}; heading {heading}" if citation.section else f"heading {heading}"
        return citation.model_copy(update={"section": section})
    return citation


def _rate_text(state: State, out: Outcome, module: object, row: int) -> tuple[str, float | None]:
    kind = int(out.kind[row])
    value = float(state.ctx.frame.value[row])
    rate, base = float(out.rate[row]), float(out.base[row])
    label = out.label[row]
    partial = label is not None and base != value
    if kind == SPECIFIC:
        return f"+${rate:g}/{label} x {base:,.6g} {label}", None
    if kind == ADDITIONAL:
        if not partial:
            return f"+{percent(rate)}", rate
        return f"+{percent(rate)} of {label} ({money(base)})", None
    ave = float(state.ave[row])
    if kind == FLOOR_AT_OR_ABOVE:
        return (
            f"{percent(rate)} inclusive: no additional duty (column 1 {percent(ave)} >= {percent(rate)})",
            0.0,
        )
    if kind == FLOOR_BELOW:
        on_what = f" of {label} ({money(base)})" if partial else ""
        text = f"{percent(rate)} inclusive: +{percent(rate - ave)}{on_what} (column 1 {percent(ave)})"
        return text, None if partial else rate - ave
    why = getattr(module, "EXEMPT_TEXT", {}).get(int(out.reason[row]), "")
    return "exempt: " + why.format(program=state.s232[row], loaded=_loaded(state, row)), 0.0


def _loaded(state: State, row: int) -> str:
    """Return the declared loading date of a row (text), or an empty text."""
    loaded = state.ctx.frame.loaded_on[row]
    return "" if np.isnat(loaded) else str(loaded)


def _reason(state: State, out: Outcome, module: object, row: int, rate_text: str | None) -> str:
    code = int(out.reason[row])
    if code == NOT_CONSIDERED:
        return f"not considered: {state.s232[row]} applies (one Section 232 program per article)"
    template = module.REASONS[code]  # type: ignore[attr-defined]
    day = state.ctx.frame.day[row].astype(dt.date)
    base = float(out.base[row]) if not math.isnan(out.base[row]) else 0.0
    return template.format(
        on=day,
        rate_text=rate_text or "",
        program=state.s232[row],
        base=money(base),
        loaded=_loaded(state, row),
    )


def row_result(state: State, row: int, scenario: str, notes: tuple[str, ...] = ()) -> DutyResult:
    """Return the result of one row (the row must not have failed)."""
    ctx = state.ctx
    frame = ctx.frame
    line = ctx.line(row)
    mfn_amount = float(state.mfn.amount[row])
    mfn_rate = state.mfn.ad_valorem_rate[row]
    mfn_citation = line.revision.cite(f"subheading {line.subheading}, rates of duty {state.mfn.column[row]}")
    components = [
        DutyComponent(
            MFN,
            line.subheading,
            str(state.mfn.text[row]),
            None if math.isnan(mfn_rate) else float(mfn_rate),
            mfn_amount,
            mfn_citation,
        )
    ]
    decisions = [
        Decision(
            MFN,
            True,
            line.subheading,
            f"column 1 rate {state.mfn.text[row]} of subheading {line.subheading}",
            (mfn_citation,),
        )
    ]
    for authority, module in MODULES.items():
        out = state.outcomes[authority]
        heading = out.heading[row]
        citations: tuple[Citation, ...] = ()
        rate_text = None
        if not math.isnan(out.amount[row]):
            rate_text, ad_valorem = _rate_text(state, out, module, row)
            citation = _cite(state, out.cite[row], row, heading)
            components.append(
                DutyComponent(authority, heading, rate_text, ad_valorem, float(out.amount[row]), citation)
            )
            citations = (citation,)
        elif out.cite[row] is not None and state.ctx.param(out.cite[row]).reference(row) is not None:
            citations = (_cite(state, out.cite[row], row, heading),)  # a decision naming a heading
        reason = _reason(state, out, module, row, rate_text)
        decisions.append(Decision(authority, bool(out.applied[row]), heading, reason, citations))
    paid = fees(state)
    fee_items = [
        FeeItem("mpf", float(paid.mpf[row]), _cite(state, MPF_PARAMETERS[paid.mpf_governing[row]], row, None))
    ]
    if not math.isnan(paid.hmf[row]):
        fee_items.append(FeeItem("hmf", float(paid.hmf[row]), _cite(state, "us.cbp.hmf.rate", row, None)))
    return DutyResult(
        hts10=str(frame.code[row]),
        origin="JP",
        entry_date=frame.day[row].astype(dt.date),
        customs_value=float(frame.value[row]),
        scenario=scenario,
        duties=tuple(components),
        fees=tuple(fee_items),
        description=line.description,
        hts_revision=line.revision.edition,
        notes=(*notes, *state.notes_of(row)),
        decisions=tuple(decisions),
        defaults_used=state.defaults_of(row),
    )


__all__ = ["money", "percent", "row_result"]
