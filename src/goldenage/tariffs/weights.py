"""Import weights of the effective-tariff-rate (ETR) series: the shipped default or a user file.

The shipped default is ``data/weights/us_imports_japan_2024.csv`` (built by
``scripts/build_weights.py``; its ``.yaml`` holds the source, totals, design and caveats):
US imports for consumption from Japan in 2024 by HTS10, each 2024 code's value given to the
HTSUS line(s) in force on each day, with inclusive ``valid_from``/``valid_to`` dates.

A user file is CSV or Parquet with the columns ``hts10`` (10 digits, dots optional) and
``value_usd`` (or ``weight``): a non-negative number. Optional ``valid_from``/``valid_to``
(``YYYY-MM-DD``, empty for open-ended) bound each row in time; other columns are not read.
A code may appear on several rows: :meth:`Weights.for_date` adds them up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goldenage.errors import DataFileError, GoldenageError, InputError
from goldenage.params.loader import invalid_file, read_yaml
from goldenage.paths import data_dir
from goldenage.tariffs.inputs import parse_date

SHIPPED = Path("weights") / "us_imports_japan_2024.csv"
VALUE_COLUMNS = ("value_usd", "weight")
DATE_COLUMNS = ("valid_from", "valid_to")
_CODE = re.compile(r"^\d{4}\.?\d{2}\.?\d{2}\.?\d{2}$")
_CODE_ACCEPTED = "10 digits, dots optional, e.g. 8703.23.01.40 or 8703230140"
_VALUE_ACCEPTED = "a number of US dollars, zero or more"
_DATE_ACCEPTED = "a date as YYYY-MM-DD, or empty for open-ended"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetrievedVia(_Frozen):
    """The repository the Census extract was taken from."""

    repository: str
    file: str
    added_in_commit: str
    added_on: str
    read_at_commit: str
    licence: str


class CensusSource(_Frozen):
    """The statistical source of the shipped weights."""

    title: str
    publisher: str
    href: str
    query: str
    citation: str = Field(min_length=10)
    retrieved_via: RetrievedVia
    local_file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    licence: str
    edition: str
    flow: str


class MappingSource(_Frozen):
    """A file used to map the 2024 codes to the lines in force."""

    repository: str | None = None
    commit: str | None = None
    file: str
    licence: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    use: str


class Excluded(_Frozen):
    """Census lines left out of the weights, and why."""

    what: str
    lines: int
    value_usd: int
    calculated_duty_usd: int
    why: str


class WeightsMetadata(_Frozen):
    """The ``.yaml`` file beside the shipped weights."""

    description: str = Field(min_length=10)
    columns: dict[str, str]
    source: CensusSource
    mapping_sources: list[MappingSource] = Field(min_length=1)
    built_by: str
    rows: int
    first_date: str
    newest_revision: dict[str, str]
    totals: dict[str, int]
    excluded: list[Excluded]
    remapping: dict[str, Any]
    design: str
    assumptions: list[str]
    caveats: list[str]


@dataclass(frozen=True)
class Weights:
    """Import weights by HTS line.

    ``frame`` has ``hts10`` (10-digit string), ``value_usd`` (float) and ``valid_from``/
    ``valid_to`` (dates, inclusive; null = unbounded). ``source`` says where the weights come
    from (the ETR's ``weights_source``); ``path`` is the file read.
    """

    frame: pl.DataFrame
    source: str
    path: Path

    def for_date(self, day: dt.date | str) -> pl.DataFrame:
        """Return ``hts10``, ``value_usd`` of the rows in force on ``day``, one row per code.

        Raises :class:`InputError` if no row is in force that day (e.g. before the first
        date of the shipped weights).
        """
        on = parse_date(day)
        live = self.frame.filter(
            (pl.col("valid_from").is_null() | (pl.col("valid_from") <= on))
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= on))
        )
        if live.is_empty():
            first = self.frame.get_column("valid_from").min()
            last = (
                self.frame.get_column("valid_to").max() if self.frame["valid_to"].null_count() == 0 else None
            )
            accepted = f"a date from {first or 'any date'} to {last or 'any later date'}"
            msg = f"no weights are in force on {on.isoformat()} in {self.path}"
            field = "--date"
            raise InputError(field, msg, accepted)
        return live.group_by("hts10").agg(pl.col("value_usd").sum()).sort("hts10")


def load_weights(path: Path | None = None) -> Weights:
    """Read and validate a weights file; ``None`` reads the shipped default.

    Bad user input raises :class:`InputError` naming the file, the row and the column; a bad
    shipped file raises :class:`DataFileError`.
    """
    if path is not None:
        user = Path(path)
        frame = _read(user)
        digest = hashlib.sha256(user.read_bytes()).hexdigest()
        return Weights(frame, f"user file {user} ({frame.height} rows, sha256 {digest})", user)
    shipped = data_dir() / SHIPPED
    return _shipped(shipped, shipped.stat().st_mtime_ns if shipped.is_file() else 0)


@cache
def _shipped(shipped: Path, modified: int) -> Weights:  # noqa: ARG001 - part of the cache key
    """Return the shipped weights (read once per file version and process)."""
    try:
        frame = _read(shipped)
        metadata = _metadata(shipped.with_suffix(".yaml"))
    except InputError as err:
        raise DataFileError(str(err)) from err
    if metadata.rows != frame.height:
        msg = f"{shipped}: {frame.height} rows, but its .yaml says {metadata.rows}; rebuild it"
        raise DataFileError(msg)
    totals = metadata.totals
    source = (
        f"{metadata.source.citation}; chapters 01-97, {totals['kept_lines']:,} lines, "
        f"${totals['kept_value_usd']:,}, mapped to the HTSUS lines in force each day "
        f"(goldenage {SHIPPED.as_posix()}, {metadata.built_by})"
    )
    return Weights(frame, source, shipped)


def _metadata(path: Path) -> WeightsMetadata:
    try:
        return WeightsMetadata.model_validate(read_yaml(path))
    except ValidationError as err:
        raise invalid_file(path, err) from err


def _read(path: Path) -> pl.DataFrame:
    """Read a CSV or Parquet weights file and return the validated frame."""
    field = str(path)
    if not path.is_file():
        msg = "no such file"
        raise InputError(field, msg, "a CSV or Parquet file of weights")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = pl.read_csv(path, infer_schema=False)
        elif suffix == ".parquet":
            raw = pl.read_parquet(path)
        else:
            msg = f"unsupported file type {path.suffix!r}"
            raise InputError(field, msg, "a .csv or .parquet file")
    except (pl.exceptions.PolarsError, OSError) as err:
        msg = f"cannot be read: {err}"
        raise InputError(field, msg, "a CSV or Parquet file of weights") from err
    raw = raw.rename({name: name.strip() for name in raw.columns})
    return _validate(raw, path)


def _validate(raw: pl.DataFrame, path: Path) -> pl.DataFrame:
    field = str(path)
    values = [name for name in VALUE_COLUMNS if name in raw.columns]
    missing = [name for name, ok in (("hts10", "hts10" in raw.columns), ("value_usd", values)) if not ok]
    if missing:
        msg = f"missing column {missing[0]!r} (columns: {', '.join(raw.columns) or 'none'})"
        raise InputError(field, msg, "columns hts10 and value_usd (or weight)")
    if len(values) > 1:
        msg = "has both 'value_usd' and 'weight'"
        raise InputError(field, msg, "one weight column")
    if raw.is_empty():
        msg = "has no rows"
        raise InputError(field, msg, "at least one row of weights")
    columns = {
        "hts10": _codes(raw.get_column("hts10"), path),
        "value_usd": _values(raw.get_column(values[0]), path),
    }
    for name in DATE_COLUMNS:
        given = raw.get_column(name) if name in raw.columns else pl.Series(name, [None] * raw.height)
        columns[name] = _dates(given, path)
    frame = pl.DataFrame(columns)
    backwards = frame.with_row_index().filter(pl.col("valid_to") < pl.col("valid_from"))
    if not backwards.is_empty():
        row = backwards.row(0, named=True)
        where = _where(path, row["index"], "valid_to")
        msg = f"{where}: {row['valid_to']} is before valid_from {row['valid_from']}"
        raise InputError(field, msg, "valid_to on or after valid_from")
    return frame


def _where(path: Path, index: int, column: str) -> str:
    line = f" (line {index + 2})" if path.suffix.lower() == ".csv" else ""
    return f"row {index + 1}{line}, column {column!r}"


def _fail(path: Path, index: int, column: str, value: object, problem: str, accepted: str) -> NoReturn:
    msg = f"{_where(path, index, column)}: {value!r} {problem}"
    raise InputError(str(path), msg, accepted)


def _codes(series: pl.Series, path: Path) -> pl.Series:
    if series.dtype != pl.String:
        msg = f"{_where(path, 0, 'hts10')}: the column is {series.dtype}, so leading zeros may be lost"
        raise InputError(str(path), msg, f"text codes of {_CODE_ACCEPTED}")
    text = series.str.strip_chars()
    valid = text.str.contains(_CODE.pattern).fill_null(value=False)
    if not valid.all():
        index = int(valid.not_().arg_true()[0])
        _fail(path, index, "hts10", series[index], "is not a 10-digit HTS code", _CODE_ACCEPTED)
    return text.str.replace_all(".", "", literal=True).alias("hts10")


def _values(series: pl.Series, path: Path) -> pl.Series:
    name = series.name
    if series.dtype == pl.String:
        numbers = series.str.strip_chars().cast(pl.Float64, strict=False)
    elif series.dtype.is_numeric():
        numbers = series.cast(pl.Float64)
    else:
        _fail(path, 0, name, series[0], f"is of type {series.dtype}", _VALUE_ACCEPTED)
    bad = numbers.is_null() | numbers.is_nan() | numbers.is_infinite()
    if bad.any():
        index = int(bad.arg_true()[0])
        _fail(path, index, name, series[index], "is not a number", _VALUE_ACCEPTED)
    negative = numbers < 0
    if negative.any():
        index = int(negative.arg_true()[0])
        _fail(path, index, name, series[index], "is negative", _VALUE_ACCEPTED)
    return numbers.alias("value_usd")


def _dates(series: pl.Series, path: Path) -> pl.Series:
    name = series.name
    if series.dtype == pl.Date:
        return series
    if series.dtype == pl.Null:
        return series.cast(pl.Date)
    if series.dtype != pl.String:
        _fail(path, 0, name, series[0], f"is of type {series.dtype}", _DATE_ACCEPTED)
    text = series.str.strip_chars()
    parsed: dict[str, dt.date] = {}
    for value in text.unique(maintain_order=True).to_list():  # each distinct text once, in file order
        if not value:
            continue
        try:
            parsed[value] = parse_date(value, field=name)
        except GoldenageError:
            index = int((text == value).arg_true()[0])
            _fail(path, index, name, series[index], "is not a date", _DATE_ACCEPTED)
    return text.replace_strict(parsed, default=None, return_dtype=pl.Date).alias(name)
