"""Rounding of money to cents, shared by the single-line and the vectorised paths."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Guards against binary representation just below a half cent (e.g. 12.4999999999 for 12.5).
_HALF_CENT_GUARD = 1e-9


def round_cents(amount: float | npt.ArrayLike) -> float | np.ndarray:
    """Round US dollar amounts to cents, halves away from zero (for non-negative amounts).

    Works elementwise on numpy arrays and returns a Python float for a scalar, so the
    single-line and batch engines round identically.
    """
    given = np.asarray(amount, dtype=np.float64)
    array = np.atleast_1d(given)
    # sign(x) * floor(|x| * 100 + 0.5 + guard) / 100, in place (NaN stays NaN).
    rounded = np.abs(array)
    rounded *= 100.0
    rounded += 0.5
    rounded += _HALF_CENT_GUARD
    np.floor(rounded, out=rounded)
    rounded /= 100.0
    np.copysign(rounded, array, out=rounded)
    rounded += 0.0  # turn -0.0 into 0.0
    if given.ndim == 0:
        return float(rounded[0])
    return rounded
