"""User fees collected with duty on a formal entry: MPF and HMF.

Law: 19 U.S.C. 58c(a)(9) and 19 CFR 24.23(b)(1)(i) (Merchandise Processing Fee, ad valorem
with a fiscal-year minimum and maximum per entry); 26 U.S.C. 4461 and 19 CFR 24.24 (Harbor
Maintenance Fee on port use, i.e. ocean shipments). The fiscal year starts on 1 October.
The amounts treat the line as one formal entry (the MPF limits apply per entry).
"""

from __future__ import annotations

import datetime as dt

from goldenage import params
from goldenage.money import round_cents
from goldenage.tariffs.inputs import Transport
from goldenage.tariffs.result import FeeItem


def merchandise_processing_fee(customs_value: float, on: dt.date) -> FeeItem:
    """Return the MPF: rate x value, raised to the minimum or cut to the maximum.

    The citation is that of the parameter that set the amount (rate, minimum or maximum).
    """
    rate = params.get("us.cbp.mpf.rate").period_at(on)
    minimum = params.get("us.cbp.mpf.minimum").period_at(on)
    maximum = params.get("us.cbp.mpf.maximum").period_at(on)
    amount = customs_value * rate.value
    governing = rate
    if amount < minimum.value:
        amount, governing = minimum.value, minimum
    elif amount > maximum.value:
        amount, governing = maximum.value, maximum
    return FeeItem("mpf", float(round_cents(amount)), governing.reference)


def harbor_maintenance_fee(customs_value: float, on: dt.date, transport: Transport) -> FeeItem | None:
    """Return the HMF for ocean shipments, ``None`` for air and land."""
    if transport != "ocean":
        return None
    rate = params.get("us.cbp.hmf.rate").period_at(on)
    return FeeItem("hmf", float(round_cents(customs_value * rate.value)), rate.reference)


def fees_for(customs_value: float, on: dt.date, transport: Transport) -> tuple[FeeItem, ...]:
    """Return the fees of a formal entry line: MPF, then HMF where it applies."""
    items = [merchandise_processing_fee(customs_value, on)]
    hmf = harbor_maintenance_fee(customs_value, on, transport)
    if hmf is not None:
        items.append(hmf)
    return tuple(items)
