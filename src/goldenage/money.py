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
    array = np.asarray(amount, dtype=np.float64)
    rounded = np.sign(array) * np.floor(np.abs(array) * 100.0 + 0.5 + _HALF_CENT_GUARD) / 100.0
    rounded = rounded + 0.0  # turn -0.0 into 0.0
    if rounded.ndim == 0:
        return float(rounded)
    return rounded
