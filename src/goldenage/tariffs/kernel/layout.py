"""What every path of the columnar engine shares without loading the rules.

The authorities in the order the engine applies them (the output columns of a batch), the
parameters of the fees and the fee arithmetic. :mod:`.engine` checks at import that its rule
modules come in this order, so the names are written once here and verified against the rules.

Law: 19 U.S.C. 58c(a)(9), 19 CFR 24.23(b)(1)(i) (MPF per formal entry); 26 U.S.C. 4461,
19 CFR 24.24 (HMF on port use).
"""

from __future__ import annotations

import math

import numpy as np

from goldenage.money import round_cent, round_cents

# Column 1 first, then the Section 232 programs in their order of precedence, the cumulative
# layers, then the blanket layers (see the docstring of :mod:`.engine`).
AUTHORITIES = (
    "mfn",
    "s232_semiconductors",
    "s232_autos",
    "s232_mhd",
    "s232_pharma",
    "s232_uas",
    "s232_polysilicon",
    "s232_wood",
    "s232_metals",
    "s232_polysilicon_mip",
    "s201_quartz",
    "ieepa_reciprocal",
    "s122",
    "s301",
)
MPF_PARAMETERS = ("us.cbp.mpf.rate", "us.cbp.mpf.minimum", "us.cbp.mpf.maximum")

# A compiled key (:mod:`.compiled`): ((10-digit code as a number) x PERIOD_SLOTS + period) x
# FLAG_SLOTS + declarations profile (0 = no declaration, no preference; the profiles of a compiled
# law number the combinations of declarations it has met, see CompiledLaw._flags).
# Status of a compiled key: computable; refused (the same error for every row of the key);
# refused without a quantity, computed with one.
PERIOD_SLOTS = 128
FLAG_SLOTS = 4096
OK, ERROR, NEEDS_QUANTITY = 0, 1, 2
NOT_CONSIDERED = -1  # reason code of a Section 232 program when another one took the row


def key_parts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the code (as a number), the period and the declaration bits of compiled keys."""
    return keys // (PERIOD_SLOTS * FLAG_SLOTS), (keys // FLAG_SLOTS) % PERIOD_SLOTS, keys % FLAG_SLOTS


FEE_PARAMETERS = (*MPF_PARAMETERS, "us.cbp.hmf.rate")


def fee_amounts(  # noqa: PLR0913 - one argument per parameter
    value: np.ndarray,
    ocean: np.ndarray,
    rate: np.ndarray,
    minimum: np.ndarray,
    maximum: np.ndarray,
    hmf_rate: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the MPF and the HMF (NaN where not ocean) of rows, given each row's fee parameters."""
    mpf = value * rate
    np.clip(mpf, minimum, maximum, out=mpf)
    hmf = np.where(ocean, value * hmf_rate, np.nan)
    return round_cents(mpf, out=mpf), round_cents(hmf, out=hmf)  # type: ignore[return-value]


def mpf_governing(
    value: np.ndarray, rate: np.ndarray, minimum: np.ndarray, maximum: np.ndarray
) -> np.ndarray:
    """Return which MPF parameter governs each row's fee: 0 the rate, 1 the minimum, 2 the maximum."""
    raw = value * rate
    return np.where(raw < minimum, 1, np.where(raw > maximum, 2, 0)).astype(np.int8)


def fee_amount(  # noqa: PLR0913 - one argument per parameter
    value: float, ocean: bool, rate: float, minimum: float, maximum: float, hmf_rate: float
) -> tuple[float, int, float]:
    """Return the MPF, the MPF parameter governing it and the HMF (NaN if not ocean) of one entry.

    The operations of :func:`fee_amounts` and :func:`mpf_governing` on one row, in plain Python
    (equal to them for every input: hypothesis-tested).
    """
    raw = value * rate
    limits = (raw, minimum, maximum)
    mpf = math.nan if any(math.isnan(x) for x in limits) else min(max(raw, minimum), maximum)
    governing = 1 if raw < minimum else 2 if raw > maximum else 0
    hmf = round_cent(value * hmf_rate) if ocean else math.nan
    return round_cent(mpf), governing, hmf


__all__ = [
    "AUTHORITIES",
    "ERROR",
    "FEE_PARAMETERS",
    "FLAG_SLOTS",
    "MPF_PARAMETERS",
    "NEEDS_QUANTITY",
    "NOT_CONSIDERED",
    "OK",
    "PERIOD_SLOTS",
    "fee_amount",
    "fee_amounts",
    "key_parts",
    "mpf_governing",
]
