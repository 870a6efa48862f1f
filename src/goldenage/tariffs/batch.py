"""Duty on many entry lines at once: validation per row, the columnar engine, one table out.

Input columns: ``hts10, origin, entry_date, customs_value`` and optionally ``quantity, unit,
transport`` and one column per importer declaration, named as the declaration
(:mod:`.batch_declarations`: ``metal_value`` is ``--metal-value`` of the single-line command,
``loaded_on`` is ``--loaded-on``...), ``claims`` (the special program indicator the entry claims:
``JP``, ``C``, ``K`` or ``L``, see :mod:`.claims`; a ``C`` claim also declares civil-aircraft
use), plus ``entry_number`` and any other column, passed through.
A bad row gets a message in ``error`` and no amounts; the good rows are still computed. Output: the input
columns, ``duty_total, duty_rate, fee_total``, one column per authority (its amount; 0 where
it adds nothing), ``mapped_to`` (for a code that is no line on the entry date, the line(s) in force it
was computed as, from the concordance of :mod:`.concordance`), the Chapter 99 headings applied in filing order
(``ch99_headings``, the headings of exemptions included), each layer with its heading
(``ch99_by_layer``), a one-line reason per exempt layer (``exemptions``) and ``error``.
``duty_rate`` is rounded to 1e-6; the amounts are cents.

A run is one streaming polars query: polars reads the input, types and checks its rows, hands
each chunk to the compiled law (:mod:`.kernel.compiled`) and writes the results, on its own
threads, so reading, computing and writing overlap. Memory stays at a few chunks whatever the
size of the input.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD
from goldenage.outputs import atomic_path, check_output
from goldenage.spreadsheets import fits_excel, table_format, write_table
from goldenage.tariffs import batch_declarations
from goldenage.tariffs.batch_concordance import remap
from goldenage.tariffs.claims import BY_SYMBOL, claim_columns
from goldenage.tariffs.inputs import MAX_QUANTITY
from goldenage.tariffs.kernel.compiled import CompiledLaw, compiled
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.labels import LABEL_COLUMNS, label_columns
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.scenario_names import scenario_name
from goldenage.tariffs.units import canonical_unit

if TYPE_CHECKING:
    from goldenage.tariffs.currency import LawCurrency

REQUIRED = ("hts10", "origin", "entry_date", "customs_value")
OPTIONAL = ("quantity", "unit", "transport", "claims", *batch_declarations.COLUMNS)
AMOUNTS = ("duty_total", "duty_rate", "fee_total", *AUTHORITIES)  # the numeric output columns
OUTPUT = (*AMOUNTS, "mapped_to", *LABEL_COLUMNS, "error")
RATE_DIGITS = 6  # duty_rate as a fraction to 1e-6 (0.0001 percentage point): cents on $10,000
FORMATS = (".csv", ".parquet")  # streamed outputs; .xlsx is written from a streamed Parquet file
CHUNK_ROWS = 250_000
INPUT_FIELD = "INPUT"
OUTPUT_FIELD = "OUTPUT"
READABLE = "a readable .csv or .parquet file"
TRANSPORTS = ("ocean", "air", "land")
_P = "__goldenage_"  # prefix of the typed columns the query adds to the input's
_ORIGIN_CHECK = 1  # positions of the checks made per chunk in Python (see _checks)
_UNIT_CHECK = 7


@dataclass
class Summary:
    """What a batch run did: rows, errors by kind, totals."""

    rows: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    customs_value: float = 0.0
    duty: float = 0.0
    fees: float = 0.0
    first_date: dt.date | None = None  # of the computed rows
    last_date: dt.date | None = None

    def add(self, table: pl.DataFrame) -> None:
        """Count one output table (from its columns; the in-process run counts as it computes)."""
        self.rows += table.height
        ok = table.filter(pl.col("error").is_null())
        self.customs_value += float(ok["customs_value"].cast(pl.Float64, strict=False).sum() or 0.0)
        self.duty += float(ok["duty_total"].sum() or 0.0)
        self.fees += float(ok["fee_total"].sum() or 0.0)
        for message in table["error"].drop_nulls().to_list():
            self.errors[error_kind(message)] += 1
        dates = ok["entry_date"]
        if dates.dtype != pl.Date:
            dates = dates.cast(pl.Utf8).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
        dates = dates.drop_nulls()
        if len(dates):
            self.dated(dates.min(), dates.max())  # type: ignore[arg-type]

    def dated(self, first: dt.date | None, last: dt.date | None) -> None:
        """Widen the computed rows' entry dates to ``first``..``last`` (``None``: no row)."""
        if first is None or last is None:
            return
        self.first_date = first if self.first_date is None else min(self.first_date, first)
        self.last_date = last if self.last_date is None else max(self.last_date, last)

    def currency(self) -> LawCurrency:
        """Return how current the law of the computed rows' entry dates is."""
        from goldenage.tariffs.currency import law_currency  # noqa: PLC0415 - a run itself reads no parameter

        return law_currency(self.first_date, self.last_date)

    def lines(self) -> list[str]:
        """Return the summary as lines of text (the law's currency and its warning last)."""
        bad = sum(self.errors.values())
        out = [
            f"rows: {self.rows:,} ({self.rows - bad:,} computed, {bad:,} with errors)",
            f"customs value (computed rows): ${self.customs_value:,.2f}",
            f"duty: ${self.duty:,.2f}; fees: ${self.fees:,.2f}",
        ]
        out += [f"errors, {kind}: {count:,}" for kind, count in self.errors.most_common()]
        currency = self.currency()
        out.append(currency.line())
        warning = currency.warning()
        if warning is not None:
            out.append(f"warning: {warning}")
        return out


def error_kind(problem: BaseException | str) -> str:
    """Return the kind of a row's error for the summary: the input it names, or ``rate``.

    Input errors name their field (``hts10``, ``--quantity``); an error of the rate itself
    (a rate the engine cannot compute without data the file does not carry) is ``rate``.
    """
    field_name = getattr(problem, "field", None)
    if isinstance(field_name, str):
        return field_name
    head = str(problem).split(":", 1)[0]
    return "rate" if head.startswith("HTS ") else head


def _format(path: Path, field_name: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        msg = f"{path} has no known format"
        raise InputError(field_name, msg, "a .csv or .parquet file")
    return suffix


def input_format(path: Path) -> str:
    """Return the suffix of a readable input file, or raise InputError (field ``INPUT``)."""
    suffix = _format(path, INPUT_FIELD)
    if not path.is_file():
        msg = f"{path} does not exist"
        raise InputError(INPUT_FIELD, msg, READABLE)
    return suffix


def _unreadable(path: Path, err: Exception) -> InputError:
    msg = f"{path} cannot be read: {err}".replace("\n", " ")
    return InputError(INPUT_FIELD, msg, READABLE)


_READ_ERRORS = (OSError, pl.exceptions.PolarsError, ValueError)
# The first bytes of the compressed formats polars would decompress silently from a ".csv"
# (a 2.9 MB gzip upload became 30 million rows): such a file is refused, never expanded.
_COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"PK\x03\x04": "zip",
    b"\x78\x01": "zlib",
    b"\x78\x5e": "zlib",
    b"\x78\x9c": "zlib",
    b"\x78\xda": "zlib",
}


def _refuse_compressed(path: Path) -> None:
    """Raise InputError when a ``.csv`` file is compressed (it would be expanded whole in memory)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise _unreadable(path, err) from err
    for magic, kind in _COMPRESSED.items():
        if head.startswith(magic):
            msg = f"{path} is compressed ({kind}), not CSV text"
            raise InputError(INPUT_FIELD, msg, "an uncompressed .csv file (decompress it first) or .parquet")


def scan(path: Path) -> tuple[pl.LazyFrame, list[str]]:
    """Return a lazy scan of an input file and its column names (CSV cells read as text).

    Raises :class:`InputError` (field ``INPUT``) when the file cannot be read or lacks a
    required column; bad values inside rows are reported per row later.
    """
    path = Path(path)
    suffix = input_format(path)
    try:
        if suffix == ".parquet":
            frame = pl.scan_parquet(path)
        else:
            _refuse_compressed(path)
            frame = pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy")
            frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))  # blank lines are no rows
        schema = frame.collect_schema()
    except _READ_ERRORS as err:
        raise _unreadable(path, err) from err
    names = schema.names()
    _check_columns(names, path)
    _check_types(schema, path)
    return frame, names


def _batches(frame: pl.LazyFrame, path: Path, chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Yield the rows of a query in chunks of ``chunk_rows`` (a read error is an InputError)."""
    try:
        for batch in frame.collect_batches(chunk_size=chunk_rows):
            if batch.height:
                yield batch
    except _READ_ERRORS as err:
        if isinstance(err, InputError):
            raise
        raise _unreadable(path, err) from err


def read_chunks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[pl.DataFrame]:
    """Yield the input file in chunks of at most ``chunk_rows`` rows (all values as read).

    Raises :class:`InputError` (field ``INPUT``) when the file cannot be read or lacks a
    required column.
    """
    frame, _ = scan(path)
    yield from _batches(frame, Path(path), chunk_rows)


def read_head(path: Path, rows: int) -> pl.DataFrame:
    """Return the first ``rows`` rows of an input file (only those are read), checked as by :func:`scan`.

    Raises :class:`InputError` (field ``INPUT``) when the file cannot be read or lacks a
    required column.
    """
    frame, _ = scan(path)
    try:
        return frame.head(rows).collect()
    except _READ_ERRORS as err:
        raise _unreadable(Path(path), err) from err


def _check_types(schema: pl.Schema, path: Path) -> None:
    """Refuse columns whose cells are not single values (lists, structs, binary, objects).

    Every cell is read as text, a number or a date, and written back to CSV: a Parquet list
    column could be neither (it ended in a traceback).
    """
    odd = [
        f"{name} ({dtype})"
        for name, dtype in schema.items()
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object)
    ]
    if odd:
        msg = f"{path} has columns whose cells are not single values: {', '.join(odd[:5])}"
        raise InputError(INPUT_FIELD, msg, "columns of text, numbers, dates or true/false")


def _check_columns(names: list[str], path: Path) -> None:
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        msg = f"{path} lacks the column(s) {', '.join(missing)}"
        accepted = f"columns {', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})"
        raise InputError(INPUT_FIELD, msg, accepted)


# --- typing and checking the rows (one polars query) --------------------------------------


def _text(schema: pl.Schema, name: str) -> pl.Expr:
    """Return a column as stripped text with empty cells as nulls (an absent column: all null)."""
    if name not in schema:
        return pl.lit(None, dtype=pl.Utf8)
    text = pl.col(name).cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _number(schema: pl.Schema, name: str) -> pl.Expr:
    """Return a column as float: a numeric column as is, text as the single-line inputs read it.

    Thousands commas and a leading ``$`` are allowed (:func:`goldenage.inputs.parse_number`).
    """
    if name in schema and schema[name].is_numeric():
        return pl.col(name).cast(pl.Float64)
    text = _text(schema, name).str.replace_all(",", "", literal=True).str.strip_prefix("$")
    return text.cast(pl.Float64, strict=False)


def _date(schema: pl.Schema, name: str) -> pl.Expr:
    """Return a column as a date (a date column as is; text: YYYY-MM-DD)."""
    if name in schema and schema[name] == pl.Date:
        return pl.col(name)
    return _text(schema, name).str.to_date("%Y-%m-%d", strict=False)


def _checks(start: object, end: object, schema: pl.Schema) -> list[tuple[pl.Expr, str]]:
    """Return the row checks in order (the first failing one is the row's error).

    The origin check (position ``_ORIGIN_CHECK``: the modelled origins are read with the rules,
    after the query has started) and the unit check (``_UNIT_CHECK``: units have aliases) are
    made per chunk in Python (:func:`_finish`): their flags here are never set, and their
    messages are completed there.
    """
    hts, day, value = pl.col(_P + "hts10"), pl.col(_P + "day"), pl.col(_P + "value")
    quantity, raw_quantity = pl.col(_P + "quantity"), pl.col(_P + "raw_quantity")
    checks = [
        (~hts.str.contains(r"^\d{10}$").fill_null(False), "hts10: expected 10 digits, dots optional"),
        (pl.lit(False), "origin: not modelled yet (accepted: {origins})"),
        (day.is_null(), "entry_date: expected a date as YYYY-MM-DD"),
        ((day < start) | (day > end), f"entry_date: outside the data's coverage ({start} to {end})"),
        (
            value.is_null() | ~value.is_finite() | (value <= 0) | (value > MAX_AMOUNT_USD),
            "customs_value: expected a positive amount of US dollars up to 1e15",
        ),
        (
            raw_quantity.is_not_null() & (quantity.is_null() | ~quantity.is_finite()),
            "quantity: expected a number",
        ),
        ((quantity < 0) | (quantity > MAX_QUANTITY), "quantity: expected a non-negative number up to 1e15"),
        (pl.lit(False), "unit: unknown unit"),
        (
            ~pl.col(_P + "transport").is_in(list(TRANSPORTS)),
            "transport: expected " + ", ".join(TRANSPORTS[:-1]) + " or " + TRANSPORTS[-1],
        ),
        *batch_declarations.checks(schema, _P, day),
        (
            pl.col(_P + "claims").is_not_null() & ~pl.col(_P + "claims").is_in(list(BY_SYMBOL)),
            "claims: expected " + ", ".join(BY_SYMBOL) + " (the special program indicator claimed) or empty",
        ),
    ]
    assert checks[_ORIGIN_CHECK][1].startswith("origin:")  # noqa: S101 - the order is part of the contract
    assert checks[_UNIT_CHECK][1].startswith("unit:")  # noqa: S101
    return checks


def _typed(frame: pl.LazyFrame, law: CompiledLaw) -> tuple[pl.LazyFrame, list[str]]:
    """Return the input with its typed columns and the first failing check of each row added.

    Added columns (prefix ``_P``): hts10 (digits), code (int64, -1 if not a number), origin,
    day, value, raw_quantity, quantity, unit (text as given), transport, the frame code of each
    declaration column the file has (:func:`.batch_declarations.typed_columns`), problem (int8,
    the position of the first failing check, -1 when none). Also
    returns the check messages.
    """
    schema = frame.collect_schema()
    start, end = (day.item() for day in law.coverage)  # datetime.date
    hts = _text(schema, "hts10").str.replace_all(".", "", literal=True)
    typed = frame.with_columns(
        hts.alias(_P + "hts10"),
        hts.cast(pl.Int64, strict=False).fill_null(-1).alias(_P + "code"),
        _text(schema, "origin").str.to_uppercase().alias(_P + "origin"),
        _date(schema, "entry_date").alias(_P + "day"),
        _number(schema, "customs_value").alias(_P + "value"),
        _text(schema, "quantity").alias(_P + "raw_quantity"),
        _number(schema, "quantity").alias(_P + "quantity"),
        _text(schema, "unit").alias(_P + "unit"),
        _text(schema, "transport").str.to_lowercase().fill_null(TRANSPORTS[0]).alias(_P + "transport"),
        *batch_declarations.typed_columns(schema, _P),
        _text(schema, "claims").str.to_uppercase().alias(_P + "claims"),
    )
    checks = _checks(start, end, schema)
    first = pl.coalesce(
        [pl.when(bad.fill_null(False)).then(pl.lit(k, pl.Int8)) for k, (bad, _) in enumerate(checks)]
    )
    return typed.with_columns(first.fill_null(-1).alias(_P + "problem")), [m for _, m in checks]


# --- computing a chunk ------------------------------------------------------------------------


@dataclass
class _Chunk:
    """One computed chunk: the output table and what the summary counts of it."""

    table: pl.DataFrame
    customs_value: float
    duty: float
    fees: float
    errors: Counter[str]
    first_date: dt.date | None = None  # of the computed rows
    last_date: dt.date | None = None


def _units(batch: pl.DataFrame) -> tuple[np.ndarray | None, np.ndarray]:
    """Return the canonical unit of each row (None: no unit) and where a unit is unknown."""
    given = batch[_P + "unit"]
    if given.null_count() == batch.height:
        return None, np.zeros(batch.height, dtype=bool)
    canonical: dict[str, str | None] = {}
    for text in given.unique().drop_nulls().to_list():
        try:
            canonical[text] = canonical_unit(text)
        except InputError:
            canonical[text] = None
    units = given.replace_strict(canonical, default=None, return_dtype=pl.Utf8)
    unknown = (given.is_not_null() & units.is_null()).to_numpy()
    return units.to_numpy(), unknown


def _finish(batch: pl.DataFrame, law: CompiledLaw, names: list[str], messages: list[str]) -> _Chunk:
    """Compute a typed chunk (see :func:`_typed`): the input columns plus the duty columns."""
    n = batch.height
    problem = batch[_P + "problem"].to_numpy().astype(np.int32)
    units, unknown = _units(batch)
    problem[unknown & ((problem < 0) | (problem > _UNIT_CHECK))] = _UNIT_CHECK
    stranger = ~batch[_P + "origin"].is_in(law.origins).fill_null(False).to_numpy()
    problem[stranger & ((problem < 0) | (problem > _ORIGIN_CHECK))] = _ORIGIN_CHECK
    good = problem < 0
    every = bool(good.all())
    index = np.flatnonzero(good)

    def column(name: str) -> np.ndarray:
        values = batch[_P + name].to_numpy()
        return values if every else values[index]

    out: dict[str, np.ndarray] = {}
    failed = np.zeros(0, dtype=bool)
    errors: np.ndarray = np.zeros(0, dtype=object)
    mapped = np.full(n, None, dtype=object)
    remapped: np.ndarray | None = None
    value = column("value")
    dates: tuple[dt.date | None, dt.date | None] = (None, None)
    if index.size:
        frame = EntryFrame.of(
            code=column("code"),
            day=column("day"),
            value=value,
            quantity=column("quantity") if "quantity" in names else None,
            unit=None if units is None else (units if every else units[index]),
            transport=column("transport") if "transport" in names else None,
            **_declared(names, column),
        )
        result = law.amounts(frame)
        remapped = remap(frame, result, law)  # older codes under the lines in force (concordance)
        if remapped is not None:
            mapped[index] = remapped
        failed, errors = result.failed, result.error
        computed = column("day")[~failed].astype("datetime64[D]")
        if computed.size:
            dates = (computed.min().astype(dt.date), computed.max().astype(dt.date))
        rate = np.round(result.total / value, RATE_DIGITS)
        out = {"duty_total": result.total, "duty_rate": rate, "fee_total": result.fee_total}
        out.update(result.components)
        label = result.label
    else:
        label = np.zeros(0, dtype=np.int32)
    if not every:  # the rows refused by the checks get no amounts
        for name, values in out.items():
            out[name] = np.full(n, np.nan)
            out[name][index] = values
    for name in AMOUNTS:
        if name not in out:
            out[name] = np.full(n, np.nan)
    ids = np.full(n, -1, dtype=np.int64)  # what each computed row applied (see .kernel.labels)
    ids[index[~failed]] = label[~failed]
    texts = list(messages)
    texts[_ORIGIN_CHECK] = texts[_ORIGIN_CHECK].format(origins=", ".join(law.origins))
    error_column, kinds = _error_column(problem, texts, index[failed], errors[failed])
    table = batch.select(names).with_columns(
        [pl.Series(name, values, dtype=pl.Float64, nan_to_null=True) for name, values in out.items()]
    )
    if remapped is not None:
        mapped_column = pl.Series("mapped_to", mapped.tolist(), dtype=pl.Utf8)
    else:  # no row mapped: no Python object per row
        mapped_column = pl.repeat(None, n, dtype=pl.Utf8, eager=True).alias("mapped_to")
    table = table.with_columns(mapped_column, *label_columns(law.labels, ids), error_column.alias("error"))
    ok = ~failed
    return _Chunk(
        table=table,
        customs_value=float(value[ok].sum()),
        duty=float(np.nansum(out["duty_total"])),
        fees=float(np.nansum(out["fee_total"])),
        errors=kinds,
        first_date=dates[0],
        last_date=dates[1],
    )


def _declared(names: list[str], column: Callable[[str], np.ndarray]) -> dict[str, np.ndarray]:
    """Return the frame columns of the declarations and claims (a C claim declares civil aircraft)."""
    declared = {name: column(name) for name in batch_declarations.COLUMNS if name in names}
    if "claims" in names:
        claimed = claim_columns(column("claims"))
        declared["preference"] = claimed["preference"]
        civil = claimed["civil_aircraft"]
        declared["civil_aircraft"] = (
            civil | declared["civil_aircraft"] if "civil_aircraft" in declared else civil
        )
    return declared


def _error_column(
    problem: np.ndarray, texts: list[str], failed_rows: np.ndarray, failures: np.ndarray
) -> tuple[pl.Series, Counter[str]]:
    """Return the ``error`` column of a chunk and the count of each kind of error.

    ``problem`` holds, per row, the position in ``texts`` of its failed check (-1: none);
    ``failed_rows`` are the rows the engine refused, with their exceptions. One text per
    distinct message, gathered by a code per row (no Python object per row).
    """
    texts = list(texts)
    problem = problem.copy()
    where: dict[str, int] = {}
    for position, error in zip(failed_rows.tolist(), failures.tolist(), strict=True):
        text = str(error)
        if text not in where:
            where[text] = len(texts)
            texts.append(text)
        problem[position] = where[text]
    counts = np.bincount(problem[problem >= 0], minlength=len(texts))
    kinds: Counter[str] = Counter()
    for position in np.flatnonzero(counts).tolist():
        kinds[error_kind(texts[position])] += int(counts[position])
    if not kinds:
        return pl.repeat(None, len(problem), dtype=pl.Utf8, eager=True).alias("error"), kinds
    codes = pl.Series(problem)
    return pl.Series("error", texts, dtype=pl.Utf8).gather(codes.set(codes < 0, None)), kinds


def _law(scenario: str | None) -> CompiledLaw:
    return compiled(scenario_name(scenario))


def compute(chunk: pl.DataFrame, scenario: str | None = None) -> pl.DataFrame:
    """Return the chunk with the duty columns (see the module docstring)."""
    law = _law(scenario)
    query, messages = _typed(chunk.lazy(), law)
    return _finish(query.collect(), law, chunk.columns, messages).table


@dataclass(frozen=True)
class Limits:
    """Bounds of one run (``None``: none), checked on the rows as decoded, whatever the format.

    The web app sets them (``GOLDENAGE_MAX_UPLOAD_ROWS``, ``GOLDENAGE_MAX_RESULT_BYTES``); the
    run stops at the first chunk past a limit, with nothing written.
    """

    max_rows: int | None = None
    max_output_bytes: int | None = None

    def check_rows(self, rows: int) -> None:
        """Raise InputError on ``INPUT`` when ``rows`` rows are more than allowed."""
        if self.max_rows is not None and rows > self.max_rows:
            msg = f"has more than {self.max_rows:,} rows (counted as read, after any decoding)"
            raise InputError(INPUT_FIELD, msg, "fewer rows (GOLDENAGE_MAX_UPLOAD_ROWS), or the goldenage CLI")

    def check_output(self, size: int) -> None:
        """Raise InputError on ``INPUT`` when the results reach more bytes than allowed."""
        if self.max_output_bytes is not None and size > self.max_output_bytes:
            msg = f"gives results over the limit of {self.max_output_bytes:,} bytes"
            accepted = "fewer rows or columns (GOLDENAGE_MAX_RESULT_BYTES), or the goldenage CLI"
            raise InputError(INPUT_FIELD, msg, accepted)


class _Pipeline:
    """The function polars applies to each typed chunk of a streaming run, and what it counted.

    Polars may call it from several of its threads; one lock keeps the compiled law (which
    grows as keys are compiled) and the counts consistent, while polars goes on reading,
    checking and writing other chunks. An error of the function itself is kept, so that it is
    raised as it is rather than as a read error.
    """

    def __init__(  # noqa: PLR0913
        self,
        law: CompiledLaw,
        names: list[str],
        messages: list[str],
        progress: object | None,
        limits: Limits | None = None,
    ) -> None:
        self.law, self.names, self.messages, self.progress = law, names, messages, progress
        self.limits = limits or Limits()
        self.output_bytes = 0
        self.summary = Summary()
        self.failure: BaseException | None = None
        self.lock = threading.Lock()

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Return the output of one chunk (and count it)."""
        with self.lock:
            try:
                self.limits.check_rows(self.summary.rows + batch.height)
                chunk = _finish(batch, self.law, self.names, self.messages)
                self.output_bytes += chunk.table.estimated_size()
                self.limits.check_output(self.output_bytes)
            except BaseException as err:
                self.failure = err
                raise
            summary = self.summary
            summary.rows += batch.height
            summary.customs_value += chunk.customs_value
            summary.duty += chunk.duty
            summary.fees += chunk.fees
            summary.errors.update(chunk.errors)
            summary.dated(chunk.first_date, chunk.last_date)
            if self.progress is not None:
                self.progress(batch.height)  # type: ignore[operator]
            return chunk.table


def _prepare(law: CompiledLaw) -> None:
    """Load the rules (:meth:`CompiledLaw.prepare`); a failure is raised where they are next needed."""
    try:
        law.prepare()
    except Exception:  # noqa: BLE001, S110 - the compile loads them again and raises the error there
        pass


def _compile_ahead(query: pl.LazyFrame, law: CompiledLaw, source: Path) -> None:
    """Compile the keys of every (line, entry date) of the input in one evaluation of the rules.

    Used when nothing is stored yet: one pass reads the two columns and their distinct pairs,
    then the rules run once for all of them (:meth:`CompiledLaw.compile_rows`) before the
    streaming run, whose chunks then find every key compiled. While polars reads the pairs, a
    thread loads the rules (:meth:`CompiledLaw.prepare`). That query calls no Python function,
    so none of polars' threads waits for this process's; the chunks of the streaming run,
    which do call back (:class:`_Pipeline`), start only after the thread has ended (see
    :meth:`CompiledLaw._facts` on why the rules are never loaded alongside them).
    """
    start, end = (day.item() for day in law.coverage)
    code, day = pl.col(_P + "code"), pl.col(_P + "day")
    loading = threading.Thread(target=_prepare, args=(law,), name="goldenage-load-rules", daemon=True)
    loading.start()
    try:
        pairs = query.select(code, day).filter((code >= 0) & day.is_between(start, end)).unique().collect()
    except _READ_ERRORS as err:
        raise _unreadable(source, err) from err
    finally:
        loading.join()
    if pairs.height:
        days = pairs[_P + "day"].to_numpy()
        law.compile_rows(
            EntryFrame.of(code=pairs[_P + "code"].to_numpy(), day=days, value=np.ones(len(days)))
        )


def run_batch(
    source: Path,
    target: Path,
    scenario: str | None = None,
    progress: object | None = None,
    limits: Limits | None = None,
) -> Summary:
    """Compute ``source`` into ``target``; return the summary.

    One streaming polars query reads the input, types and checks the rows, applies the
    compiled law to each chunk (:func:`_finish`) and writes the output (Parquet: snappy; CSV:
    one header), all in chunks, so memory stays flat. The output is written to a temporary
    file renamed at the end (:mod:`goldenage.outputs`): a failed run leaves nothing
    half-written, and an output that is the input is refused before anything is read.
    ``progress`` is called with the number of rows done per chunk; ``limits`` bound the rows
    and the size of the results (:class:`Limits`).
    """
    source, target = Path(source), Path(target)
    if table_format(target, OUTPUT_FIELD) == ".xlsx":
        return _run_to_excel(source, target, scenario, progress)
    out_format = _format(target, OUTPUT_FIELD)
    check_output(target, OUTPUT_FIELD, inputs=[source])
    law = _law(scenario)  # fail on a bad scenario before reading anything
    frame, names = scan(source)
    query, messages = _typed(frame, law)
    pipeline = _Pipeline(law, names, messages, progress, limits)
    try:
        schema = _finish(query.head(0).collect(), law, names, messages).table.schema
    except _READ_ERRORS as err:
        raise _unreadable(source, err) from err
    if law.size == 0 and not law.compiled_ahead:  # a first run: compile the input's keys at once
        _compile_ahead(query, law, source)
    computed = query.map_batches(pipeline, schema=schema, streamable=True)
    with atomic_path(target, OUTPUT_FIELD, inputs=[source]) as partial:
        try:
            if out_format == ".parquet":
                computed.sink_parquet(partial, compression="snappy")
            else:
                computed.sink_csv(partial)
        except _READ_ERRORS as err:
            if pipeline.failure is not None:
                raise pipeline.failure from err
            if isinstance(err, OSError):
                raise
            raise _unreadable(source, err) from err
    return pipeline.summary


def _run_to_excel(source: Path, target: Path, scenario: str | None, progress: object | None) -> Summary:
    """Compute ``source`` into an Excel workbook: a streaming run to Parquet, then one worksheet.

    The Parquet file is a temporary file beside the output, removed at the end; an input of
    more rows than a worksheet holds is refused before anything is computed.
    """
    check_output(target, OUTPUT_FIELD, inputs=[source])
    frame, _ = scan(source)
    try:
        rows = frame.select(pl.len()).collect().item()
    except _READ_ERRORS as err:
        raise _unreadable(source, err) from err
    fits_excel(rows, OUTPUT_FIELD)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".parquet")
    os.close(handle)
    staging = Path(name)
    try:
        summary = run_batch(source, staging, scenario, progress)
        write_table(pl.read_parquet(staging), target, OUTPUT_FIELD, inputs=[source], sheet="duties")
    finally:
        staging.unlink(missing_ok=True)
    return summary


__all__ = [
    "OUTPUT",
    "Limits",
    "REQUIRED",
    "Summary",
    "compute",
    "error_kind",
    "read_chunks",
    "read_head",
    "run_batch",
    "scan",
]
