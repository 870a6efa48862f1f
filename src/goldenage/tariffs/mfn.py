"""The column 1 duty of an HTSUS line: General (MFN) rate, or a claimed Special rate.

Law: HTSUS General Note 3(a)(i) (column 1 General rates apply to products of countries
not listed in General Note 3(b)); General Note 36 (United States-Japan Trade Agreement:
the "JP" rates of the Special column, when claimed). Statistical suffixes carry the rate of
their 8-digit subheading.
"""

from __future__ import annotations

from goldenage.errors import InputError
from goldenage.money import round_cents
from goldenage.tariffs.origins import Origin
from goldenage.tariffs.rate_text import RateExpression, parse_rate, parse_special
from goldenage.tariffs.result import DutyComponent
from goldenage.tariffs.schedule import HTSLine

AUTHORITY = "mfn"


def column1_rate(line: HTSLine, origin: Origin, preference: str | None = None) -> tuple[RateExpression, str]:
    """Return the column 1 rate that applies and the column it comes from.

    With ``preference`` (a program symbol such as ``JP``) the Special rate of that program
    applies where the line has one; otherwise the General rate.
    """
    if preference is not None:
        program = preference.strip().upper()
        if program not in origin.preference_programs:
            msg = f"program {preference!r} is not available to goods of {origin.name}"
            accepted = ", ".join(origin.preference_programs) or "no program"
            field = "--preference"
            raise InputError(field, msg, accepted)
        special = parse_special(line.special, line=line.htsno) if line.special else {}
        if program in special:
            return special[program], f"column 1 Special, program {program}"
    column = "general" if origin.column == "general" else "other"
    text = getattr(line, column)
    label = "column 1 General" if column == "general" else "column 2"
    return parse_rate(text, line=line.htsno), label


def column1_component(
    line: HTSLine,
    origin: Origin,
    customs_value: float,
    quantity: float | None = None,
    unit: str | None = None,
    preference: str | None = None,
) -> DutyComponent:
    """Return the column 1 duty of one entry line as a cited component."""
    rate, column = column1_rate(line, origin, preference)
    amount = rate.amount(customs_value, quantity, unit=unit, line=line.htsno)
    return DutyComponent(
        authority=AUTHORITY,
        heading=line.subheading,
        rate_text=rate.text,
        ad_valorem_rate=rate.ad_valorem_rate,
        amount=float(round_cents(amount)),
        citation=line.revision.cite(f"subheading {line.subheading}, rates of duty {column}"),
    )
