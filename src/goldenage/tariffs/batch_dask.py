"""The batch kernel over Dask partitions, for inputs larger than memory or many cores.

Each partition of a ``dask.dataframe`` read of the input is computed by the same
:func:`goldenage.tariffs.batch.compute` as the in-process engine (same law, same columns);
the partitions are then written in order to one output file. The scheduler is Dask's default,
or a ``distributed.Client`` when one is active (a local cluster in the tests).
"""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

from goldenage.errors import InputError
from goldenage.outputs import atomic_file, check_output
from goldenage.tariffs.batch import (
    INPUT_FIELD,
    OUTPUT,
    OUTPUT_FIELD,
    READABLE,
    Summary,
    _check_columns,
    _format,
    compute,
    input_format,
)
from goldenage.tariffs.scenario_names import scenario_name

PARTITION_BYTES = "64MB"


def _compute_partition(partition: pd.DataFrame, scenario: str) -> pd.DataFrame:
    table = pl.from_pandas(partition.astype("string").reset_index(drop=True))
    return compute(table, scenario).to_pandas()


def _read(source: Path) -> dd.DataFrame:
    suffix = input_format(source)
    try:
        if suffix == ".parquet":
            frame = dd.read_parquet(source)
        else:
            frame = dd.read_csv(source, dtype=str, blocksize=PARTITION_BYTES, keep_default_na=False)
    except (OSError, ValueError) as err:
        msg = f"{source} cannot be read: {err}".replace("\n", " ")
        raise InputError(INPUT_FIELD, msg, READABLE) from err
    _check_columns(list(frame.columns), source)
    return frame


def run_batch_dask(source: Path, target: Path, scenario: str | None = None) -> Summary:
    """Compute ``source`` into ``target`` over Dask partitions; return the summary."""
    source, target = Path(source), Path(target)
    out_format = _format(target, OUTPUT_FIELD)
    check_output(target, OUTPUT_FIELD, inputs=[source])
    name = scenario_name(scenario)
    frame = _read(source)
    empty = pl.DataFrame({c: pl.Series([], dtype=pl.Utf8) for c in frame.columns})
    meta = compute(empty, name).to_pandas()
    parts = frame.map_partitions(_compute_partition, name, meta=meta)
    summary = Summary()
    writer: pq.ParquetWriter | None = None
    with atomic_file(target, OUTPUT_FIELD, inputs=[source]) as handle:
        for number, part in enumerate(parts.to_delayed()):
            table = pl.from_pandas(part.compute())
            summary.add(table)
            if out_format == ".csv":
                table.write_csv(handle, include_header=number == 0)
            else:
                arrow = table.to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(handle, arrow.schema, compression="zstd")
                writer.write_table(arrow)
        if writer is not None:
            writer.close()
    return summary


__all__ = ["OUTPUT", "run_batch_dask"]
