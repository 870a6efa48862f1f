"""The compiled law: rates per dollar for each (line, period, declarations), applied to many rows.

Inside a period every rule input is constant for a line (:mod:`.context`). Without a
quantity and without a declared metal value, every amount the engine charges is the customs
value times a number that depends only on the line, the period and the declarations:
column 1 at an ad valorem rate (rate x value), additional duties (rate x value, or x the
default metal-content share of it), inclusive floors ((floor - ad valorem rate) x value),
exemptions (0). So the same rules (:func:`.engine.evaluate`) are run once per distinct key
on a customs value of 1, without rounding: the amounts are rates per dollar. A row then costs
a lookup and ``round_cents(rate x value)`` per component, the same rounding as the engine.

Keys are remembered per law (scenario), so a long batch, a server or a second series
compiles each key once. Rows outside the proportional case are evaluated by the engine
itself: a declared metal value (the metal base is not a share of the value), a rate that
needs a quantity when the row gives one, a code that is no line of the HTSUS on the date
(its message names the date), a date outside the periods.

The batch results equal the engine's to the cent (tests/tariffs/test_compiled.py compares
them on random rows of every kind).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goldenage.money import round_cents
from goldenage.tariffs.errors import MissingQuantityError, UnknownHTSCodeError
from goldenage.tariffs.kernel.context import period_starts
from goldenage.tariffs.kernel.engine import AUTHORITIES, FEE_PARAMETERS, evaluate, fee_amounts, fees, totals
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.law import Law

# Row status of a compiled key.
OK, ERROR, NEEDS_QUANTITY, ENGINE = 0, 1, 2, 3
_PERIOD_SLOTS = 128  # period index < 128 in a key
_FLAG_SLOTS = 4096  # 12 bits of declarations in a key
_MAX_PROGRAMS = 7  # preference programs coded in 3 bits (0 = none)
_RATE_COLUMNS = (*AUTHORITIES, *FEE_PARAMETERS)


@dataclass(frozen=True)
class Amounts:
    """Money results of every row of a frame.

    ``components`` maps each authority of :data:`.engine.AUTHORITIES` (``mfn`` first) to
    its amount (NaN where it charges nothing or the row failed); ``total`` is their sum
    (NaN on failed rows); ``hmf`` is NaN where no HMF is due (air, land) or the row failed.
    """

    components: dict[str, np.ndarray]
    total: np.ndarray
    mpf: np.ndarray
    hmf: np.ndarray
    failed: np.ndarray
    error: np.ndarray  # object: the exception of a failed row, or None

    @property
    def fee_total(self) -> np.ndarray:
        """Return MPF + HMF of every row (NaN on failed rows)."""
        fee = np.round(self.mpf + np.where(np.isnan(self.hmf), 0.0, self.hmf), 2)
        fee[self.failed] = np.nan
        return fee


def engine_amounts(frame: EntryFrame, law: Law) -> Amounts:
    """Return the amounts of every row from the rules themselves (no compiled rates)."""
    state = evaluate(frame, law)
    failed = frame.failed
    components = {"mfn": np.where(failed, np.nan, state.mfn.amount)}
    for name in AUTHORITIES[1:]:
        outcome = state.outcomes.get(name)
        components[name] = (
            np.full(len(frame), np.nan) if outcome is None else np.where(failed, np.nan, outcome.amount)
        )
    paid = fees(state)
    return Amounts(
        components=components,
        total=totals(state),
        mpf=np.where(failed, np.nan, paid.mpf),
        hmf=np.where(failed, np.nan, paid.hmf),
        failed=failed.copy(),
        error=frame.error.copy(),
    )


def _first_occurrences(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct ``keys`` in order of appearance and the position of each first one."""
    import pandas as pd  # noqa: PLC0415 - a hash factorisation; pandas loads only for the batch path

    codes, distinct = pd.factorize(keys)
    running = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.diff(running, prepend=-1) > 0)
    return np.asarray(distinct, dtype=np.int64), first


class CompiledLaw:
    """Rates per dollar of the keys seen so far under one law, and how to apply them."""

    def __init__(self, law: Law) -> None:
        self.law = law
        self.starts = period_starts(law)
        if len(self.starts) > _PERIOD_SLOTS:
            msg = f"{len(self.starts)} periods exceed the {_PERIOD_SLOTS} a compiled key can hold"
            raise ValueError(msg)
        self._programs: dict[str, int] = {}
        self._index: object | None = None  # pandas Index of the known keys
        self._keys = np.zeros(0, dtype=np.int64)
        self._rates = np.zeros((len(_RATE_COLUMNS), 0))
        self._status = np.zeros(0, dtype=np.int8)
        self._errors = np.zeros(0, dtype=object)

    @property
    def size(self) -> int:
        """Return the number of compiled keys."""
        return len(self._keys)

    # --- keys ---------------------------------------------------------------------------

    def _flags(self, frame: EntryFrame, rows: np.ndarray) -> np.ndarray:
        """Return the declarations of ``rows`` as 12 bits (0 = every default)."""
        flags = np.zeros(len(rows), dtype=np.int64)
        bits = (
            frame.civil_aircraft,
            frame.advanced_semiconductor,
            frame.metal_weight_below_15pct,
            frame.certified_auto_part,
            frame.pharmaceutical_use,
        )
        for shift, column in enumerate(bits):
            if column.any():
                flags |= column[rows].astype(np.int64) << shift
        for shift, column in ((5, frame.vehicle_part), (7, frame.pharma)):
            if (column != -1).any():
                flags |= (column[rows].astype(np.int64) + 1) << shift
        if frame.has_preference:
            program = np.zeros(len(frame), dtype=np.int64)
            for symbol in {p for p in frame.preference.tolist() if p is not None}:
                if symbol not in self._programs:
                    if len(self._programs) == _MAX_PROGRAMS:
                        msg = f"more than {_MAX_PROGRAMS} preference programs in one compiled law"
                        raise ValueError(msg)
                    self._programs[symbol] = len(self._programs) + 1
                program[frame.preference == symbol] = self._programs[symbol]
            flags |= program[rows] << 9
        return flags

    def _slots(self, frame: EntryFrame, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Return the compiled slot of each key, compiling the keys not seen before."""
        slots = self._lookup(keys)
        missing = np.flatnonzero(slots < 0)
        if missing.size:
            fresh, first = _first_occurrences(keys[missing])
            self._compile(frame, rows[missing[first]], fresh)
            slots[missing] = self._lookup(keys[missing])
        return slots

    def _lookup(self, keys: np.ndarray) -> np.ndarray:
        if self._index is None:
            return np.full(len(keys), -1, dtype=np.int64)
        return np.asarray(self._index.get_indexer(keys), dtype=np.int64)  # type: ignore[attr-defined]

    def _compile(self, frame: EntryFrame, rows: np.ndarray, keys: np.ndarray) -> None:
        """Evaluate the rules once per key (a representative row, customs value 1, unrounded)."""
        import pandas as pd  # noqa: PLC0415

        sample = frame.take(rows)
        sample.value = np.ones(len(rows))
        sample.quantity = np.full(len(rows), np.nan)
        sample.unit = np.full(len(rows), None, dtype=object)
        state = evaluate(sample, self.law, round_amounts=False)
        rates = np.full((len(_RATE_COLUMNS), len(rows)), np.nan)
        rates[0] = state.mfn.amount
        for column, name in enumerate(AUTHORITIES[1:], start=1):
            outcome = state.outcomes.get(name)
            if outcome is not None:
                rates[column] = outcome.amount
        for column, parameter_id in enumerate(FEE_PARAMETERS, start=len(AUTHORITIES)):
            rates[column] = state.ctx.param(parameter_id).value
        status = np.where(sample.failed, ERROR, OK).astype(np.int8)
        for row in np.flatnonzero(sample.failed).tolist():
            error = sample.error[row]
            if isinstance(error, MissingQuantityError):
                status[row] = NEEDS_QUANTITY
            elif isinstance(error, UnknownHTSCodeError):
                status[row] = ENGINE  # the message names the entry date of the row
        self._keys = np.concatenate([self._keys, keys])
        self._rates = np.concatenate([self._rates, rates], axis=1)
        self._status = np.concatenate([self._status, status])
        self._errors = np.concatenate([self._errors, sample.error])
        self._index = pd.Index(self._keys)

    # --- amounts ------------------------------------------------------------------------

    def amounts(self, frame: EntryFrame) -> Amounts:
        """Return the amounts of every row: compiled rates where they apply, else the engine."""
        n = len(frame)
        period = np.searchsorted(self.starts, frame.day, side="right") - 1
        number = frame.number
        value = frame.value
        eligible = (number >= 0) & (period >= 0) & np.isnan(frame.metal_value) & (value > 0)
        eligible &= np.isfinite(value)
        every = bool(eligible.all())
        rows = np.arange(n) if every else np.flatnonzero(eligible)
        keys = number if every else number[rows]
        keys = (keys * _PERIOD_SLOTS + (period if every else period[rows])) * _FLAG_SLOTS
        keys += self._flags(frame, rows)
        slots = self._slots(frame, rows, keys)

        status = self._status.take(slots)
        given = ~np.isnan(frame.quantity if every else frame.quantity[rows])
        needs = status == NEEDS_QUANTITY
        by_engine = (status == ENGINE) | (needs & given)
        refused = (status == ERROR) | (needs & ~given)
        ok = status == OK

        components = {name: np.full(n, np.nan) for name in AUTHORITIES}
        total = np.full(n, np.nan)
        mpf, hmf = np.full(n, np.nan), np.full(n, np.nan)
        failed = np.zeros(n, dtype=bool)
        error = np.empty(n, dtype=object)

        done = rows if bool(ok.all()) else rows[ok]
        done_slots = slots if len(done) == len(rows) else slots[ok]
        self._apply(frame, done, done_slots, components, total, mpf, hmf)

        if refused.any():
            bad = rows[refused]
            failed[bad] = True
            error[bad] = self._errors.take(slots[refused])
        engine_rows = np.concatenate([np.flatnonzero(~eligible), rows[by_engine]])
        if engine_rows.size:
            full = engine_amounts(frame.take(engine_rows), self.law)
            for name in AUTHORITIES:
                components[name][engine_rows] = full.components[name]
            total[engine_rows], mpf[engine_rows], hmf[engine_rows] = full.total, full.mpf, full.hmf
            failed[engine_rows], error[engine_rows] = full.failed, full.error
        return Amounts(components, total, mpf, hmf, failed, error)

    def _apply(  # noqa: PLR0913 - fills the output columns in place
        self,
        frame: EntryFrame,
        rows: np.ndarray,
        slots: np.ndarray,
        components: dict[str, np.ndarray],
        total: np.ndarray,
        mpf: np.ndarray,
        hmf: np.ndarray,
    ) -> None:
        """Fill the outputs of ``rows`` (computable, compiled at ``slots``): rate x value, rounded."""
        whole = len(rows) == len(frame)
        value = frame.value if whole else frame.value[rows]
        summed = np.zeros(len(rows))
        used = np.flatnonzero(np.bincount(slots, minlength=len(self._keys)))
        for column, name in enumerate(AUTHORITIES):
            rate = self._rates[column]
            if bool(np.isnan(rate.take(used)).all()):
                continue  # the authority charges nothing on these rows
            amount = rate.take(slots)
            amount *= value
            amount = round_cents(amount)
            np.add(summed, amount, out=summed, where=~np.isnan(amount))
            if whole:
                components[name] = amount
            else:
                components[name][rows] = amount
        summed = np.round(summed, 2)
        ocean = frame.transport == "ocean" if whole else frame.transport[rows] == "ocean"
        params = [self._rates[len(AUTHORITIES) + k].take(slots) for k in range(len(FEE_PARAMETERS))]
        paid = fee_amounts(value, ocean, *params)
        if whole:
            total[:], mpf[:], hmf[:] = summed, paid.mpf, paid.hmf
        else:
            total[rows], mpf[rows], hmf[rows] = summed, paid.mpf, paid.hmf


_COMPILED: dict[int, CompiledLaw] = {}


def compiled(law: Law) -> CompiledLaw:
    """Return the compiled law of ``law`` (one per law object, kept for the process)."""
    if id(law) not in _COMPILED or _COMPILED[id(law)].law is not law:
        _COMPILED[id(law)] = CompiledLaw(law)
    return _COMPILED[id(law)]


def amounts(frame: EntryFrame, law: Law) -> Amounts:
    """Return the amounts of every row of ``frame`` under ``law`` (the batch entry point)."""
    return compiled(law).amounts(frame)


__all__ = ["Amounts", "CompiledLaw", "amounts", "compiled", "engine_amounts"]
