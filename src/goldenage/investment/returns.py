"""Japan's returns, vectorised over paths: IRR (safeguarded Newton) and NPV.

The IRR is the annual rate ``i`` at which the net flows ``c_k`` (receipts minus funding at
time ``t_k`` years) have zero present value: ``sum_k c_k (1+i)**(-t_k) = 0``. For equal
periods (``m`` a year) this is a polynomial in the per-period discount factor
``w = (1+i)**(-1/m)``, ``P(w) = sum_k c_k w**k``, evaluated with Horner's rule; dated flows
use ``w**t_k`` directly. Each path's root is found by Newton's method kept inside a bracket
that brackets a sign change (a bisection step replaces any Newton step that leaves it), all
paths at once: no per-path Python loop.

Reported: the annual IRR in ``[-0.99, 100]``; ``-1.0`` when Japan receives nothing (a total
loss); ``nan`` when the NPV does not change sign in that range (no IRR).

Law: none (financial arithmetic); the flows come from the MOU waterfall.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

IRR_LOW = -0.99
IRR_HIGH = 100.0
TOLERANCE = 1e-12
MAX_ITERATIONS = 100
Evaluate = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _horner(flows: np.ndarray) -> Evaluate:
    """Return ``w -> (P(w), P'(w))`` for ``P(w) = sum_k flows[..., k] * w**k``."""
    by_time = np.ascontiguousarray(np.moveaxis(flows, -1, 0))  # contiguous rows per time

    def evaluate(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value = by_time[-1].copy()
        slope = np.zeros_like(value)
        for k in range(by_time.shape[0] - 2, -1, -1):
            slope *= w
            slope += value
            value *= w
            value += by_time[k]
        return value, slope

    return evaluate


def _powers(flows: np.ndarray, exponents: np.ndarray) -> Evaluate:
    """Return ``w -> (P(w), P'(w))`` for ``P(w) = sum_k flows[..., k] * w**exponents[k]``."""

    def evaluate(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        logw = np.log(w)[..., np.newaxis]
        terms = flows * np.exp(exponents * logw)
        value = terms.sum(axis=-1)
        slope = (terms * exponents).sum(axis=-1) / w
        return value, slope

    return evaluate


def _root(evaluate: Evaluate, low: float, high: float, shape: tuple[int, ...]) -> np.ndarray:
    """Return a root of ``P`` in ``[low, high]`` for every element (``nan`` if no sign change).

    Newton starts at the geometric middle of the bracket (an IRR near 0.5% a year).
    """
    lo = np.full(shape, low)
    hi = np.full(shape, high)
    p_lo, _ = evaluate(lo)
    p_hi, _ = evaluate(hi)
    valid = np.sign(p_lo) * np.sign(p_hi) <= 0
    w = np.where(p_lo == 0, lo, np.sqrt(lo * hi))
    w = np.where(p_hi == 0, hi, w)
    sign_lo = np.sign(p_lo)
    active = valid & (p_lo != 0) & (p_hi != 0)
    for _ in range(MAX_ITERATIONS):
        if not active.any():
            break
        value, slope = evaluate(w)
        below = np.sign(value) == sign_lo
        lo = np.where(below, w, lo)
        hi = np.where(below, hi, w)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = w - value / slope
        outside = ~np.isfinite(step) | (step < lo) | (step > hi)
        nxt = np.where(outside, np.sqrt(lo * hi), step)
        nxt = np.where(value == 0, w, nxt)
        done = np.abs(nxt - w) <= TOLERANCE * w
        w = np.where(active, nxt, w)
        active &= ~done
    return np.where(valid, w, np.nan)


def irr(flows: np.ndarray, periods_per_year: int = 1, times: np.ndarray | None = None) -> np.ndarray:
    """Return the annual IRR of net flows ``(..., n)`` at equal periods or at ``times`` (years).

    Flows are at times ``k / periods_per_year`` unless ``times`` (``(n,)``) is given.
    """
    flows = np.asarray(flows, dtype=np.float64)
    shape = flows.shape[:-1]
    if times is None:
        evaluate = _horner(flows)
        low = (1.0 + IRR_HIGH) ** (-1.0 / periods_per_year)
        high = (1.0 + IRR_LOW) ** (-1.0 / periods_per_year)
        w = _root(evaluate, low, high, shape)
        result = w ** (-float(periods_per_year)) - 1.0
    else:
        evaluate = _powers(flows, np.asarray(times, dtype=np.float64))
        low, high = 1.0 / (1.0 + IRR_HIGH), 1.0 / (1.0 + IRR_LOW)
        w = _root(evaluate, low, high, shape)
        result = 1.0 / w - 1.0
    total_loss = (flows <= 0).all(axis=-1) & (flows < 0).any(axis=-1)
    return np.where(total_loss, -1.0, result)


def npv(flows: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Return the present value at time 0 of ``flows`` with discount factors (both ``(..., n)``)."""
    return (np.asarray(flows) * discount).sum(axis=-1)


def japan_flows(japan: np.ndarray, funding: np.ndarray) -> np.ndarray:
    """Return Japan's net flows at times 0..T: ``-funding`` plus receipts (none at time 0).

    ``japan`` is ``(..., T)``, ``funding`` broadcasts to ``(..., T+1)``. The result is
    ``(..., T+1)``, stored time-major so that :func:`irr` reads it without a copy.
    """
    lead, periods = japan.shape[:-1], japan.shape[-1]
    funded = np.moveaxis(np.broadcast_to(funding, (*lead, periods + 1)), -1, 0)
    net = np.empty((periods + 1, *lead))
    net[0] = -funded[0]
    np.subtract(np.moveaxis(japan, -1, 0), funded[1:], out=net[1:])
    return np.moveaxis(net, 0, -1)
