"""Keys whose rates must be equal: one line and declarations whose periods look alike to the rules.

A compiled key is a line, a period of the whole law and the declarations (:mod:`.layout`).
The periods are those of every parameter, scope list and HTSUS revision together, but for one
line most of them change nothing: the rules read the date only through the context's
parameters, scope entries and line versions (:meth:`.context.Context.dated_inputs`), so two
keys of one line and declarations with the same parameter epoch, line version and scope
entries get the same rates. :func:`alike` groups such keys, so that the compiled law
evaluates the first of each group for all of them (the 631,324 keys of the daily series of
Japan need 263,680 evaluations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from goldenage.tariffs.kernel.layout import FLAG_SLOTS

if TYPE_CHECKING:
    from goldenage.tariffs.kernel.context import Context
    from goldenage.tariffs.kernel.frame import EntryFrame
    from goldenage.tariffs.law import Law

ALIKE_MIN = 1_000  # fewer keys are all evaluated: the search would cost more than it saves


def alike(sample: EntryFrame, keys: np.ndarray, law: Law) -> tuple[np.ndarray | None, Context | None]:
    """Group the keys of ``sample`` (one row per key) whose rates must be equal.

    Returns, for every key, the position of its group among the keys to evaluate, and the
    context of those keys (a subset of ``sample``'s, sharing what was read); or ``(None,
    None)``: evaluate every key (fewer than ``ALIKE_MIN`` keys, or no two alike).

    Rows are grouped by a 64-bit hash of their inputs, then every input is compared with its
    group's first row: a hash collision cannot merge different inputs (no grouping is used then).
    """
    if len(keys) < ALIKE_MIN:
        return None, None
    from goldenage.tariffs.kernel.context import Context  # noqa: PLC0415 - the rules, loaded when compiling

    context = Context(sample, law)
    inputs = {"code": context.cidx, "flags": keys % FLAG_SLOTS, **context.dated_inputs()}
    hashes = pl.DataFrame(inputs).hash_rows()
    first = pl.DataFrame({"hash": hashes}).with_row_index("row").select(pl.col("row").min().over("hash"))
    first = first.to_series().to_numpy().astype(np.int64)
    evaluated = np.flatnonzero(first == np.arange(len(keys)))
    if len(evaluated) == len(keys):
        return None, None
    if any(not np.array_equal(column, column.take(first)) for column in inputs.values()):
        return None, None  # a hash collision: never seen, but never trusted
    position = np.zeros(len(keys), dtype=np.int64)
    position[evaluated] = np.arange(len(evaluated))
    return position.take(first), context.subset(evaluated)


__all__ = ["ALIKE_MIN", "alike"]
