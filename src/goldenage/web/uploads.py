"""Uploaded entry files: saved with a safe name, size- and row-limited, read by the batch reader.

Nothing in an upload is executed or unpickled: CSV is read as text and Parquet with its types by
polars (:func:`goldenage.tariffs.batch.read_head`), which also checks the columns. A
file name only chooses the format (``.csv`` or ``.parquet``); the saved file is always
``input.csv`` or ``input.parquet`` in a private folder.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from fastapi import UploadFile

from goldenage.errors import InputError
from goldenage.spreadsheets import XLSX_MAX_ROWS, write_table
from goldenage.tariffs.batch import Limits, Summary, read_head, run_batch
from goldenage.tariffs.refunds.estimate import RefundEstimate, estimate_refunds
from goldenage.web.settings import WebSettings

FIELD = "file"
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
ACCEPTED = "a .csv or .parquet file with columns hts10, origin, entry_date, customs_value"
PARQUET_MAGIC = b"PAR1"
CHUNK = 1 << 20


def _format(filename: str | None) -> str:
    name = (filename or "").strip().lower()
    for suffix, kind in FORMATS.items():
        if name.endswith(suffix):
            return kind
    msg = f"{filename!r} is neither .csv nor .parquet" if name else "no file was uploaded"
    raise InputError(FIELD, msg, ACCEPTED)


async def save_upload(upload: UploadFile, folder: Path, settings: WebSettings, entries: bool = False) -> Path:
    """Save ``upload`` into ``folder`` and check it; return the saved path.

    Raises :class:`InputError` (field ``file``) for a missing, empty, oversized, mislabelled or
    unreadable file, or one with more rows than ``GOLDENAGE_MAX_UPLOAD_ROWS``. ``entries``
    asks for the refund estimator's ``entry_number`` column too.
    """
    kind = _format(upload.filename)
    path = folder / f"input.{kind}"
    size = 0
    with path.open("wb") as handle:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                msg = f"the file is over the limit of {settings.max_upload_bytes:,} bytes"
                raise InputError(FIELD, msg, "a smaller file (GOLDENAGE_MAX_UPLOAD_BYTES)")
            handle.write(chunk)
    if size == 0:
        msg = f"{upload.filename!r} is empty"
        raise InputError(FIELD, msg, ACCEPTED)
    if kind == "parquet":
        _check_parquet(path, upload.filename or "", settings.max_upload_rows)
    _check_columns(path, upload.filename or "", entries)
    return path


def _check_parquet(path: Path, name: str, max_rows: int) -> None:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head != PARQUET_MAGIC:
        msg = f"{name!r} is not a Parquet file (it does not start with PAR1)"
        raise InputError(FIELD, msg, ACCEPTED)
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except (OSError, pa.ArrowException) as err:
        msg = f"{name!r} cannot be read as Parquet: {err}".replace("\n", " ")
        raise InputError(FIELD, msg, ACCEPTED) from err
    if rows > max_rows:
        msg = f"{name!r} has {rows:,} rows, over the limit of {max_rows:,}"
        raise InputError(FIELD, msg, "fewer rows (GOLDENAGE_MAX_UPLOAD_ROWS), or `goldenage tariff batch`")


def scrubbed(err: InputError, path: Path, name: str = "the upload") -> InputError:
    """Return ``err`` about the file, naming the upload instead of the server's path."""
    field = FIELD if err.field in ("INPUT", "ENTRIES") else err.field
    return InputError(field, err.message.replace(str(path), name), err.accepted)


def _check_columns(path: Path, name: str, entries: bool) -> None:
    """Read the first rows with the batch reader: a bad file or missing column fails here."""
    try:
        first = read_head(path, 1024)
    except InputError as err:
        raise scrubbed(err, path, repr(name)) from err
    if entries and first is not None and "entry_number" not in first.columns:
        msg = f"{name!r} lacks the column entry_number"
        raise InputError(FIELD, msg, "columns entry_number, entry_date, hts10, origin, customs_value")


@dataclass(frozen=True)
class BatchRun:
    """The results files of an upload (one per format, named after the input) and the summary."""

    path: Path  # the file of the format chosen
    summary: Summary
    files: dict[str, Path] = field(default_factory=dict)  # format (csv, parquet, xlsx) -> file

    def summary_json(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data (the CLI prints the same as lines on stderr)."""
        summary = self.summary
        payload = {
            "rows": summary.rows,
            "errors": sum(summary.errors.values()),
            "errors_by_kind": dict(summary.errors.most_common()),
            "customs_value": round(summary.customs_value, 2),
            "duty": round(summary.duty, 2),
            "fees": round(summary.fees, 2),
            "lines": summary.lines(),
        }
        return summary.currency().stamp(payload)


DOWNLOADS = ("csv", "xlsx", "parquet")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def result_name(filename: str | None, kind: str, suffix: str) -> str:
    """Return the name of a result file after the upload's (``entries.csv`` -> ``entries.duties.xlsx``).

    Only letters, digits, ``-`` and ``_`` of the upload's name are kept (at most 60).
    """
    stem = _UNSAFE.sub("_", Path(filename or "").stem).strip("_")[:60] or "upload"
    return f"{stem}.{kind}.{suffix}"


def limits_of(settings: WebSettings) -> Limits:
    """Return the bounds of an upload's run: rows as decoded and bytes of results."""
    return Limits(max_rows=settings.max_upload_rows, max_output_bytes=settings.max_result_bytes)


def run_batch_upload(  # noqa: PLR0913 - one argument per input of the run
    source: Path,
    folder: Path,
    scenario: str | None,
    output: str,
    filename: str | None = None,
    limits: Limits | None = None,
) -> BatchRun:
    """Compute ``source`` with the batch engine into ``<name>.duties.parquet``, ``.csv`` and ``.xlsx``.

    ``output`` (csv, xlsx or parquet) is the format of :attr:`BatchRun.path`; every format is
    written, named after ``filename`` (the upload's name). Run in a job worker, within ``limits``.
    """
    if output not in DOWNLOADS:
        msg = f"unknown output format {output!r}"
        field_name = "output"
        raise InputError(field_name, msg, "csv, xlsx or parquet")
    files = {kind: folder / result_name(filename, "duties", kind) for kind in DOWNLOADS}
    try:
        summary = run_batch(source, files["parquet"], scenario, limits=limits)
    except InputError as err:
        raise scrubbed(err, source) from err
    table = pl.read_parquet(files["parquet"])
    write_table(table, files["csv"])
    if table.height <= XLSX_MAX_ROWS:
        write_table(table, files["xlsx"], sheet="duties")
    else:  # pragma: no cover - uploads are bounded well below a worksheet
        del files["xlsx"]
    return BatchRun(files.get(output, files["csv"]), summary, files)


def estimate_upload(
    source: Path, as_of: dt.date | None, corporate: bool, limits: Limits | None = None
) -> RefundEstimate:
    """Return the refund estimate of an uploaded entries file (in a job worker)."""
    try:
        return estimate_refunds(source, as_of, corporate, limits)
    except InputError as err:
        raise scrubbed(err, source) from err
