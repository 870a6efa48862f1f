"""Column 1 duty of every row, vectorised: the rate of the line in force, parsed once per text.

Law: HTSUS General Note 3(a)(i); General Note 36 (JP Special rates when claimed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from goldenage.errors import GoldenageError, InputError
from goldenage.money import round_cents
from goldenage.tariffs.errors import MissingQuantityError, RateNotComputableError
from goldenage.tariffs.hts_revisions import not_a_line, revision_in_force
from goldenage.tariffs.kernel.context import Context
from goldenage.tariffs.rate_text import AdValorem, RateExpression, Specific, parse_rate, parse_special
from goldenage.tariffs.units import compatible_units, convert


@dataclass(frozen=True)
class Column1:
    """Column 1 duty per row, with what the inclusive floors and the output need."""

    amount: np.ndarray  # rounded to cents (unless asked not to); NaN on failed rows
    text: np.ndarray  # object: rate text as printed
    column: np.ndarray  # object: "column 1 General" or "column 1 Special, program JP"
    ad_valorem_rate: np.ndarray  # float64, NaN when not a pure ad valorem rate


@dataclass(frozen=True)
class _Compiled:
    text: str
    column: str
    av: float
    specific: float  # USD per unit of ``unit``
    unit: str | None
    ad_valorem_rate: float
    error: Exception | None  # a rate the engine cannot compute from value and quantity
    expression: RateExpression | None


def _compile(text: str, htsno: str, column: str) -> _Compiled:
    try:
        expression = parse_rate(text, line=htsno)
        expression.amount(1.0, 1.0, line=htsno)  # raises for formulas, other bases, two units
    except GoldenageError as err:
        return _Compiled(text, column, 0.0, 0.0, None, np.nan, err, None)
    av = sum(c.rate for c in expression.components if isinstance(c, AdValorem))
    specific = sum(c.amount_usd / c.per for c in expression.components if isinstance(c, Specific))
    units = expression.specific_units
    rate = expression.ad_valorem_rate
    return _Compiled(
        expression.text,
        column,
        av,
        specific,
        units[0] if units else None,
        np.nan if rate is None else rate,
        None,
        expression,
    )


@cache
def _compile_text(text: str, column: str) -> _Compiled:
    """Return the compiled rate of a text (many lines share a rate text; the line only names errors)."""
    return _compile(text, "", column)


def _compiled(text: str, htsno: str, column: str) -> _Compiled:
    shared = _compile_text(text, column)
    return shared if shared.error is None else _compile(text, htsno, column)  # the error names the line


@cache
def _variant(general: str, special: str, htsno: str, preference: str | None) -> _Compiled:
    if preference is not None and special:
        programs = parse_special(special, line=htsno)
        if preference in programs:
            expression = programs[preference]
            return _compiled(expression.text, htsno, f"column 1 Special, program {preference}")
    return _compiled(general, htsno, "column 1 General")


def _missing_quantity(htsno: str, variant: _Compiled) -> MissingQuantityError:
    unit = str(variant.unit)
    msg = f"HTS {htsno}: rate {variant.text!r} is specific per {unit} and needs a quantity"
    accepted = f"a quantity in {unit} (--unit {', '.join(compatible_units(unit))})"
    return MissingQuantityError("--quantity", msg, accepted=accepted)


def _groups(inverse: np.ndarray, wanted: list[int]) -> dict[int, np.ndarray]:
    """Return the row indices of each group of ``wanted`` in ``inverse`` (one sort of their rows only)."""
    chosen = np.zeros(int(inverse.max(initial=-1)) + 1, dtype=bool)
    chosen[wanted] = True
    rows = np.flatnonzero(chosen[inverse])
    order = rows[np.argsort(inverse[rows], kind="stable")]
    bounds = np.searchsorted(inverse[order], wanted + [len(chosen)])
    return {k: order[bounds[i] : bounds[i + 1]] for i, k in enumerate(wanted)}


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the sorted distinct ``keys`` (small non-negative integers) and each row's index into them.

    The same as ``np.unique(keys, return_inverse=True)``, by counting instead of sorting.
    """
    present = np.bincount(keys) > 0 if len(keys) else np.zeros(0, dtype=bool)
    distinct = np.flatnonzero(present)
    rank = np.zeros(len(present), dtype=np.int64)
    rank[distinct] = np.arange(len(distinct))
    return distinct, rank[keys]


def _unknown_codes(ctx: Context, rows: np.ndarray) -> list[Exception]:
    """Return the error of each row whose code is no line of the revision in force on its date.

    The message names the revision (not the day), so it is the same for every day of a period.
    """
    revisions = ctx.schedule.revisions
    which = revision_in_force(ctx.frame.day[rows], revisions)
    cells = ctx.cidx[rows].astype(np.int64) * len(revisions) + which  # (code, revision) of each row
    distinct, first, inverse = np.unique(cells, return_index=True, return_inverse=True)
    codes, numbers = ctx.codes[ctx.cidx[rows[first]]].tolist(), which[first].tolist()
    made = [not_a_line(code, revisions[number]) for code, number in zip(codes, numbers, strict=True)]
    return [made[k] for k in inverse.tolist()] if len(distinct) else []


def column1(ctx: Context, round_amounts: bool = True) -> Column1:
    """Return the column 1 duty of every row; rows that cannot be computed are failed.

    ``round_amounts=False`` keeps the exact products (rate x value), for the compiled law
    (:mod:`goldenage.tariffs.kernel.compiled`), which evaluates a unit value.
    """
    frame = ctx.frame
    n = len(frame)
    line_index = ctx.line_index()
    unknown = np.flatnonzero(line_index < 0)
    if unknown.size:
        frame.fail_rows(unknown, _unknown_codes(ctx, unknown))
    generals, specials, htsnos = ctx.line_field("general"), ctx.line_field("special"), ctx.line_field("htsno")
    if not generals:  # no row names a line in force: every row has failed above
        nothing = np.full(n, None, dtype=object)
        return Column1(np.full(n, np.nan), nothing, nothing.copy(), np.full(n, np.nan))
    programs = sorted({p for p in frame.preference.tolist() if p is not None}) if frame.has_preference else []
    program_code = np.zeros(n, dtype=np.int64)
    for number, program in enumerate(programs, start=1):
        program_code[frame.preference == program] = number
    keys = np.maximum(line_index, 0).astype(np.int64) * (len(programs) + 1) + program_code
    unique_keys, inverse = _distinct(keys)
    compiled = []
    for key in unique_keys.tolist():
        index, number = divmod(key, len(programs) + 1)
        program = programs[number - 1] if number else None
        compiled.append(_variant(generals[index], specials[index], htsnos[index], program))
    av = np.array([c.av for c in compiled])
    specific = np.array([c.specific for c in compiled])
    text = np.array([c.text for c in compiled], dtype=object)[inverse]
    column = np.array([c.column for c in compiled], dtype=object)[inverse]
    ad_valorem = np.array([c.ad_valorem_rate for c in compiled])[inverse]
    special_cases = [k for k, c in enumerate(compiled) if c.error is not None or c.unit is not None]
    factor = np.ones(n)
    if special_cases:
        groups = _groups(inverse, special_cases)
        has_unit = np.not_equal(frame.unit, None)
        for k in special_cases:
            variant, rows = compiled[k], groups[k]
            if variant.error is not None:
                frame.fail_at(rows, variant.error)
                continue
            missing = rows[np.isnan(frame.quantity[rows])]
            if missing.size:
                htsno = htsnos[int(unique_keys[k]) // (len(programs) + 1)]
                frame.fail_at(missing, _missing_quantity(htsno, variant))
            with_unit = rows[has_unit[rows]]
            for given in set(frame.unit[with_unit].tolist()):
                these = with_unit[frame.unit[with_unit] == given]
                try:
                    factor[these] = convert(1.0, given, variant.unit)
                except InputError as err:
                    frame.fail_at(these, err)
    quantity = np.where(np.isnan(frame.quantity), 0.0, frame.quantity)
    raw = av[inverse] * frame.value + specific[inverse] * quantity * factor
    amount = np.full(n, np.nan)
    ok = ~frame.failed
    amount[ok] = round_cents(raw[ok]) if round_amounts else raw[ok]
    return Column1(amount, text, column, ad_valorem)


__all__ = ["Column1", "RateNotComputableError", "column1"]
