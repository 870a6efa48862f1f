"""Rows of a batch whose code is no line on the entry date but has a successor (``mapped_to``).

A batch or refund file of older statistical numbers (2024 codes, lines of a revision since
superseded) is computed under the line(s) in force that the concordance names
(:mod:`goldenage.tariffs.concordance`). The row keeps its own ``hts10`` and says in
``mapped_to`` what it was computed as. A split is computed under every successor: when they all
give the same duty the row takes it (``mapped_to`` lists them, "same duty"); when they differ the
row is refused, naming them, since which one applies is for the importer to say. A code that is
no HTSUS line at all (the Census low-value estimate 9999.95.00.00) is refused with the reason.
Only rows the compiled law refused as unknown codes are looked at, so other rows cost nothing.
"""

from __future__ import annotations

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.concordance import Mapping, concordance
from goldenage.tariffs.errors import UnknownHTSCodeError
from goldenage.tariffs.kernel.compiled import Amounts, CompiledLaw
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.layout import AUTHORITIES

FIELD = "hts10"


def remap(frame: EntryFrame, result: Amounts, law: CompiledLaw) -> np.ndarray | None:
    """Compute, in place in ``result``, the rows refused as unknown codes that the concordance maps.

    Returns ``mapped_to`` (object array: the lines a row was computed as, or None), or ``None``
    when no row was looked at (the usual case: nothing to add per row). The concordance is asked
    once per code and stretch of dates on which nothing it reads changes
    (:meth:`.Concordance.resolve_many`), and the successors' amounts are taken for all rows at
    once: a file of older codes costs about what a file of lines in force costs.
    """
    if not result.failed.any():
        return None
    mapped_to = np.full(len(frame), None, dtype=object)
    table = concordance()
    candidates = np.flatnonzero(result.failed)
    candidates = candidates[table.has(frame.number[candidates])]  # a vectorised pre-check first
    unknown = [isinstance(error, UnknownHTSCodeError) for error in result.error[candidates].tolist()]
    candidates = candidates[np.array(unknown, dtype=bool)]
    if not candidates.size:
        return None
    codes = np.char.zfill(frame.number[candidates].astype("<U10"), 10)  # 10-digit codes: has() passed
    found_of = table.resolve_many(codes, frame.day[candidates])
    rows, targets, owners = [], [], []
    for k, found in zip(candidates.tolist(), found_of, strict=True):
        if found is None:
            continue
        if not found.targets:
            result.error[k] = InputError(FIELD, found.describe(), "a 10-digit line of the HTSUS")
            continue
        rows += [k] * len(found.targets)
        targets += found.targets
        owners.append(found)
    if not rows:
        return mapped_to
    sub = frame.take(np.array(rows))
    sub.text, sub.numbers = np.array(targets, dtype="<U10"), None
    computed = law.amounts(sub)
    _take(result, computed, np.array(rows), owners, mapped_to)
    return mapped_to


def _take(
    result: Amounts, computed: Amounts, rows: np.ndarray, owners: list[Mapping], mapped_to: np.ndarray
) -> None:
    """Copy the amounts of each mapped row's successor(s) into ``result``, or refuse an ambiguous split.

    ``rows`` holds each mapped row once per successor, in the order of ``owners`` (one mapping
    a row). A row takes the amounts of its first successor when no successor failed and every
    authority charges the same amount under each; otherwise it keeps the successors' common
    error, or is refused as an ambiguous split.
    """
    sizes = np.array([len(found.targets) for found in owners], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    keys = rows[starts]
    same = ~np.logical_or.reduceat(computed.failed, starts)
    for name in AUTHORITIES:
        amounts = computed.components[name]
        same &= np.maximum.reduceat(amounts, starts) == np.minimum.reduceat(amounts, starts)
    took, first = keys[same], starts[same]
    for name in AUTHORITIES:
        result.components[name][took] = computed.components[name][first]
    result.total[took], result.mpf[took], result.hmf[took] = (
        computed.total[first],
        computed.mpf[first],
        computed.hmf[first],
    )
    result.failed[took] = False
    result.error[took] = None
    result.label[took] = computed.label[first]  # the headings of the line it was computed as
    for k, start, found, took_it in zip(keys.tolist(), starts.tolist(), owners, same.tolist(), strict=True):
        lines = " | ".join(found.targets)
        span = slice(start, start + len(found.targets))
        if took_it:
            mapped_to[k] = lines if len(found.targets) == 1 else f"{lines} (split, same duty)"
        elif len(found.targets) == 1 or (
            computed.failed[span].all() and len({str(e) for e in computed.error[span]}) == 1
        ):
            result.error[k] = computed.error[start]  # the successor(s) refuse the row alike
            mapped_to[k] = lines
        else:
            message = f"{found.describe()}; the duty differs between them on this date"
            result.error[k] = InputError(
                FIELD, message, "the 10-digit line in force that the goods fall under"
            )


__all__ = ["remap"]
