"""The MOU's cash-flow waterfall, vectorised over projects and paths.

Law: MOU cash-flow distribution clause (as quoted by Katz [S5] and the Japanese text in
[S7]): distributable cash is split 50% US / 50% Japan until an aggregate amount equal to the
Deemed Allocation Amount (DAA: principal plus deemed interest) has been distributed to each
party, then 90% US / 10% Japan. The shares are parameters (:mod:`goldenage.investment.terms`).

Default convention (interpretation A of the reference, ``basis="compound"``): Japan's DAA
balance ``B`` starts at what it funds at time 0; at the end of each period it first accrues
deemed interest (``X = B * growth``), then the period's cash ``CF`` is split 50/50 until
Japan's share has brought the balance to zero (the split switches inside the period, after
``X / 0.5`` of cash), and everything after is split 90/10 (money is compared at half a cent:
a balance left below it by floating-point residue is cleared):

    if 0.5*CF < X:  Japan 0.5*CF,                 US 0.5*CF,                 B' = X - 0.5*CF
    else:           Japan X + 0.1*(CF - X/0.5),    US X + 0.9*(CF - X/0.5),   B' = 0

Funding paid at time ``t`` is added to ``B'``. ``basis="simple"`` (interpretation C): the
DAA is principal plus *simple* interest on the principal not yet recouped. The US's phase-1
receipts mirror Japan's (investment_mou.md 7.3); no balance is kept for the US.

Arrays are shaped ``(..., T)``: any leading axes (paths, projects) are computed at once; the
only Python loop runs over the ``T`` periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from goldenage.investment.terms import Split
from goldenage.investment.timing import Schedule
from goldenage.money import HALF_CENT

Basis = Literal["compound", "simple"]
BASES: tuple[Basis, ...] = ("compound", "simple")
NEVER = -1


@dataclass(frozen=True)
class Waterfall:
    """What each party receives in each period, and Japan's DAA balance.

    ``japan``, ``us``, ``balance_start`` (after accrual, before the distribution) and
    ``balance_end`` (after the distribution and that time's funding) are ``(..., T)``;
    ``recouped_period`` is ``(...)``: the 1-based period from which the balance stays at zero
    to the horizon, :data:`NEVER` (-1) when it is still positive at the end.
    """

    japan: np.ndarray
    us: np.ndarray
    balance_start: np.ndarray
    balance_end: np.ndarray
    recouped_period: np.ndarray

    @property
    def japan_total(self) -> np.ndarray:
        """Return Japan's receipts summed over the periods."""
        return self.japan.sum(axis=-1)

    @property
    def us_total(self) -> np.ndarray:
        """Return the US's receipts summed over the periods."""
        return self.us.sum(axis=-1)


def run(schedule: Schedule, split: Split, basis: Basis = "compound") -> Waterfall:
    """Split ``schedule``'s cash between Japan and the US, period by period.

    Law: MOU cash-flow distribution clause (50/50 before the DAA, 90/10 after).
    """
    shape = np.broadcast_shapes(schedule.cash.shape, schedule.funding[..., 1:].shape)
    # Time-major (T, N) arrays: each period's values are contiguous, so each step reads memory
    # in order; growth and interest stay (T or 1, N or 1) when they do not vary.
    cash = _by_time(schedule.cash, shape)
    growth = _by_time(schedule.growth, shape)
    simple = _by_time(schedule.simple, shape)
    funding = _by_time(schedule.funding, (*shape[:-1], shape[-1] + 1))
    later_funding = bool(funding[1:].any())
    a, b = split.before_japan, split.after_japan
    japan = np.empty_like(cash)
    balance_start = np.empty_like(cash)
    balance_end = np.empty_like(cash)
    outstanding = np.broadcast_to(funding[0], cash.shape[1:]).copy()
    principal = outstanding.copy()
    for t in range(cash.shape[0]):
        owed = balance_start[t]
        if basis == "compound":
            np.multiply(outstanding, _row(growth, t), out=owed)
        else:
            np.multiply(principal, _row(simple, t), out=owed)
            owed += outstanding
        phase1 = japan[t]  # cash paid out at the phase-1 split: min(CF, owed / a)
        np.multiply(owed, 1.0 / a, out=phase1)
        np.minimum(cash[t], phase1, out=phase1)
        left = balance_end[t]  # owed - a*CF, zero or less once the DAA is reached
        np.multiply(cash[t], a, out=left)
        np.subtract(owed, left, out=left)
        left[left < HALF_CENT] = 0.0  # cleared: less than half a cent owed is floating-point residue
        if basis == "simple":
            principal[left <= 0.0] = 0.0
        if later_funding:
            left += _row(funding, t + 1)
            if basis == "simple":
                principal += _row(funding, t + 1)
        outstanding = left
    japan *= a - b
    japan += b * cash
    us = cash - japan
    recouped = recouped_period(balance_end.T).reshape(shape[:-1])
    parts = [part.T.reshape(shape) for part in (japan, us, balance_start, balance_end)]
    return Waterfall(*parts, recouped)


def _by_time(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``array`` (broadcastable to ``shape``) as a contiguous time-major 2-D array.

    The result is ``(T or 1, N or 1)``: ``N`` is the product of the leading axes of ``shape``;
    an axis along which ``array`` does not vary stays of length 1 (no copy is broadcast).
    """
    values = np.asarray(array, dtype=np.float64)
    values = values.reshape((1,) * (len(shape) - values.ndim) + values.shape)
    periods = shape[-1] if values.shape[-1] != 1 else 1
    varies = any(size != 1 for size in values.shape[:-1])
    lead = shape[:-1] if varies else (1,) * (len(shape) - 1)
    wide = np.broadcast_to(values, (*lead, periods)).reshape(-1, periods)
    return np.ascontiguousarray(wide.T)


def _row(array: np.ndarray, t: int) -> np.ndarray:
    """Return row ``t`` of a time-major array, or its only row when it does not vary in time."""
    return array[t] if array.shape[0] > 1 else array[0]


def recouped_period(balance_end: np.ndarray) -> np.ndarray:
    """Return the 1-based period from which the balance stays zero, or -1 if positive at the end.

    Money is compared at half a cent (:data:`goldenage.money.HALF_CENT`): a balance below it
    is zero, as it prints (``balance_end: 0.0``).
    """
    positive = balance_end >= HALF_CENT
    periods = balance_end.shape[-1]
    last_positive = periods - 1 - np.argmax(positive[..., ::-1], axis=-1)
    after = np.where(positive.any(axis=-1), last_positive + 2, 1)
    return np.where(positive[..., -1], NEVER, after).astype(np.int64)
