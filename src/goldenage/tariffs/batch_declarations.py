"""The importer declarations of a batch file: one optional column per declaration of the registry.

Each column is named as the declaration (:data:`goldenage.tariffs.declarations.REGISTRY`: the
same name as the API field, ``--name-with-dashes`` in the CLI) and read as the single-line
inputs read it: ``flag`` true/false (also yes/no, 1/0; empty = false), ``yes_no`` yes/no
(also true/false, 1/0), ``choice`` one of its values, ``amount`` US dollars >= 0 (thousands
commas and ``$`` allowed), ``date`` YYYY-MM-DD; case and spaces around a value do not matter,
an empty cell is no declaration. A column the file lacks costs nothing: its rows keep the
default. A value that cannot be read refuses its row with the column and the accepted form.
"""

from __future__ import annotations

import polars as pl

from goldenage.inputs import MAX_AMOUNT_USD
from goldenage.tariffs.declarations import FALSE_WORDS, NO_VALUE, REGISTRY, TRUE_WORDS, Declaration

COLUMNS = tuple(declaration.column for declaration in REGISTRY)


def _text(schema: pl.Schema, name: str) -> pl.Expr:
    """Return a column as stripped lower-case text, empty cells as nulls."""
    text = pl.col(name).cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    return pl.when(text == "").then(None).otherwise(text)


def _number(schema: pl.Schema, name: str) -> pl.Expr:
    if schema[name].is_numeric():
        return pl.col(name).cast(pl.Float64)
    text = _text(schema, name).str.replace_all(",", "", literal=True).str.strip_prefix("$")
    return text.cast(pl.Float64, strict=False)


def _date(schema: pl.Schema, name: str) -> pl.Expr:
    if schema[name] == pl.Date:
        return pl.col(name)
    return _text(schema, name).str.to_date("%Y-%m-%d", strict=False)


def typed_columns(schema: pl.Schema, prefix: str) -> list[pl.Expr]:
    """Return the frame code of every declaration column of the file (``prefix`` + name).

    The codes are those of :class:`~goldenage.tariffs.kernel.frame.EntryFrame` (see
    :mod:`goldenage.tariffs.declarations`); a value that cannot be read gets the default code
    (its row is refused by :func:`checks`).
    """
    columns = []
    for declaration in present(schema):
        name = declaration.column
        text = _text(schema, name)
        if declaration.kind == "flag":
            code = text.is_in(list(TRUE_WORDS)).fill_null(False)
        elif declaration.kind == "yes_no":
            code = (
                pl.when(text.is_in(["yes", *TRUE_WORDS]))
                .then(1)
                .when(text.is_in(["no", *FALSE_WORDS]))
                .then(0)
                .otherwise(NO_VALUE)
                .cast(pl.Int8)
            )
        elif declaration.kind == "choice":
            code = text.replace_strict(
                list(declaration.choices), list(range(len(declaration.choices))), default=NO_VALUE
            ).cast(pl.Int8)
        elif declaration.kind == "amount":
            code = _number(schema, name)
        else:
            code = _date(schema, name)
        columns.append(code.alias(prefix + name))
    return columns


def checks(schema: pl.Schema, prefix: str, entry_date: pl.Expr) -> list[tuple[pl.Expr, str]]:
    """Return the row checks of the declaration columns of the file (expression, message).

    ``entry_date`` is the typed entry date of the row (a date declared ``not_after_entry``
    may not be later).
    """
    found: list[tuple[pl.Expr, str]] = []
    for declaration in present(schema):
        name = declaration.column
        given = _text(schema, name).is_not_null()
        typed = pl.col(prefix + name)
        text = _text(schema, name)
        if declaration.kind == "amount":
            found.append(
                (given & (typed.is_null() | ~typed.is_finite()), f"{name}: expected an amount of US dollars")
            )
            found.append(
                (
                    (typed < 0) | (typed > MAX_AMOUNT_USD),
                    f"{name}: expected a non-negative amount of US dollars up to 1e15",
                )
            )
            continue
        if declaration.kind == "flag":
            bad = given & ~text.is_in([*TRUE_WORDS, *FALSE_WORDS])
        elif declaration.kind == "yes_no":
            bad = given & ~text.is_in(["yes", "no", *TRUE_WORDS, *FALSE_WORDS])
        elif declaration.kind == "choice":
            bad = given & ~text.is_in(list(declaration.choices))
        else:
            bad = given & typed.is_null()
        found.append((bad, f"{name}: expected {declaration.accepted_form}"))
        if declaration.not_after_entry:
            found.append((typed > entry_date, f"{name}: expected a date on or before the entry date"))
    return found


def present(schema: pl.Schema) -> list[Declaration]:
    """Return the declarations whose column the file has."""
    return [declaration for declaration in REGISTRY if declaration.column in schema]


__all__ = ["COLUMNS", "checks", "present", "typed_columns"]
