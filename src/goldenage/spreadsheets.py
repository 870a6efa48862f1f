"""Result tables as files for other tools: CSV, Parquet or Excel (``.xlsx``), chosen by the suffix.

Every writer goes through :mod:`goldenage.outputs` (a unique temporary file renamed over the
output; the output may not be one of the inputs). Excel files are written by XlsxWriter
(through polars): one worksheet named after the table, the header row frozen, columns fitted
to their content, numbers kept as numbers and dates as dates. A worksheet holds at most
1,048,576 rows (the header included): a larger table is refused, with the formats that take it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from goldenage.errors import InputError
from goldenage.outputs import atomic_path, check_output

FORMATS = (".csv", ".parquet", ".xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
MEDIA_TYPES = {
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_format(target: Path | str, field: str = "OUTPUT", formats: tuple[str, ...] = FORMATS) -> str:
    """Return the suffix of an output file among ``formats``, or raise InputError naming ``field``."""
    suffix = Path(target).suffix.lower()
    if suffix not in formats:
        msg = f"{target} has no known format"
        raise InputError(field, msg, "a file ending in " + ", ".join(formats))
    return suffix


def fits_excel(rows: int, field: str = "OUTPUT") -> None:
    """Raise InputError naming ``field`` when ``rows`` rows do not fit in one Excel worksheet."""
    if rows > XLSX_MAX_ROWS:
        msg = f"{rows:,} rows do not fit in an Excel worksheet ({XLSX_MAX_ROWS:,} at most)"
        raise InputError(field, msg, "a .csv or .parquet output for a table this long")


def write_table(
    frame: pl.DataFrame,
    target: Path | str,
    field: str = "OUTPUT",
    inputs: Iterable[Path | str] = (),
    sheet: str = "results",
) -> Path:
    """Write ``frame`` to ``target`` (.csv, .parquet or .xlsx, by its suffix) atomically; return it."""
    suffix = table_format(target, field)
    if suffix == ".xlsx":
        fits_excel(frame.height, field)
    path = check_output(target, field, inputs)
    with atomic_path(path, field, inputs) as partial:
        if suffix == ".csv":
            frame.write_csv(partial)
        elif suffix == ".parquet":
            frame.write_parquet(partial, compression="snappy")
        else:
            frame.write_excel(partial, worksheet=sheet[:31], autofit=True, freeze_panes=(1, 0))
    return path


__all__ = ["FORMATS", "fits_excel", "MEDIA_TYPES", "XLSX_MAX_ROWS", "table_format", "write_table"]
