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
compiles each key once. Keys of one line whose periods give the rules the same inputs (no
parameter, line version or scope entry of that line changes between them) are evaluated once
for all of them (:mod:`.alike`). Rows outside the proportional case are evaluated by the
engine itself: a declared metal value (the metal base is not a share of the value), a rate that
needs a quantity when the row gives one, a date outside the periods.

The batch results equal the engine's to the cent (tests/tariffs/test_compiled.py compares
them on random rows of every kind).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from goldenage.money import round_cents_nonnegative
from goldenage.tariffs.declarations import DECLARATIONS, KEYED, REGISTRY
from goldenage.tariffs.errors import MissingQuantityError
from goldenage.tariffs.inputs import TRANSPORTS
from goldenage.tariffs.kernel import store
from goldenage.tariffs.kernel.alike import alike
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.keyindex import GrowingKeyIndex
from goldenage.tariffs.kernel.labels import Label, LabelRegistry, label_ids
from goldenage.tariffs.kernel.layout import (
    AUTHORITIES,
    ERROR,
    FEE_PARAMETERS,
    FLAG_SLOTS,
    NEEDS_QUANTITY,
    OK,
    PERIOD_SLOTS,
    fee_amounts,
    key_parts,
)
from goldenage.tariffs.kernel.table import Table, open_table, unknown_rows

if TYPE_CHECKING:
    from goldenage.tariffs.kernel.explain import Explanations
    from goldenage.tariffs.law import Law

# The rules themselves (.engine, .context, the law: parameters, scope lists, the HTSUS) are imported
# when a key must be compiled: a run whose keys are all stored never loads them.

_MAX_PROGRAMS = 7  # preference programs of one compiled law (0 = none)
TRASH = len(AUTHORITIES)  # output row that receives the padding of the compiled components
_MAX_TABLE_DAYS = 20_000  # days covered by the day -> period table
_BLOCK = 16_384  # rows per block of the per-row arithmetic (about 128 KiB per float column)


@dataclass(frozen=True)
class Amounts:
    """Money results of every row of a frame.

    ``components`` maps each authority of :data:`.engine.AUTHORITIES` (``mfn`` first) to
    its amount (0 where it charges nothing, NaN where the row failed); ``total`` is their sum
    (NaN on failed rows); ``hmf`` is NaN where no HMF is due (air, land) or the row failed.
    """

    components: dict[str, np.ndarray]
    total: np.ndarray
    mpf: np.ndarray
    hmf: np.ndarray
    failed: np.ndarray
    error: np.ndarray  # object: the exception of a failed row, or None
    label: np.ndarray  # int32: what each row applied, an id of ``labels`` (0: nothing; see .labels)
    labels: LabelRegistry

    @property
    def fee_total(self) -> np.ndarray:
        """Return MPF + HMF of every row (NaN on failed rows)."""
        fee = np.round(self.mpf + np.where(np.isnan(self.hmf), 0.0, self.hmf), 2)
        fee[self.failed] = np.nan
        return fee


@dataclass(frozen=True)
class KeyRates:
    """Rates per dollar of rows: one row of ``rates`` per authority (``mfn`` first), and the status.

    ``status`` is OK, ERROR (``errors`` holds why) or NEEDS_QUANTITY (a specific or compound
    rate: no rate per dollar), or -1 where the compiled law does not serve the row.
    """

    rates: np.ndarray  # (authorities, rows), NaN where not served
    status: np.ndarray  # int8
    errors: np.ndarray  # object


def engine_amounts(frame: EntryFrame, law: Law, labels: LabelRegistry | None = None) -> Amounts:
    """Return the amounts of every row from the rules themselves (no compiled rates).

    ``labels`` receives the labels of the rows (a new registry when not given).
    """
    from goldenage.tariffs.kernel.engine import evaluate, fees, totals  # noqa: PLC0415 - see imports

    labels = LabelRegistry() if labels is None else labels
    state = evaluate(frame, law)
    failed = frame.failed
    components = {"mfn": np.where(failed, np.nan, state.mfn.amount)}
    for name in AUTHORITIES[1:]:
        outcome = state.outcomes.get(name)
        amount = np.zeros(len(frame)) if outcome is None else np.nan_to_num(outcome.amount, nan=0.0)
        components[name] = np.where(failed, np.nan, amount)
    paid = fees(state)
    return Amounts(
        components=components,
        total=totals(state),
        mpf=np.where(failed, np.nan, paid.mpf),
        hmf=np.where(failed, np.nan, paid.hmf),
        failed=failed.copy(),
        error=frame.error.copy(),
        label=label_ids(state, labels),
        labels=labels,
    )


@dataclass(frozen=True)
class _Rates:
    """Arrays of compiled keys: a compiled law's own, or those of the table compiled ahead."""

    charges: np.ndarray  # (depth, keys): the non-zero rates per dollar of each key
    columns: np.ndarray  # (depth, keys): the authority of each rate
    count: np.ndarray  # rates per key
    status: np.ndarray  # OK, ERROR, NEEDS_QUANTITY
    errors: Callable[[np.ndarray], np.ndarray]  # the errors of the keys at positions
    label: Callable[[np.ndarray], np.ndarray]  # the label ids (this compiled law's) of the keys at positions


def _first_occurrences(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct ``keys`` and the position of the first row of each (a hash, no sort)."""
    first = pl.Series(keys).arg_unique().to_numpy()
    return keys[first], first


class CompiledLaw:
    """Rates per dollar of the keys seen so far under one law, and how to apply them."""

    def __init__(self, law: Law | str, *, saved: bool = True, explained: bool = False) -> None:
        """Compile under ``law``, or under the shipped scenario of that name (loaded when needed).

        A shipped scenario's compiled law reads and writes the store and reads the table
        compiled ahead (:mod:`.table`), unless ``saved`` is false. ``explained`` keeps the
        explanation of every key compiled (:mod:`.explain`; for the table compiled ahead).
        """
        if isinstance(law, str):
            self.scenario, self._law = law, None
        else:
            self.scenario, self._law = law.scenario.name, law
        self._programs: dict[str, int] = {}
        # Declarations profiles: the signature of a row's declarations and program (see
        # _signatures) -> the profile that keys it (1 ..< FLAG_SLOTS; 0 = every default).
        self._profiles: dict[int, int] = {}
        self._cutoffs: dict[str, np.ndarray] = {}  # date declarations: the dates the rules compare
        self._index = GrowingKeyIndex()  # the known keys -> their slots
        self._keys = np.zeros(0, dtype=np.int64)
        # The non-zero rates per dollar of each key, largest count first: (components, keys),
        # with the authority (index into AUTHORITIES) of each; padding: rate 0, index TRASH.
        self._charges = np.zeros((0, 0))
        self._columns = np.zeros((0, 0), dtype=np.int8)
        self._count = np.zeros(0, dtype=np.int64)
        self._status = np.zeros(0, dtype=np.int8)
        self._errors = np.zeros(0, dtype=object)
        self._label = np.zeros(0, dtype=np.int32)  # per key: an id of self._labels
        self._labels = LabelRegistry()
        self._remaps: dict[int, np.ndarray] = {}  # table id -> its label ids here
        self._by_day = np.zeros(0, dtype=np.int64)  # period of each day from the first start
        # Facts of the law read from the data (see _facts), stored with the keys.
        self._starts: np.ndarray | None = None
        self._fees: np.ndarray | None = None
        self._coverage: tuple[np.datetime64, np.datetime64] | None = None
        self._origins: list[str] | None = None
        self._explanations: Explanations | None = None
        self._explained: list[np.ndarray] = []  # the explanation of each key, in the order of _keys
        if explained:
            from goldenage.tariffs.kernel.explain import Explanations  # noqa: PLC0415 - see the imports

            self._explanations = Explanations()
        shipped = self._law is None or self._law is _law_for(self.scenario)
        self._stored = saved and shipped  # kept on disk
        self._dirty = False  # keys compiled since the last store
        if self._stored:
            self._restore(store.load(self.scenario))

    @property
    def law(self) -> Law:
        """Return the law compiled (a shipped scenario's is loaded on first use)."""
        if self._law is None:
            self._law = _law_for(self.scenario)
        return self._law

    _STORED = (
        "keys",
        "charges",
        "columns",
        "count",
        "status",
        "errors",
        "programs",
        "profiles",
        "label",
        "label_texts",
    )
    _FACTS = ("starts", "fees", "coverage", "origins")

    def _restore(self, arrays: dict[str, Any] | None) -> None:
        """Take the keys compiled by an earlier run and the facts of the law (see :mod:`.store`)."""
        if arrays is None or any(name not in arrays for name in (*self._STORED, *self._FACTS)):
            return
        self._keys, self._charges, self._columns = arrays["keys"], arrays["charges"], arrays["columns"]
        self._count, self._status, self._errors = arrays["count"], arrays["status"], arrays["errors"]
        self._programs, self._profiles = dict(arrays["programs"]), dict(arrays["profiles"])
        self._label, self._labels = arrays["label"], LabelRegistry(arrays["label_texts"])
        self._starts, self._fees = arrays["starts"], arrays["fees"]
        self._coverage, self._origins = arrays["coverage"], list(arrays["origins"])
        self._index = GrowingKeyIndex(self._keys)

    @property
    def _label_texts(self) -> list[Label]:
        """Return the distinct labels of the compiled keys (stored with them)."""
        return self._labels.labels

    @property
    def labels(self) -> LabelRegistry:
        """Return the labels of this compiled law (what each key applied, in words)."""
        return self._labels

    def _facts(self) -> None:
        """Read from the law and the data the periods the compiled keys rest on.

        The period starts (every date on which a parameter, a scope list or the HTSUS may
        change) and the fee parameters per period. Loading them reads the parameters and the
        scope lists.

        Never loaded on a thread while a batch's chunks run: polars runs them on its executor
        threads, and a load that itself runs a polars query could then wait for those threads
        while they wait for the load (a deadlock seen in a first run). A first run loads them
        on a thread only during its pass over the keys, a query without Python callbacks.
        """
        if self._facts_from_table():
            return
        from goldenage.tariffs.kernel.context import _per_period, period_starts  # noqa: PLC0415

        starts = period_starts(self.law)
        if len(starts) > PERIOD_SLOTS:
            msg = f"{len(starts)} periods exceed the {PERIOD_SLOTS} a compiled key can hold"
            raise ValueError(msg)
        self._fees = np.array([_per_period(self.law, p)[1] for p in FEE_PARAMETERS])  # (4, periods)
        self._starts = starts

    def _facts_from_table(self) -> bool:
        """Take the facts of the law from the table compiled ahead, if any (no rules to load)."""
        table = self._table()
        if table is None:
            return False
        self._starts, self._fees = table.facts["starts"], table.facts["fees"]
        self._coverage, self._origins = table.facts["coverage"], list(table.facts["origins"])
        return True

    @property
    def compiled_ahead(self) -> bool:
        """Return whether a table compiled ahead serves the plain keys (see :mod:`.table`)."""
        return self._table() is not None

    def prepare(self) -> None:
        """Load the rules and the data they read, ahead of a compile (nothing is compiled).

        Reads the facts of the law (:meth:`_facts`), the origins, and evaluates the rules on a
        sample of lines (one in every 500 of the HTSUS, on the last period), which loads the
        parameters, the scope lists and the schedule's indexes the rules keep. A batch's first
        run calls it on a thread while polars reads the input's keys (:func:`.batch._compile_ahead`).
        """
        from goldenage.tariffs.kernel.engine import evaluate  # noqa: PLC0415 - see the imports
        from goldenage.tariffs.schedule import schedule  # noqa: PLC0415

        starts = self.starts
        _ = self.origins
        codes = schedule().lines["code"][::500].cast(pl.Int64, strict=False).drop_nulls().to_numpy()
        day = np.full(len(codes), starts[-1])
        evaluate(EntryFrame.of(code=codes, day=day, value=np.ones(len(codes))), self.law, rates_only=True)

    @property
    def starts(self) -> np.ndarray:
        """Return the sorted start dates (datetime64[D]) of the periods of the law."""
        if self._starts is None:
            self._facts()
        return self._starts  # type: ignore[return-value]

    @property
    def fee_rates(self) -> np.ndarray:
        """Return the fee parameters of every period: (rate, minimum, maximum, HMF rate) x periods."""
        if self._starts is None:
            self._facts()
        return self._fees  # type: ignore[return-value]

    @property
    def coverage(self) -> tuple[np.datetime64, np.datetime64]:
        """Return the first and last day the HTSUS data covers."""
        if self._coverage is None and not self._facts_from_table():
            from goldenage.tariffs.hts_revisions import shipped_coverage  # noqa: PLC0415

            start, end = shipped_coverage()
            self._coverage = (np.datetime64(start, "D"), np.datetime64(end, "D"))
        return self._coverage

    @property
    def origins(self) -> list[str]:
        """Return the codes of the modelled origins."""
        if self._origins is None and not self._facts_from_table():
            from goldenage.tariffs.origins import origins  # noqa: PLC0415

            self._origins = sorted(origins())
        return self._origins

    def _keep(self) -> None:
        """Mark the compiled keys to be stored for later runs (at exit, or by :meth:`flush`).

        Written once when the process ends rather than after every compile: a batch compiles
        chunk by chunk, and a file of hundreds of thousands of keys takes a moment to write.
        """
        if self._stored and not self._dirty:
            self._dirty = True
            _UNSAVED.append(self)
            if len(_UNSAVED) == 1:
                atexit.register(flush_all)

    def flush(self) -> None:
        """Store the compiled keys now, if any were added since the last store."""
        if self._dirty:
            self._dirty = False
            arrays, facts = self.export()
            store.save(self.scenario, {**arrays, **facts})

    def export(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return the arrays of the compiled keys and the facts of the law they rest on.

        An explained compiled law adds ``explained``, the index of each key's explanation
        among :meth:`explanations` (-1 where none).
        """
        arrays = {name: getattr(self, "_" + name) for name in self._STORED}
        if self._explanations is not None:
            explained = np.concatenate([np.zeros(0, dtype=np.int64), *self._explained])
            if len(explained) != len(self._keys):
                msg = "keys were added without their explanations"
                raise ValueError(msg)
            arrays["explained"] = explained
        facts = {"starts": self.starts, "fees": self.fee_rates, "coverage": self.coverage}
        return arrays, {**facts, "origins": self.origins}

    def explanations(self) -> str:
        """Return the JSON of the explanations of an explained compiled law (:mod:`.explain`)."""
        if self._explanations is None:
            msg = "this compiled law keeps no explanations"
            raise ValueError(msg)
        return self._explanations.to_json()

    def _table(self) -> Table | None:
        """Return the table compiled ahead for this scenario and these rules, if there is one."""
        return open_table(self.scenario) if self._stored else None

    def _periods(self, days: np.ndarray) -> np.ndarray:
        """Return the period of each day (-1 before the first period), through a table by day."""
        first = self.starts[0]
        offset = (days - first).astype(np.int64)
        span = int(offset.max(initial=0)) + 1
        if span > _MAX_TABLE_DAYS or (len(offset) and int(offset.min()) < 0):
            return np.searchsorted(self.starts, days, side="right") - 1
        if len(self._by_day) < span:
            every_day = first + np.arange(span).astype("timedelta64[D]")
            self._by_day = np.searchsorted(self.starts, every_day, side="right") - 1
        return self._by_day.take(offset)

    @property
    def size(self) -> int:
        """Return the number of compiled keys."""
        return len(self._keys)

    # --- keys ---------------------------------------------------------------------------

    def _flags(self, frame: EntryFrame, rows: np.ndarray) -> np.ndarray:
        """Return the declarations profile of ``rows`` (0 = every default; -1 = no profile left).

        A profile stands for one combination of declarations and preference program
        (:meth:`_signatures`), numbered in the order first met and stored with the keys, so
        that any number of declarations fits in the key's ``FLAG_SLOTS``. A law that has
        used every profile sends the rows of new combinations to the rules (:meth:`amounts`).
        """
        signatures = self._signatures(frame, rows)
        if signatures is None:
            return np.zeros(len(rows), dtype=np.int64)
        distinct, inverse = np.unique(signatures, return_inverse=True)
        profile = np.empty(len(distinct), dtype=np.int64)
        for at, signature in enumerate(distinct.tolist()):
            if signature == 0:
                profile[at] = 0
                continue
            if signature not in self._profiles:
                if len(self._profiles) + 1 >= FLAG_SLOTS:
                    profile[at] = -1
                    continue
                self._profiles[signature] = len(self._profiles) + 1
            profile[at] = self._profiles[signature]
        return profile[inverse.reshape(-1)]

    def _signatures(self, frame: EntryFrame, rows: np.ndarray) -> np.ndarray | None:
        """Return the signature of the declarations and program of ``rows``; ``None`` if all defaults.

        A mixed-radix number: each keyed declaration of the registry contributes its key code
        (:meth:`.declarations.Declaration.key_codes`; 0 = not declared), then the mode of
        transport of the rows with a declared loading date (the in-transit clauses cover vessel
        shipments only, :mod:`..authorities.in_transit`; 0 = ocean), then the program.
        """
        signature: np.ndarray | None = None
        radix = 1
        for declaration in KEYED:
            column = frame.declared[declaration.name]
            if not declaration.is_default(column):
                cutoffs = None
                if declaration.kind == "date":
                    cutoffs = self._date_cutoffs(declaration.name, declaration.compared_with)
                codes = declaration.key_codes(column[rows], cutoffs) * radix
                signature = codes if signature is None else signature + codes
            radix *= declaration.states
        if signature is not None and not _LOADED_ON.is_default(frame.declared[_LOADED_ON.name]):
            mode = _each(frame.transport, _transport_codes)[rows]
            loaded = ~np.isnat(frame.declared[_LOADED_ON.name][rows])
            signature = signature + np.where(loaded, mode, 0) * radix
        radix *= len(TRANSPORTS)
        if frame.has_preference:
            program = np.zeros(len(frame), dtype=np.int64)
            for symbol in {p for p in frame.preference.tolist() if p is not None}:
                if symbol not in self._programs:
                    if len(self._programs) == _MAX_PROGRAMS:
                        msg = f"more than {_MAX_PROGRAMS} preference programs in one compiled law"
                        raise ValueError(msg)
                    self._programs[symbol] = len(self._programs) + 1
                program[frame.preference == symbol] = self._programs[symbol]
            codes = program[rows] * radix
            signature = codes if signature is None else signature + codes
        return signature

    def _date_cutoffs(self, name: str, suffix: str | None) -> np.ndarray:
        """Return the sorted dates a date declaration is compared with (:func:`date_cutoffs`)."""
        if name not in self._cutoffs:
            self._cutoffs[name] = date_cutoffs(self.law, suffix)
        return self._cutoffs[name]

    def _slots(self, frame: EntryFrame, rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Return the compiled slot of each key, compiling the keys not seen before."""
        slots = self._lookup(keys)
        missing = np.flatnonzero(slots < 0)
        if missing.size:
            fresh, first = _first_occurrences(keys[missing])
            ahead = self._from_table(fresh)
            if not bool(ahead.all()):
                self._compile(frame, rows[missing[first[~ahead]]], fresh[~ahead])
            slots[missing] = self._lookup(keys[missing])
        return slots

    def _from_table(self, keys: np.ndarray) -> np.ndarray:
        """Take the keys the table compiled ahead holds (:mod:`.table`); return which it held.

        Plain keys of a code that is no line of any revision are taken too: refused in every
        period, with the error column 1 gives (:func:`.table.unknown_rows`).
        """
        table = self._table()
        if table is None:
            return np.zeros(len(keys), dtype=bool)
        found, positions = table.find(keys)
        if positions.size:
            rows = table.rows(positions)
            rows["label"] = self._label_ids(table).take(rows["label"])
            self._add(**rows)
        rest = np.flatnonzero(~found)
        number, _, flags = key_parts(keys[rest])
        unknown = rest[(flags == 0) & ~table.known(number)]
        if unknown.size:
            self._add(**unknown_rows(keys[unknown], self.starts))
            found[unknown] = True
        return found

    def _lookup(self, keys: np.ndarray) -> np.ndarray:
        return self._index.lookup(keys)

    def _compile(self, frame: EntryFrame, rows: np.ndarray, keys: np.ndarray) -> None:
        """Evaluate the rules once per key (a representative row, customs value 1, unrounded)."""
        from goldenage.tariffs.kernel.engine import evaluate  # noqa: PLC0415 - see the imports

        sample = frame.take(rows)
        sample.value = np.ones(len(rows))
        sample.quantity = np.broadcast_to(np.array(np.nan), (len(rows),))
        sample.unit = np.broadcast_to(np.array(None, dtype=object), (len(rows),))
        inverse, context = alike(sample, keys, self.law)
        if context is not None:
            sample = context.frame
        state = evaluate(sample, self.law, rates_only=True, context=context, details=True)
        label = label_ids(state, self._labels)
        rates = np.zeros((len(AUTHORITIES), len(sample)))
        rates[0] = state.mfn.amount
        for column, name in enumerate(AUTHORITIES[1:], start=1):
            outcome = state.outcomes.get(name)
            if outcome is not None:
                rates[column] = np.nan_to_num(outcome.amount, nan=0.0)  # NaN: charges nothing
        rates[:, sample.failed] = 0.0  # a failed key charges nothing (its rows are refused)
        if bool((rates < 0).any()):  # never: rates and floors charge, they do not refund
            msg = "a negative rate per dollar in the compiled law"
            raise ValueError(msg)
        status = np.where(sample.failed, ERROR, OK).astype(np.int8)
        for row in np.flatnonzero(sample.failed).tolist():
            if isinstance(sample.error[row], MissingQuantityError):
                status[row] = NEEDS_QUANTITY
        errors = sample.error
        # Compact the non-zero rates of each key into its first components (rank: how many before).
        charged = rates != 0
        count = charged.sum(axis=0)
        depth = int(count.max(initial=0))
        charges = np.zeros((depth, len(sample)))
        columns = np.full((depth, len(sample)), TRASH, dtype=np.int8)
        rank = np.zeros(len(sample), dtype=np.int64)  # components placed so far, per key
        for column in range(len(AUTHORITIES)):
            where = np.flatnonzero(charged[column])
            charges[rank[where], where] = rates[column, where]
            columns[rank[where], where] = column
            rank[where] += 1
        explanation = self._explanations.add(state) if self._explanations is not None else None
        if inverse is not None:  # every key gets the results of the key evaluated for it
            charges, columns = charges.take(inverse, axis=1), columns.take(inverse, axis=1)
            count, status, errors = count.take(inverse), status.take(inverse), errors.take(inverse)
            explanation = None if explanation is None else explanation.take(inverse)
            label = label.take(inverse)
        if explanation is not None:
            self._explained.append(explanation)
        self._add(
            keys=keys,
            charges=charges,
            columns=columns,
            count=count,
            status=status,
            errors=errors,
            label=label,
        )

    def _add(  # noqa: PLR0913 - one argument per array of the compiled keys
        self,
        keys: np.ndarray,
        charges: np.ndarray,
        columns: np.ndarray,
        count: np.ndarray,
        status: np.ndarray,
        errors: np.ndarray,
        label: np.ndarray,
    ) -> None:
        """Append compiled keys (not known yet) to this compiled law, and mark it to be stored."""
        depth = max(charges.shape[0], self._charges.shape[0])
        self._charges, self._columns = _deepen(self._charges, self._columns, depth)
        charges, columns = _deepen(charges, columns, depth)
        self._keys = np.concatenate([self._keys, keys])
        self._charges = np.concatenate([self._charges, charges], axis=1)
        self._columns = np.concatenate([self._columns, columns], axis=1)
        self._count = np.concatenate([self._count, count])
        self._status = np.concatenate([self._status, status])
        self._errors = np.concatenate([self._errors, errors])
        self._label = np.concatenate([self._label, label.astype(np.int32)])
        self._index.add(self._keys, len(keys))
        self._keep()

    # --- amounts ------------------------------------------------------------------------

    def _row_keys(self, frame: EntryFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return the period of every row, which rows the compiled rates serve, those rows and their keys."""
        period = self._periods(frame.day)
        number = frame.number
        value = frame.value
        eligible = (number >= 0) & (period >= 0) & (value > 0) & np.isfinite(value)
        for declaration in REGISTRY:
            if not declaration.keyed and not declaration.is_default(frame.declared[declaration.name]):
                eligible &= np.isnan(frame.declared[declaration.name])  # an amount: the rules
        every = bool(eligible.all())
        rows = np.arange(len(frame)) if every else np.flatnonzero(eligible)
        flags = self._flags(frame, rows)
        if bool((flags < 0).any()):  # combinations of declarations beyond the profiles: the rules
            eligible[rows[flags < 0]] = False
            every, rows, flags = False, rows[flags >= 0], flags[flags >= 0]
        keys = (number if every else number[rows]) * PERIOD_SLOTS
        keys += period if every else period[rows]
        keys *= FLAG_SLOTS
        keys += flags
        return period, eligible, rows, keys

    def compile_rows(self, frame: EntryFrame, block: int = 500_000) -> None:
        """Compile the keys of the rows of ``frame`` not compiled yet, ``block`` rows per evaluation.

        A batch's first run gives here the distinct (line, date) pairs of its whole input, so
        that the rules are evaluated once for all its keys rather than once per chunk (each
        evaluation has a fixed cost; nine chunks of a 1,000,000-row file took 1.0 s, one
        evaluation of the same 94,167 keys 0.4 s).
        """
        for start in range(0, len(frame), block):
            part = frame.take(np.arange(start, min(start + block, len(frame))))
            _, _, rows, keys = self._row_keys(part)
            self._slots(part, rows, keys)

    def amounts(self, frame: EntryFrame) -> Amounts:
        """Return the amounts of every row: compiled rates where they apply, else the engine.

        Rows whose keys are all plain keys of the table compiled ahead (:mod:`.table`) are
        served from its mapped arrays as they are; otherwise the keys are taken into this
        compiled law (from the table, or compiled by the rules) and served from there.
        """
        period, eligible, rows, keys = self._row_keys(frame)
        source, slots, unknown = self._source(frame, rows, keys)
        return self._amounts_from(frame, period, eligible, rows, source, slots, unknown)

    def subheading_amounts(self, frame: EntryFrame) -> Amounts | None:
        """Return the amounts of plain rows of 8-digit subheadings from the table compiled ahead.

        The subheadings of chapters 1-97 printed without statistical lines (the weights of the
        daily series name them ``<8 digits>00``, :mod:`goldenage.tariffs.etr`). A row whose
        subheading is not the line in force without statistical lines on its day is refused.
        ``None`` when there is no table (the rules are then the way).
        """
        table = self._table()
        if table is None or table.subheadings is None:
            return None
        periods = self._periods(frame.day)
        period = np.maximum(periods, 0)
        keys = (frame.code.astype(np.int64) * PERIOD_SLOTS + period) * FLAG_SLOTS
        sub = table.subheadings
        found, positions = sub.find(keys)
        slots = np.zeros(len(keys), dtype=np.int64)
        slots[found] = positions
        lacking = np.flatnonzero(~found | (periods < 0))
        unknown = None
        if lacking.size:
            unknown = (lacking, unknown_rows(keys[lacking], self.starts, digits=8)["errors"])
        source = self._rates_of(sub)
        every = np.ones(len(frame), dtype=bool)
        return self._amounts_from(frame, period, every, np.arange(len(frame)), source, slots, unknown)

    def _label_ids(self, table: Table) -> np.ndarray:
        """Return the ids in this compiled law of a table's labels (position k: the table's id k)."""
        if id(table) not in self._remaps:
            self._remaps[id(table)] = self._labels.remap(table.labels)
        return self._remaps[id(table)]

    def _rates_of(self, table: Table) -> _Rates:
        """Return the arrays of a table compiled ahead as a source of rates (read where they are)."""
        ids = self._label_ids(table)
        return _Rates(
            table.charges,
            table.columns,
            table.count,
            table.status,
            table.errors,
            lambda positions: ids.take(table.label.take(positions)),
        )

    def compile_keys(self, frame: EntryFrame, keys: np.ndarray) -> None:
        """Compile ``keys``, one row of ``frame`` each, numbered by the caller (the subheadings' table)."""
        self._compile(frame, np.arange(len(frame)), keys)

    def _amounts_from(  # noqa: PLR0913 - the rows and where their rates are
        self,
        frame: EntryFrame,
        period: np.ndarray,
        eligible: np.ndarray,
        rows: np.ndarray,
        source: _Rates,
        slots: np.ndarray,
        unknown: tuple[np.ndarray, np.ndarray] | None,
    ) -> Amounts:
        """Return the amounts of every row, ``rows`` from their keys at ``slots`` in ``source``."""
        n = len(frame)
        every = len(rows) == n
        value = frame.value
        status = source.status.take(slots)
        if unknown is not None:  # codes that are no line of any revision: refused
            status[unknown[0]] = ERROR
        label = source.label(slots)
        if not every:
            spread = np.zeros(n, dtype=np.int32)  # the engine fills the other rows
            spread[rows] = label
            label = spread
        ocean = _each(frame.transport, lambda transport: transport == "ocean")
        matrix, total, mpf, hmf = self._apply(
            source,
            slots,
            value if every else value[rows],
            period if every else period[rows],
            ocean if every else ocean[rows],
        )
        failed = np.zeros(n, dtype=bool)
        error = np.empty(n, dtype=object)
        if every:
            components = {name: matrix[column] for column, name in enumerate(AUTHORITIES)}
        else:  # rows outside the compiled case are filled by the engine below
            components = {name: _spread(n, rows, matrix[column]) for column, name in enumerate(AUTHORITIES)}
            total, mpf, hmf = (_spread(n, rows, column) for column in (total, mpf, hmf))
        if not bool((status == OK).all()):
            given = ~np.isnan(frame.quantity[rows])
            needs = status == NEEDS_QUANTITY
            refused = (status == ERROR) | (needs & ~given)
            bad = rows[refused]
            failed[bad] = True
            error[bad] = source.errors(slots[refused])
            if unknown is not None:
                error[rows[unknown[0]]] = unknown[1]
            label[bad] = 0
            for column in (*components.values(), total, mpf, hmf):
                column[bad] = np.nan
            engine_rows = rows[needs & given]
        else:
            engine_rows = np.zeros(0, dtype=np.int64)
        if not every:
            engine_rows = np.concatenate([np.flatnonzero(~eligible), engine_rows])
        if engine_rows.size:
            full = engine_amounts(frame.take(engine_rows), self.law, self._labels)
            for name in AUTHORITIES:
                components[name][engine_rows] = full.components[name]
            total[engine_rows], mpf[engine_rows], hmf[engine_rows] = full.total, full.mpf, full.hmf
            failed[engine_rows], error[engine_rows] = full.failed, full.error
            label[engine_rows] = full.label
        return Amounts(components, total, mpf, hmf, failed, error, label, self._labels)

    def rates(self, frame: EntryFrame) -> KeyRates:
        """Return the rates per dollar of each authority on every row (unrounded), from the compiled keys.

        The customs value of the rows is ignored (the rates are those of a customs value of
        1); rows the compiled law does not serve (a declared metal value, a date outside the
        periods) get NaN rates and status -1.
        """
        n = len(frame)
        frame = frame.take(np.arange(n))
        frame.value = np.ones(n)
        _, eligible, rows, keys = self._row_keys(frame)
        slots = self._slots(frame, rows, keys)
        matrix = np.zeros((len(AUTHORITIES) + 1, n))  # + the TRASH row
        for j in range(self._charges.shape[0]):
            matrix[self._columns[j].take(slots).astype(np.int64), rows] = self._charges[j].take(slots)
        matrix = matrix[: len(AUTHORITIES)]
        matrix[:, ~eligible] = np.nan
        status = np.full(n, -1, dtype=np.int8)
        status[rows] = self._status.take(slots)
        errors = np.empty(n, dtype=object)
        errors[rows] = self._errors.take(slots)
        return KeyRates(matrix, status, errors)

    def _source(
        self, frame: EntryFrame, rows: np.ndarray, keys: np.ndarray
    ) -> tuple[_Rates, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """Return where the rates of ``keys`` are read, their positions there, and refused keys.

        The table compiled ahead when it holds every key but those of codes that are no line
        of any revision (plain rows): nothing is copied or indexed, and the keys of unknown
        codes are returned as (their positions among ``keys``, their errors), refused (their
        positions point anywhere). Else this compiled law's own arrays, after taking in the
        keys it lacks (:meth:`_slots`), and no refused keys.
        """
        table = self._table()
        if table is not None and len(keys) and not bool((keys % FLAG_SLOTS).any()):
            found, positions = table.find(keys)
            lacking = np.flatnonzero(~found)
            number = key_parts(keys[lacking])[0]
            if not bool(table.known(number).any()):
                ahead = self._rates_of(table)
                slots = np.zeros(len(keys), dtype=np.int64)
                slots[found] = positions
                if not lacking.size:
                    return ahead, slots, None
                return ahead, slots, (lacking, unknown_rows(keys[lacking], self.starts)["errors"])
        slots = self._slots(frame, rows, keys)
        own = _Rates(
            self._charges, self._columns, self._count, self._status, self._errors.take, self._label.take
        )
        return own, slots, None

    def _apply(
        self, source: _Rates, slots: np.ndarray, value: np.ndarray, period: np.ndarray, ocean: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Return the components (one row per authority), total, MPF and HMF of the rows at ``slots``.

        Each row gets its key's non-zero components: ``round_cents(rate x value)`` scattered to
        the authority's output row. The rows are processed in blocks that fit the processor's
        cache: a dozen passes over a block are several times faster than over a million rows.
        """
        n = len(slots)
        depth = int(source.count.take(slots).max(initial=0))  # of the rows' keys, not every key's
        matrix = np.zeros((len(AUTHORITIES) + 1, n))  # + the TRASH row
        flat = matrix.reshape(-1)
        total, mpf, hmf = np.empty(n), np.empty(n), np.empty(n)
        fees = self.fee_rates
        for start in range(0, n, _BLOCK):
            block = slice(start, min(start + _BLOCK, n))
            here, worth = slots[block], value[block]
            rows = np.arange(block.start, block.stop)
            summed = np.zeros(len(here))
            for j in range(depth):
                amount = source.charges[j].take(here)
                amount *= worth
                round_cents_nonnegative(amount)
                summed += amount
                target = source.columns[j].take(here).astype(np.int64)
                target *= n
                target += rows
                flat[target] = amount
            total[block] = np.round(summed, 2)
            rates = (fee.take(period[block]) for fee in fees)
            mpf[block], hmf[block] = fee_amounts(worth, ocean[block], *rates)
        return matrix[: len(AUTHORITIES)], total, mpf, hmf


_LOADED_ON = DECLARATIONS["loaded_on"]


def _transport_codes(column: np.ndarray) -> np.ndarray:
    """Return the index of each mode of transport in :data:`~goldenage.tariffs.inputs.TRANSPORTS`."""
    codes = np.zeros(column.shape, dtype=np.int64)
    for code, name in enumerate(TRANSPORTS):
        codes[column == name] = code
    return codes


def _each(column: np.ndarray, test: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Return ``test(column)``; on a column of one repeated value (an omitted input), test it once."""
    if column.ndim == 1 and column.strides == (0,) and len(column):
        return np.broadcast_to(test(column[:1]), column.shape)
    return test(column)


def date_cutoffs(law: Law, suffix: str | None) -> np.ndarray:
    """Return the sorted dates a date declaration is compared with under ``law``.

    Every value of the date parameters whose id ends with ``suffix`` (one or several joined by
    ``|``, :attr:`.declarations.Declaration.compared_with`): two declared dates with as many of
    these on or before them compare alike in every rule.
    """
    from goldenage.params import parameters  # noqa: PLC0415 - see the imports

    dates: set[np.datetime64] = set()
    suffixes = tuple(suffix.split("|")) if suffix else ()
    if suffixes:
        for base in parameters():
            if base.id.endswith(suffixes):
                for period in law.parameter(base.id).periods:
                    if period.value is not None:
                        dates.add(np.datetime64(period.value, "D"))
    return np.array(sorted(dates), dtype="datetime64[D]")


def _deepen(charges: np.ndarray, columns: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the compacted rates padded to ``depth`` components (rate 0 into the TRASH row)."""
    extra = depth - charges.shape[0]
    if extra <= 0:
        return charges, columns
    keys = charges.shape[1]
    return (
        np.vstack([charges, np.zeros((extra, keys))]),
        np.vstack([columns, np.full((extra, keys), TRASH, dtype=np.int8)]),
    )


def _law_for(scenario: str) -> Law:
    """Return the shipped law of a scenario (imported here: see the module's imports)."""
    from goldenage.tariffs.law import law_for  # noqa: PLC0415

    return law_for(scenario)


def _spread(n: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return an array of ``n`` NaNs with ``values`` at ``rows``."""
    out = np.full(n, np.nan)
    out[rows] = values
    return out


_COMPILED: dict[int | str, CompiledLaw] = {}  # shipped scenarios by name, other laws by id
_UNSAVED: list[CompiledLaw] = []


def flush_all() -> None:
    """Store the keys compiled by every compiled law of this process (run at exit)."""
    while _UNSAVED:
        _UNSAVED.pop().flush()


def compiled(law: Law | str) -> CompiledLaw:
    """Return the compiled law of ``law`` or of a shipped scenario's name (kept for the process).

    A shipped scenario's law has one compiled law whether it is named or given as its object.
    """
    if isinstance(law, str) or law is _law_for(law.scenario.name):
        name = law if isinstance(law, str) else law.scenario.name
        if name not in _COMPILED:
            _COMPILED[name] = CompiledLaw(name)
        return _COMPILED[name]
    if id(law) not in _COMPILED or _COMPILED[id(law)].law is not law:
        _COMPILED[id(law)] = CompiledLaw(law)
    return _COMPILED[id(law)]


def amounts(frame: EntryFrame, law: Law) -> Amounts:
    """Return the amounts of every row of ``frame`` under ``law`` (the batch entry point)."""
    return compiled(law).amounts(frame)


__all__ = ["Amounts", "CompiledLaw", "KeyRates", "amounts", "compiled", "engine_amounts", "flush_all"]
