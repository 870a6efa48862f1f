"""The Dask engine runs the same kernel over partitions, on a local distributed cluster."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from distributed import Client, LocalCluster

from goldenage.errors import InputError
from goldenage.tariffs.batch import run_batch
from goldenage.tariffs.batch_dask import run_batch_dask

ROWS = "entry_number,hts10,origin,entry_date,customs_value,quantity\n" + "".join(
    f"E{i},{code},JP,{day},{value},{quantity}\n"
    for i, (code, day, value, quantity) in enumerate(
        [
            ("8479.50.00.00", "2025-06-01", "200000", ""),
            ("8703.23.01.90", "2025-10-01", "30000", ""),
            ("2206.00.45.00", "2026-08-15", "80000", "10000"),
            ("bad", "2025-10-01", "1", ""),
            ("9018.90.80.00", "2026-03-01", "100000", ""),
        ]
        * 40
    )
)


@pytest.fixture(scope="module")
def cluster_client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_dask_engine_equals_the_in_process_engine(tmp_path: Path, cluster_client) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ROWS, encoding="utf-8")
    assert cluster_client.scheduler_info()["workers"]
    summary = run_batch_dask(source, tmp_path / "dask.parquet")
    run_batch(source, tmp_path / "local.parquet")
    dask_out = pl.read_parquet(tmp_path / "dask.parquet")
    local_out = pl.read_parquet(tmp_path / "local.parquet")
    assert summary.rows == 200
    assert sum(summary.errors.values()) == 40
    for column in (
        "duty_total",
        "fee_total",
        "mfn",
        "ieepa_reciprocal",
        "s232_autos",
        "s122",
        "s301",
        "error",
    ):
        assert dask_out[column].to_list() == local_out[column].to_list(), column
    # Worked examples: robot on 2025-06-01 25,000 (2.5% + 10%); car E3 4,500; sake E14 10,000.
    assert dask_out["duty_total"].to_list()[:3] == [25_000.0, 4_500.0, 10_000.0]


def test_dask_engine_refuses_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        run_batch_dask(tmp_path / "missing.csv", tmp_path / "out.csv")
    lacking = tmp_path / "lacking.csv"
    lacking.write_text("hts10\n8479500000\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks the column"):
        run_batch_dask(lacking, tmp_path / "out.csv")
