"""Duty on many entry lines at once: validation per row, the columnar engine, one table out.

Input columns: ``hts10, origin, entry_date, customs_value`` and optionally ``quantity, unit,
transport`` (plus ``entry_number`` and any other column, passed through). A bad row gets a
message in ``error`` and no amounts; the good rows are still computed. Output: the input
columns, ``duty_total, duty_rate, fee_total``, one column per authority (its amount; 0 where
it adds nothing) and ``error``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from goldenage.errors import InputError
from goldenage.tariffs.kernel.compiled import amounts
from goldenage.tariffs.kernel.engine import AUTHORITIES
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.law import law_for
from goldenage.tariffs.origins import origins
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.units import canonical_unit

REQUIRED = ("hts10", "origin", "entry_date", "customs_value")
OPTIONAL = ("quantity", "unit", "transport")
OUTPUT = ("duty_total", "duty_rate", "fee_total", *AUTHORITIES, "error")
FORMATS = (".csv", ".parquet")
CHUNK_ROWS = 250_000
CSV_BLOCK_BYTES = 16 << 20  # about 250,000 rows of a typical entry file
INPUT_FIELD = "INPUT"
READABLE = "a readable .csv or .parquet file"


@dataclass
class Summary:
    """What a batch run did: rows, errors by kind, totals."""

    rows: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    customs_value: float = 0.0
    duty: float = 0.0
    fees: float = 0.0

    def add(self, table: pl.DataFrame) -> None:
        """Count one output chunk."""
        self.rows += table.height
        ok = table.filter(pl.col("error").is_null())
        self.customs_value += float(ok["customs_value"].cast(pl.Float64).sum() or 0.0)
        self.duty += float(ok["duty_total"].sum() or 0.0)
        self.fees += float(ok["fee_total"].sum() or 0.0)
        for message in table["error"].drop_nulls().to_list():
            self.errors[message.split(":", 1)[0]] += 1

    def lines(self) -> list[str]:
        """Return the summary as lines of text."""
        bad = sum(self.errors.values())
        out = [
            f"rows: {self.rows:,} ({self.rows - bad:,} computed, {bad:,} with errors)",
            f"customs value (computed rows): ${self.customs_value:,.2f}",
            f"duty: ${self.duty:,.2f}; fees: ${self.fees:,.2f}",
        ]
        out += [f"errors, {kind}: {count:,}" for kind, count in self.errors.most_common()]
        return out


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


def read_chunks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[pl.DataFrame]:
    """Yield the input file in chunks of at most ``chunk_rows`` rows (all values as read).

    Raises :class:`InputError` (field ``INPUT``) when the file cannot be read or lacks a
    required column; bad values inside rows are reported per row later.
    """
    path = Path(path)
    suffix = input_format(path)
    try:
        if suffix == ".parquet":
            parquet = pq.ParquetFile(path)
            _check_columns(parquet.schema_arrow.names, path)
            for batch in parquet.iter_batches(batch_size=chunk_rows):
                yield pl.from_arrow(batch)  # type: ignore[misc]
        else:
            header = pl.read_csv(path, infer_schema=False, n_rows=0).columns
            _check_columns(header, path)
            reader = pacsv.open_csv(
                path,
                read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
                ),
            )
            for batch in reader:
                yield pl.from_arrow(batch)  # type: ignore[misc]
    except (OSError, pl.exceptions.PolarsError, pa.ArrowException, ValueError) as err:
        if isinstance(err, InputError):
            raise
        msg = f"{path} cannot be read: {err}".replace("\n", " ")
        raise InputError(INPUT_FIELD, msg, READABLE) from err


def _check_columns(names: list[str], path: Path) -> None:
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        msg = f"{path} lacks the column(s) {', '.join(missing)}"
        accepted = f"columns {', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)})"
        raise InputError(INPUT_FIELD, msg, accepted)


def _text(chunk: pl.DataFrame, name: str) -> pl.Expr:
    """Return a column as stripped text with empty cells as nulls (an absent column: all null)."""
    if name not in chunk.columns:
        return pl.lit(None, dtype=pl.Utf8)
    text = pl.col(name).cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _units(chunk: pl.DataFrame) -> dict[str, str | None]:
    """Return the canonical name of each distinct unit of the chunk (None: unknown unit)."""
    if "unit" not in chunk.columns:
        return {}
    canonical: dict[str, str | None] = {}
    for given in chunk.select(_text(chunk, "unit").unique()).to_series().drop_nulls().to_list():
        try:
            canonical[given] = canonical_unit(given)
        except InputError:
            canonical[given] = None
    return canonical


def _validate(chunk: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray]:
    """Return the typed columns of a chunk and the first validation error of each row.

    One polars query: the typed columns, then each check as a flag, then the first failing
    check of each row.
    """
    canonical = _units(chunk)
    hts_schedule = schedule()
    start, end = hts_schedule.coverage_start, hts_schedule.coverage_end
    raw_unit = _text(chunk, "unit")
    typed = (
        chunk.lazy()
        .select(
            hts10=_text(chunk, "hts10").str.replace_all(".", "", literal=True),
            origin=_text(chunk, "origin").str.to_uppercase(),
            day=_text(chunk, "entry_date").str.to_date("%Y-%m-%d", strict=False),
            value=_text(chunk, "customs_value")
            .str.replace_all(",", "", literal=True)
            .cast(pl.Float64, strict=False),
            raw_quantity=_text(chunk, "quantity"),
            raw_unit=raw_unit,
            unit=raw_unit.replace_strict(canonical, default=None, return_dtype=pl.Utf8)
            if canonical
            else raw_unit,
            transport=_text(chunk, "transport").str.to_lowercase().fill_null("ocean"),
        )
        .with_columns(quantity=pl.col("raw_quantity").cast(pl.Float64, strict=False))
    )
    hts, day, value = pl.col("hts10"), pl.col("day"), pl.col("value")
    quantity, raw_quantity = pl.col("quantity"), pl.col("raw_quantity")
    checks = [
        (~hts.str.contains(r"^\d{10}$").fill_null(False), "hts10: expected 10 digits, dots optional"),
        (
            ~pl.col("origin").is_in(sorted(origins())).fill_null(False),
            "origin: not modelled yet (accepted: JP)",
        ),
        (day.is_null(), "entry_date: expected a date as YYYY-MM-DD"),
        ((day < start) | (day > end), f"entry_date: outside the data's coverage ({start} to {end})"),
        (
            value.is_null() | value.is_nan() | (value <= 0),
            "customs_value: expected a positive amount of US dollars",
        ),
        (
            raw_quantity.is_not_null() & (quantity.is_null() | quantity.is_nan()),
            "quantity: expected a number",
        ),
        (quantity < 0, "quantity: expected a non-negative number"),
        (pl.col("raw_unit").is_not_null() & pl.col("unit").is_null(), "unit: unknown unit"),
        (~pl.col("transport").is_in(["ocean", "air", "land"]), "transport: expected ocean, air or land"),
    ]
    first = pl.coalesce([pl.when(bad.fill_null(False)).then(pl.lit(k)) for k, (bad, _) in enumerate(checks)])
    table = typed.with_columns(problem=first).collect()
    messages = np.array([None] + [message for _, message in checks], dtype=object)
    error = messages[table["problem"].fill_null(-1).to_numpy() + 1]
    return table.select("hts10", "day", "value", "quantity", "unit", "transport"), error


def compute(chunk: pl.DataFrame, scenario: str | None = None) -> pl.DataFrame:
    """Return the chunk with the duty columns (see the module docstring)."""
    law = law_for(get_scenario(scenario).name)
    typed, error = _validate(chunk)
    good = np.equal(error, None)
    rows = typed.filter(pl.Series(good))
    out = {name: np.full(chunk.height, np.nan) for name in OUTPUT if name != "error"}
    messages = error.tolist()
    if rows.height:
        frame = EntryFrame.of(
            code=rows["hts10"].cast(pl.Int64).to_numpy(),
            day=rows["day"].to_numpy(),
            value=rows["value"].to_numpy(),
            quantity=rows["quantity"].to_numpy(),
            unit=rows["unit"].to_numpy() if rows["unit"].null_count() < rows.height else None,
            transport=rows["transport"].to_numpy(),
        )
        result = amounts(frame, law)
        failed = result.failed
        index = np.flatnonzero(good)
        columns = {
            "duty_total": result.total,
            "duty_rate": result.total / frame.value,
            "fee_total": result.fee_total,
        }
        for authority, amount in result.components.items():
            columns[authority] = np.where(failed, np.nan, np.where(np.isnan(amount), 0.0, amount))
        for name, values in columns.items():
            out[name][index] = values
        for position, problem in zip(index[failed].tolist(), result.error[failed].tolist(), strict=True):
            messages[position] = str(problem)
    result = chunk.with_columns(
        [pl.Series(name, values, dtype=pl.Float64, nan_to_null=True) for name, values in out.items()]
    )
    return result.with_columns(pl.Series("error", messages, dtype=pl.Utf8))


class _Writer:
    """Writes output chunks in order on a background thread (while the next chunk is computed).

    Parquet: snappy pages, dictionaries for the text columns only; CSV: one header.
    """

    def __init__(self, handle: BinaryIO, out_format: str) -> None:
        self.handle = handle
        self.out_format = out_format
        self.parquet: pq.ParquetWriter | None = None
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goldenage-writer")
        self.pending: Future[None] | None = None
        self.first = True

    def _write(self, table: pl.DataFrame) -> None:
        if self.out_format == ".csv":
            table.write_csv(self.handle, include_header=self.first)
            self.first = False
            return
        arrow = table.to_arrow()
        if self.parquet is None:
            text = [
                f.name for f in arrow.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            ]
            self.parquet = pq.ParquetWriter(
                self.handle, arrow.schema, compression="snappy", use_dictionary=text
            )
        self.parquet.write_table(arrow)

    def put(self, table: pl.DataFrame) -> None:
        """Queue ``table`` after the chunks already queued (waits for the previous one)."""
        self.wait()
        self.pending = self.pool.submit(self._write, table)

    def wait(self) -> None:
        """Wait for the queued chunk; raise its error if writing failed."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def close(self) -> None:
        """Finish writing (an empty Parquet file still gets the output schema)."""
        self.wait()
        self.pool.shutdown()
        if self.parquet is not None:
            self.parquet.close()
        elif self.out_format == ".parquet":
            pl.DataFrame({c: [] for c in (*REQUIRED, *OUTPUT)}).write_parquet(self.handle)


def run_batch(
    source: Path,
    target: Path,
    scenario: str | None = None,
    progress: object | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Summary:
    """Compute ``source`` into ``target`` chunk by chunk; return the summary.

    The output is written to a temporary file renamed at the end, so a failed run leaves
    nothing half-written. ``progress`` is called with the number of rows done per chunk.
    """
    target = Path(target)
    out_format = _format(target, "OUTPUT")
    get_scenario(scenario)  # fail on a bad scenario before reading anything
    partial = target.with_name(target.name + ".partial")
    summary = Summary()
    try:
        with partial.open("wb") as handle:
            writer = _Writer(handle, out_format)
            try:
                for chunk in read_chunks(source, chunk_rows):
                    table = compute(chunk, scenario)
                    writer.put(table)
                    summary.add(table)
                    if progress is not None:
                        progress(table.height)  # type: ignore[operator]
                writer.close()
            finally:
                writer.pool.shutdown(wait=True)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


__all__ = ["OUTPUT", "REQUIRED", "Summary", "compute", "read_chunks", "run_batch"]
