"""Column 1 duty of every row, vectorised: the rate of the line in force, parsed once per text.

Law: HTSUS General Note 3(a)(i); General Note 36 (JP Special rates when claimed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from goldenage.errors import GoldenageError, InputError
from goldenage.money import round_cents
from goldenage.tariffs.errors import MissingQuantityError, RateNotComputableError
from goldenage.tariffs.kernel.context import Context
from goldenage.tariffs.rate_text import AdValorem, RateExpression, Specific, parse_rate, parse_special
from goldenage.tariffs.units import compatible_units, convert


@dataclass(frozen=True)
class Column1:
    """Column 1 duty per row, with what the inclusive floors and the output need."""

    amount: np.ndarray  # rounded to cents; NaN on failed rows
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


def _variant(general: str, special: str, htsno: str, preference: str | None) -> _Compiled:
    if preference is not None and special:
        programs = parse_special(special, line=htsno)
        if preference in programs:
            expression = programs[preference]
            return _compile(expression.text, htsno, f"column 1 Special, program {preference}")
    return _compile(general, htsno, "column 1 General")


def column1(ctx: Context) -> Column1:
    """Return the column 1 duty of every row; rows that cannot be computed are failed."""
    frame = ctx.frame
    n = len(frame)
    amount = np.full(n, np.nan)
    text = np.full(n, None, dtype=object)
    column = np.full(n, None, dtype=object)
    ad_valorem = np.full(n, np.nan)
    line_index = ctx.line_index()
    generals, specials, htsnos = ctx.line_field("general"), ctx.line_field("special"), ctx.line_field("htsno")
    preference = frame.preference
    keys = np.array(
        [f"{i}|{p or ''}" for i, p in zip(line_index.tolist(), preference.tolist(), strict=True)],
        dtype=object,
    )
    unique_keys, inverse = np.unique(keys, return_inverse=True)
    av = np.zeros(len(unique_keys))
    specific = np.zeros(len(unique_keys))
    compiled: list[_Compiled] = []
    for k, key in enumerate(unique_keys.tolist()):
        index, program = key.split("|")
        i = int(index)
        variant = _variant(generals[i], specials[i], htsnos[i], program or None)
        compiled.append(variant)
        av[k], specific[k] = variant.av, variant.specific
    for k, variant in enumerate(compiled):
        rows = inverse == k
        if variant.error is not None:
            frame.fail(rows, variant.error)
        text[rows] = variant.text
        column[rows] = variant.column
        ad_valorem[rows] = variant.ad_valorem_rate
        if variant.unit is None:
            continue
        missing = rows & np.isnan(frame.quantity)
        if missing.any():
            htsno = htsnos[int(unique_keys[k].split("|")[0])]
            msg = f"HTS {htsno}: rate {variant.text!r} is specific per {variant.unit} and needs a quantity"
            accepted = f"a quantity in {variant.unit} (--unit {', '.join(compatible_units(variant.unit))})"
            frame.fail(missing, MissingQuantityError("--quantity", msg, accepted=accepted))
    factor = np.ones(n)
    units = frame.unit
    for k, variant in enumerate(compiled):
        if variant.unit is None:
            continue
        rows = (inverse == k) & np.array([u is not None for u in units], dtype=bool)
        for given in {u for u in units[rows].tolist()}:
            these = rows & (units == given)
            try:
                factor[these] = convert(1.0, given, variant.unit)
            except InputError as err:
                frame.fail(these, err)
    quantity = np.where(np.isnan(frame.quantity), 0.0, frame.quantity)
    raw = av[inverse] * frame.value + specific[inverse] * quantity * factor
    ok = ~frame.failed
    amount[ok] = round_cents(raw[ok])
    return Column1(amount, text, column, ad_valorem)


__all__ = ["Column1", "RateNotComputableError", "column1"]
