"""Rounding of money to cents, shared by the single-line and the vectorised paths."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

# Guards against binary representation just below a half cent (e.g. 12.4999999999 for 12.5).
_HALF_CENT_GUARD = 1e-9
# Two amounts of US dollars closer than half a cent are the same amount: a balance below it is
# cleared (floating-point residue of 1e-16 to 1e-6 dollars is not money).
HALF_CENT = 0.005


def round_cents(amount: float | npt.ArrayLike, out: np.ndarray | None = None) -> float | np.ndarray:
    """Round US dollar amounts to cents, halves away from zero (for non-negative amounts).

    Works elementwise on numpy arrays and returns a Python float for a scalar, so the
    single-line and batch engines round identically. ``out`` (a float64 array, which may be
    the input itself) receives the result without a new allocation.
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
    target = rounded if out is None else out
    np.copysign(rounded, array, out=target)
    target += 0.0  # turn -0.0 into 0.0
    if given.ndim == 0 and out is None:
        return float(target[0])
    return target


def round_cent(amount: float) -> float:
    """Round one amount as :func:`round_cents` does, in plain Python (the same operations, faster).

    Used for the few amounts of one entry line; equal to ``round_cents(amount)`` for every float
    (hypothesis-tested).
    """
    if math.isnan(amount):
        return amount
    shifted = abs(amount) * 100.0 + 0.5 + _HALF_CENT_GUARD
    rounded = math.floor(shifted) / 100.0 if math.isfinite(shifted) else shifted / 100.0
    return math.copysign(rounded, amount) + 0.0


def round_cents_nonnegative(amount: np.ndarray) -> np.ndarray:
    """Round non-negative amounts to cents in place; equal to :func:`round_cents` for x >= 0.

    (For x >= 0, sign(x) x floor(|x| x 100 + 0.5 + guard) / 100 is floor(x x 100 + 0.5 +
    guard) / 100: the same operations in the same order, without the sign.)
    """
    amount *= 100.0
    amount += 0.5
    amount += _HALF_CENT_GUARD
    np.floor(amount, out=amount)
    amount /= 100.0
    return amount
