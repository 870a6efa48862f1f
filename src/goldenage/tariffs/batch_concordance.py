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
    when no row was looked at (the usual case: nothing to add per row).
    """
    if not result.failed.any():
        return None
    mapped_to = np.full(len(frame), None, dtype=object)
    table = concordance()
    candidates = np.flatnonzero(result.failed)
    unknown = np.array(
        [isinstance(result.error[k], UnknownHTSCodeError) for k in candidates.tolist()], dtype=bool
    )
    candidates = candidates[unknown]
    candidates = candidates[table.has(frame.number[candidates])]
    if not candidates.size:
        return None
    rows, targets, owners = [], [], []
    for k in candidates.tolist():
        found = table.resolve(str(frame.code[k]), frame.day[k].astype(object))
        if found is None:
            continue
        if not found.targets:
            result.error[k] = InputError(FIELD, found.describe(), "a 10-digit line of the HTSUS")
            continue
        for target in found.targets:
            rows.append(k)
            targets.append(target)
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
    """Copy the amounts of each mapped row's successor(s) into ``result``, or refuse an ambiguous split."""
    start = 0
    while start < len(rows):
        k, found = int(rows[start]), owners[start]
        stop = start + len(found.targets)
        span = np.arange(start, stop)
        totals = computed.total[span]
        failed = computed.failed[span]
        same = not failed.any() and all(
            np.array_equal(
                computed.components[name][span], np.repeat(computed.components[name][start], len(span))
            )
            for name in AUTHORITIES
        )
        if same:
            for name in AUTHORITIES:
                result.components[name][k] = computed.components[name][start]
            result.total[k], result.mpf[k], result.hmf[k] = (
                totals[0],
                computed.mpf[start],
                computed.hmf[start],
            )
            result.failed[k], result.error[k] = False, None
            result.label[k] = computed.label[start]  # the headings of the line it was computed as
            lines = " | ".join(found.targets)
            mapped_to[k] = lines if len(span) == 1 else f"{lines} (split, same duty)"
        elif len(span) == 1 or (failed.all() and len({str(e) for e in computed.error[span]}) == 1):
            result.error[k] = computed.error[start]  # the successor(s) refuse the row alike
            mapped_to[k] = " | ".join(found.targets)
        else:
            message = f"{found.describe()}; the duty differs between them on this date"
            result.error[k] = InputError(
                FIELD, message, "the 10-digit line in force that the goods fall under"
            )
        start = stop


__all__ = ["remap"]
