"""What the authority modules share: the entry being computed, decisions, components."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from goldenage.money import round_cents
from goldenage.params import Period
from goldenage.provenance.citation import Citation
from goldenage.tariffs.law import Law
from goldenage.tariffs.origins import Origin
from goldenage.tariffs.result import DutyComponent
from goldenage.tariffs.schedule import HTSLine

PharmaStatus = Literal["patented", "generic"]


@dataclass(frozen=True)
class Declarations:
    """Facts only the importer knows; each has a documented default.

    - ``metal_value``: value in USD of the steel, aluminum or copper content of a
      derivative article (default: the cited modelled content share times the value);
    - ``civil_aircraft``: the good is for use in civil aircraft under General Note 6
      (default: not declared, so the civil-aircraft exemptions do not apply);
    - ``pharma``: a pharmaceutical of U.S. note 40 is ``patented`` or ``generic``
      (default: not declared, so the Section 232 pharmaceutical duty is not applied);
    - ``advanced_semiconductor``: the article meets the technical thresholds of U.S. note 39
      (default: not declared);
    - ``metal_weight_below_15pct``: for articles outside chapters 72/73/74/76 in the 2026
      metals annexes, the listed metal is under 15% of the article's weight (default: not
      declared, so the duty applies);
    - ``vehicle_part``: an article classifiable in a provision of the auto-parts (note 33(g))
      or MHD-parts (note 38(i)) lists is, or is not, a part of such a vehicle (default: read
      from the line's HTSUS description, see :func:`is_vehicle_part`);
    - ``certified_auto_part``: the importer certifies that an automobile part outside the
      listed provisions will be used for automobile production or repair in the United States
      (U.S. note 33(p)/(r); default: not certified);
    - ``pharmaceutical_use``: a chemical of U.S. note 52(e) is for pharmaceutical use
      (Section 301 exemption 9903.05.89; default: not declared).
    """

    metal_value: float | None = None
    civil_aircraft: bool = False
    pharma: PharmaStatus | None = None
    advanced_semiconductor: bool = False
    metal_weight_below_15pct: bool = False
    vehicle_part: bool | None = None
    certified_auto_part: bool = False
    pharmaceutical_use: bool = False


@dataclass(frozen=True)
class Decision:
    """Whether one authority applied to the entry, and why."""

    authority: str
    applied: bool
    heading: str | None
    reason: str
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the decision as JSON-ready data."""
        return {
            "authority": self.authority,
            "applied": self.applied,
            "heading": self.heading,
            "reason": self.reason,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass
class Stack:
    """The entry line and the layers decided so far."""

    line: HTSLine
    origin: Origin
    on: dt.date
    value: float
    quantity: float | None
    unit: str | None
    preference: str | None
    declarations: Declarations
    law: Law
    components: list[DutyComponent] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    mfn_amount: float = 0.0
    s232_program: str | None = None  # the Section 232 program that applied, if any
    s232_excluded_value: float = 0.0  # value the 232 program removes from the blanket layers
    civil_aircraft_exempt: bool = False

    @property
    def code(self) -> str:
        """Return the 10-digit code of the line."""
        return self.line.code

    @property
    def mfn_ave(self) -> float:
        """Return the column 1 duty as a fraction of the customs value (ad valorem equivalent).

        Law: HTSUS ch. 99 U.S. note 2(v)(xix), 33(m), 52(k): specific and compound rates are
        compared with a floor through their ad valorem equivalent.
        """
        return self.mfn_amount / self.value

    def decide(
        self,
        authority: str,
        applied: bool,
        reason: str,
        heading: str | None = None,
        citations: tuple[Citation, ...] = (),
    ) -> None:
        """Record a decision."""
        self.decisions.append(Decision(authority, applied, heading, reason, citations))

    def add(
        self,
        authority: str,
        heading: str,
        rate_text: str,
        ad_valorem_rate: float | None,
        amount: float,
        citation: Citation,
    ) -> DutyComponent:
        """Add a duty component (amount rounded to cents) and return it."""
        component = DutyComponent(
            authority=authority,
            heading=heading,
            rate_text=rate_text,
            ad_valorem_rate=ad_valorem_rate,
            amount=float(round_cents(amount)),
            citation=citation,
        )
        self.components.append(component)
        return component


_VEHICLE_WORDS = re.compile(
    r"motor (?:cars|vehicles)|vehicles? of (?:sub)?headings? 87|vehicles of chapter 87|automobile",
    re.IGNORECASE,
)


def is_vehicle_part(stack: Stack, program: str) -> bool:
    """Return whether a listed article is a vehicle part: declared, or by the documented default.

    Law: U.S. note 33(h)(ii) (9903.94.06: articles in the 33(g) provisions that are not parts of
    passenger vehicles or light trucks pay no Section 232 duty); U.S. note 38(i) likewise for
    medium- and heavy-duty vehicle parts. Default when not declared: a part if the line is in
    chapter 87 or its HTSUS description names motor cars, motor vehicles or vehicles of
    chapter 87 (e.g. 4011.10 tyres "of a kind used on motor cars"); otherwise not (e.g. a
    laptop of 8471).
    """
    declared = stack.declarations.vehicle_part
    if declared is not None:
        return declared
    text = " ".join(stack.line.description_path)
    default = stack.code.startswith("87") or bool(_VEHICLE_WORDS.search(text))
    verdict = "a vehicle part" if default else "not a vehicle part"
    stack.defaults.append(
        f"{program}: the article is classifiable in a listed provision and is taken to be {verdict} "
        "from its HTSUS description (declare --vehicle-part yes|no)"
    )
    return default


def percent(rate: float) -> str:
    """Format a fraction as a percentage without float noise (0.125 -> '12.5%')."""
    return f"{round(rate * 100, 6):g}%"


def money(amount: float) -> str:
    """Format US dollars for rate texts ($6,000.00)."""
    return f"${amount:,.2f}"


def cite(period: Period, heading: str) -> Citation:
    """Return the citation of a rate period, naming the heading it is charged under."""
    citation = period.reference
    if heading not in (citation.section or ""):
        section = f"{citation.section}; heading {heading}" if citation.section else f"heading {heading}"
        return citation.model_copy(update={"section": section})
    return citation


def additional(
    stack: Stack,
    authority: str,
    rate: Period,
    heading: Period,
    base: float | None = None,
    base_label: str | None = None,
) -> DutyComponent:
    """Add an additional ad valorem duty: ``rate x base`` (base defaults to the customs value)."""
    code = heading.value
    if base is None or base == stack.value:
        return stack.add(
            authority,
            code,
            f"+{percent(rate.value)}",
            rate.value,
            rate.value * stack.value,
            cite(rate, code),
        )
    text = f"+{percent(rate.value)} of {base_label or 'part of the value'} ({money(base)})"
    return stack.add(authority, code, text, None, rate.value * base, cite(rate, code))


def inclusive_floor(
    stack: Stack,
    authority: str,
    floor: Period,
    heading_at_or_above: Period,
    heading_below: Period,
    base: float | None = None,
    base_label: str | None = None,
) -> DutyComponent:
    """Add the duty of an all-inclusive rate: column 1 plus this duty total ``floor``.

    Where the column 1 ad valorem equivalent is at or above the floor, the "at or above"
    heading applies with no additional duty; below it, the difference is charged on
    ``base`` (the customs value unless a Section 232 metal content is carved out).

    Law: EO 14345 (HTSUS 9903.02.72/.73, 9903.94.40-.43); Proc. 10976 (9903.76.21);
    U.S. notes 2(v)(xix), 33(m), 52(k) (ad valorem equivalents).
    """
    total = floor.value
    ave = stack.mfn_ave
    if ave >= total:
        code = heading_at_or_above.value
        text = f"{percent(total)} inclusive: no additional duty (column 1 {percent(ave)} >= {percent(total)})"
        return stack.add(authority, code, text, 0.0, 0.0, cite(floor, code))
    code = heading_below.value
    top_up = total - ave
    partial = base is not None and base != stack.value
    on_what = f" of {base_label} ({money(base)})" if partial else ""  # type: ignore[arg-type]
    text = f"{percent(total)} inclusive: +{percent(top_up)}{on_what} (column 1 {percent(ave)})"
    amount = top_up * (base if partial else stack.value)  # type: ignore[operator]
    return stack.add(authority, code, text, None if partial else top_up, amount, cite(floor, code))


def exempt(stack: Stack, authority: str, heading: Period, why: str) -> DutyComponent:
    """Add a zero-duty component under an exemption heading (reported, as on the entry)."""
    code = heading.value
    return stack.add(authority, code, f"exempt: {why}", 0.0, 0.0, cite(heading, code))


def blanket_exemption(
    stack: Stack,
    authority: str,
    prefix: str,
    lists: tuple[str, str],
    notes: tuple[str, str],
) -> bool:
    """Record the exemption of a blanket layer (Sections 122 and 301) if one applies.

    In order: declared civil aircraft goods of the layer's aircraft list, goods subject to a
    Section 232 program, goods of the layer's exemption list. ``lists`` and ``notes`` are the
    (aircraft, exemption) list ids and their U.S. note subdivisions; the headings are the
    parameters ``civil_aircraft_heading``, ``exempt_s232_heading`` and ``exempt_list_heading``
    under ``prefix``. Returns whether an exemption was recorded.
    """
    law, on = stack.law, stack.on
    aircraft_list, exempt_list = lists
    aircraft_note, exempt_note = notes
    checks = (
        (
            stack.declarations.civil_aircraft and law.scope(aircraft_list).contains(stack.code, on),
            "civil_aircraft_heading",
            f"civil aircraft good, note {aircraft_note}",
        ),
        (
            stack.s232_program is not None,
            "exempt_s232_heading",
            f"subject to Section 232 ({stack.s232_program})",
        ),
        (
            law.scope(exempt_list).contains(stack.code, on),
            "exempt_list_heading",
            f"listed in note {exempt_note}",
        ),
    )
    for hit, heading_id, why in checks:
        if hit:
            component = exempt(stack, authority, law.period(prefix + heading_id, on), why)  # type: ignore[arg-type]
            stack.decide(authority, False, why, component.heading, (component.citation,))
            return True
    return False
