"""One row of an evaluated frame as a :class:`~goldenage.tariffs.result.DutyResult`.

In two steps, so that the law compiled ahead can answer a single line without the rules:

1. :func:`explanation` takes from the evaluated state what the rules decided for one row and
   that does not depend on the entry's customs value or day: column 1's rate, every
   authority's decision, heading, reason, rate and citation, the fee parameters, the
   documented defaults. The law compiled ahead (:mod:`.explain`, :mod:`.table`) keeps the
   explanation of every key, evaluated on a customs value of 1 (``per_dollar``): its amounts
   and bases are then rates per dollar.
2. :func:`render` turns an explanation, the line in force, the day and the customs value into
   the result: amounts (``round_cents(rate x value)`` for an explanation per dollar, the
   compiled law's own arithmetic), rate texts, reasons, fees. The rules path and the table path
   share it, so their results are equal by construction where their explanations are
   (tests/tariffs/test_single_table.py compares them to the byte).

Rate texts, citations and decision reasons are built here, only for the rows shown, so
that the vectorised rules handle numbers and codes only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from goldenage.money import round_cent
from goldenage.provenance.citation import Citation
from goldenage.tariffs.hts_revisions import Revision
from goldenage.tariffs.kernel.layout import FEE_PARAMETERS, NOT_CONSIDERED, fee_amount
from goldenage.tariffs.kernel.state import ADDITIONAL, FLOOR_AT_OR_ABOVE, FLOOR_BELOW, SPECIFIC, State
from goldenage.tariffs.result import Decision, DutyComponent, DutyResult, FeeItem
from goldenage.tariffs.schedule import HTSLine

MFN = "mfn"
NOT_CONSIDERED_TEXT = "not considered: {program} applies (one Section 232 program per article)"


def percent(rate: float) -> str:
    """Format a fraction as a percentage without float noise (0.125 -> '12.5%')."""
    return f"{round(rate * 100, 6):g}%"


def money(amount: float) -> str:
    """Format US dollars ($6,000.00)."""
    return f"${amount:,.2f}"


@dataclass(frozen=True)
class Column1Part:
    """Column 1 of one row: rate text, column, ad valorem rate (None if not pure), amount, AVE."""

    text: str
    column: str  # "column 1 General" or "column 1 Special, program JP"
    ad_valorem_rate: float | None
    amount: float  # US dollars, or the rate per dollar (``Explanation.per_dollar``)
    ave: float  # the ad valorem equivalent the inclusive floors compare


@dataclass(frozen=True)
class AuthorityPart:
    """What one Chapter 99 authority decided for one row.

    ``reason`` and ``exempt`` are templates (``{on}``, ``{rate_text}``, ``{program}``, ``{base}``);
    ``amount`` is NaN where the authority adds no component; ``base`` (the value a rate is
    charged on) is NaN where none. Both are money: rates per dollar in an explanation per dollar.
    """

    authority: str
    applied: bool
    heading: str | None
    reason: str
    kind: int
    rate: float
    base: float
    label: str | None
    citation: Citation | None  # of the component, or of a decision naming a heading
    amount: float
    exempt: str


@dataclass(frozen=True)
class FeePart:
    """The fee parameters of the row's period and their citations (MPF rate, minimum, maximum; HMF).

    Law: 19 U.S.C. 58c(a)(9), 19 CFR 24.23(b)(1)(i); 26 U.S.C. 4461, 19 CFR 24.24.
    """

    values: tuple[float, float, float, float]  # as FEE_PARAMETERS
    citations: tuple[Citation | None, Citation | None, Citation | None, Citation | None]


@dataclass(frozen=True)
class DefaultPart:
    """A documented default the row used: its message and the values it names.

    ``scaled`` names the values that are money (rates per dollar in an explanation per dollar).
    """

    message: str
    values: tuple[tuple[str, object], ...]  # numbers, texts, dates
    scaled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Everything the rules decided for one row that the result shows, without value or day."""

    mfn: Column1Part
    authorities: tuple[AuthorityPart, ...]  # in the order of AUTHORITIES[1:]
    s232: str | None  # the Section 232 program that took the row
    fees: FeePart
    defaults: tuple[DefaultPart, ...]
    notes: tuple[str, ...] = ()  # readings or provisional facts the rules attach to the row
    loaded: str = ""  # the declared loading date (in-transit clauses name it), or empty
    per_dollar: bool = False  # amounts, bases and scaled values per dollar of customs value

    @cached_property
    def fixed_decisions(self) -> tuple[Decision | None, ...]:
        """Return the decision of each authority that is the same for every entry of the key.

        That of an authority that adds no component and whose reason names no day, base or
        rate, else ``None``: built once for an explanation kept by the table.
        """
        return tuple(
            Decision(
                part.authority,
                part.applied,
                part.heading,
                part.reason.format(program=self.s232, loaded=self.loaded)
                if "{" in part.reason
                else part.reason,
                () if part.citation is None else (part.citation,),
            )
            if math.isnan(part.amount) and not any(f in part.reason for f in ("{on", "{base", "{rate_text"))
            else None
            for part in self.authorities
        )


# --- from an evaluated state -------------------------------------------------------------


def _citation(state: State, parameter_id: str | None, row: int, heading: str | None) -> Citation | None:
    """Return the citation of a parameter's period on the row, naming ``heading`` if not already."""
    if parameter_id is None:
        return None
    period = state.ctx.param(parameter_id).reference(row)
    if period is None:
        return None
    citation = period.reference
    if heading and heading not in (citation.section or ""):
        section = f"{citation.section}; heading {heading}" if citation.section else f"heading {heading}"
        return citation.model_copy(update={"section": section})
    return citation


def _authority(state: State, authority: str, module: object, row: int) -> AuthorityPart:
    out = state.outcomes[authority]
    code = int(out.reason[row])
    reason = NOT_CONSIDERED_TEXT if code == NOT_CONSIDERED else module.REASONS[code]  # type: ignore[attr-defined]
    heading = out.heading[row]
    return AuthorityPart(
        authority=authority,
        applied=bool(out.applied[row]),
        heading=heading,
        reason=reason,
        kind=int(out.kind[row]),
        rate=float(out.rate[row]),
        base=float(out.base[row]),
        label=out.label[row],
        citation=_citation(state, out.cite[row], row, heading),
        amount=float(out.amount[row]),
        exempt=getattr(module, "EXEMPT_TEXT", {}).get(code, ""),
    )


def explanation(state: State, row: int, per_dollar: bool = False) -> Explanation:
    """Return the explanation of one row of ``state`` (the row must not have failed).

    ``per_dollar``: the state was evaluated on a customs value of 1 without rounding.
    """
    from goldenage.tariffs.kernel.engine import MODULES  # noqa: PLC0415 - the rules, only when evaluated

    mfn_rate = float(state.mfn.ad_valorem_rate[row])
    mfn = Column1Part(
        text=str(state.mfn.text[row]),
        column=str(state.mfn.column[row]),
        ad_valorem_rate=None if math.isnan(mfn_rate) else mfn_rate,
        amount=float(state.mfn.amount[row]),
        ave=float(state.ave[row]),
    )
    fees = FeePart(
        values=tuple(float(state.ctx.param(p).value[row]) for p in FEE_PARAMETERS),  # type: ignore[arg-type]
        citations=tuple(_citation(state, p, row, None) for p in FEE_PARAMETERS),  # type: ignore[arg-type]
    )
    return Explanation(
        mfn=mfn,
        authorities=tuple(_authority(state, name, module, row) for name, module in MODULES.items()),
        s232=state.s232[row],
        fees=fees,
        defaults=tuple(
            DefaultPart(message, tuple((k, _plain(v[row])) for k, v in values.items()), scaled)
            for message, rows, values, scaled in state.defaults
            if rows[row]
        ),
        notes=tuple(dict.fromkeys(message for message, rows in state.notes if rows[row])),
        loaded=_loaded(state, row),
        per_dollar=per_dollar,
    )


def _loaded(state: State, row: int) -> str:
    """Return the declared loading date of a row (text), or an empty text."""
    loaded = state.ctx.frame.loaded_on[row]
    return "" if np.isnat(loaded) else str(loaded)


def _plain(value: object) -> object:
    """Return a value of the rules' arrays as a plain number, text or date (as the data stores it)."""
    return value.item() if isinstance(value, np.generic) else value  # type: ignore[return-value]


def row_result(state: State, row: int, scenario: str, notes: tuple[str, ...] = ()) -> DutyResult:
    """Return the result of one row (the row must not have failed)."""
    frame = state.ctx.frame
    return render(
        explanation(state, row),
        line=state.ctx.line(row),
        code=str(frame.code[row]),
        day=frame.day[row].astype(dt.date),
        value=float(frame.value[row]),
        ocean=frame.transport[row] == "ocean",
        scenario=scenario,
        notes=notes,
    )


# --- to a result ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _mfn_citation(revision: Revision, subheading: str, column: str) -> Citation:
    return revision.cite(f"subheading {subheading}, rates of duty {column}")


def _rate_text(  # noqa: PLR0913 - the facts a rate text names
    part: AuthorityPart, ave: float, value: float, base: float, program: str | None, loaded: str
) -> tuple[str, float | None]:
    rate, label = part.rate, part.label
    partial = label is not None and base != value
    if part.kind == SPECIFIC:  # US dollars per unit (label) x the quantity in that unit (base)
        return f"+${rate:g}/{label} x {base:,.6g} {label}", None
    if part.kind == ADDITIONAL:
        if not partial:
            return f"+{percent(rate)}", rate
        return f"+{percent(rate)} of {label} ({money(base)})", None
    if part.kind == FLOOR_AT_OR_ABOVE:
        return (
            f"{percent(rate)} inclusive: no additional duty (column 1 {percent(ave)} >= {percent(rate)})",
            0.0,
        )
    if part.kind == FLOOR_BELOW:
        on_what = f" of {label} ({money(base)})" if partial else ""
        text = f"{percent(rate)} inclusive: +{percent(rate - ave)}{on_what} (column 1 {percent(ave)})"
        return text, None if partial else rate - ave
    return "exempt: " + part.exempt.format(program=program, loaded=loaded), 0.0


def render(  # noqa: PLR0913 - the entry facts an explanation leaves out
    explained: Explanation,
    *,
    line: HTSLine,
    code: str,
    day: dt.date,
    value: float,
    ocean: bool,
    scenario: str,
    notes: tuple[str, ...] = (),
) -> DutyResult:
    """Return the result of an entry of ``line`` on ``day`` at customs ``value`` under ``explained``."""
    scale = value if explained.per_dollar else 1.0

    def amount(coefficient: float) -> float:
        return round_cent(coefficient * value) if explained.per_dollar else coefficient

    mfn = explained.mfn
    subheading = line.subheading
    mfn_citation = _mfn_citation(line.revision, subheading, mfn.column)
    components = [
        DutyComponent(MFN, subheading, mfn.text, mfn.ad_valorem_rate, amount(mfn.amount), mfn_citation)
    ]
    decisions = [
        Decision(
            MFN, True, subheading, f"column 1 rate {mfn.text} of subheading {subheading}", (mfn_citation,)
        )
    ]
    program = explained.s232
    for part, fixed in zip(explained.authorities, explained.fixed_decisions, strict=True):
        if fixed is not None:
            decisions.append(fixed)
            continue
        base = part.base if part.kind == SPECIFIC else part.base * scale  # a quantity, or money
        citations: tuple[Citation, ...] = ()
        rate_text = None
        if not math.isnan(part.amount):
            rate_text, ad_valorem = _rate_text(part, mfn.ave, value, base, program, explained.loaded)
            citation: Citation = part.citation  # type: ignore[assignment] - a component always cites
            components.append(
                DutyComponent(
                    part.authority, part.heading, rate_text, ad_valorem, amount(part.amount), citation
                )
            )
            citations = (citation,)
        elif part.citation is not None:
            citations = (part.citation,)  # a decision naming a heading
        reason = part.reason
        if "{" in reason:
            shown = money(0.0 if math.isnan(base) else base) if "{base" in reason else ""
            reason = reason.format(
                on=day, rate_text=rate_text or "", program=program, base=shown, loaded=explained.loaded
            )
        decisions.append(Decision(part.authority, part.applied, part.heading, reason, citations))
    mpf, governing, hmf = fee_amount(value, ocean, *explained.fees.values)
    cited = explained.fees.citations
    fee_items = [FeeItem("mpf", mpf, cited[governing])]  # type: ignore[arg-type]
    if not math.isnan(hmf):
        fee_items.append(FeeItem("hmf", hmf, cited[3]))  # type: ignore[arg-type]
    defaults: dict[str, None] = {}
    for default in explained.defaults:
        values = {
            name: value * scale if name in default.scaled else value  # type: ignore[operator]
            for name, value in default.values
        }
        defaults[default.message.format(**values)] = None
    return DutyResult(
        hts10=code,
        origin="JP",
        entry_date=day,
        customs_value=value,
        scenario=scenario,
        duties=tuple(components),
        fees=tuple(fee_items),
        description=line.description,
        hts_revision=line.revision.edition,
        notes=(*notes, *explained.notes),
        decisions=tuple(decisions),
        defaults_used=tuple(defaults),
    )


__all__ = [
    "AuthorityPart",
    "Column1Part",
    "DefaultPart",
    "Explanation",
    "FeePart",
    "explanation",
    "money",
    "percent",
    "render",
    "row_result",
]
