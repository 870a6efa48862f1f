"""ETR series and refund lines written as CSV, Parquet or Excel (``--output FILE``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from goldenage.cli.app import main

ENTRIES = """entry_number,entry_date,hts10,origin,customs_value
E-1,2025-09-01,9503000090,JP,20000
E-2,2025-05-01,1234567890,JP,1000
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    return int(done.value.code or 0), capsys.readouterr().err


def test_the_etr_series_as_excel_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["tariff", "etr", "--from", "2025-04-01", "--to", "2025-04-10"]
    code, err = _run([*argv, "--output", str(tmp_path / "etr.xlsx")], capsys)
    assert code == 0, err
    rows = list(load_workbook(tmp_path / "etr.xlsx", read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("date", "etr", "coverage")
    assert len(rows) == 11  # ten days and the header
    code, _ = _run([*argv, "--output", str(tmp_path / "etr.csv")], capsys)
    csv = pl.read_csv(tmp_path / "etr.csv")
    assert csv.height == 10
    assert csv["etr"].to_list() == pytest.approx([r[1] for r in rows[1:]])
    code, err = _run([*argv, "--output", str(tmp_path / "etr.txt")], capsys)
    assert code == 2
    assert err.startswith("error: --output:")


def test_refund_lines_as_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES)
    target = tmp_path / "entries.refunds.xlsx"
    code, err = _run(
        ["tariff", "refunds", str(source), "--as-of", "2026-06-30", "--output", str(target)], capsys
    )
    assert code == 0, err
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    header = rows[0]
    assert "entry_number" in header
    assert "error" in header
    assert [row[header.index("entry_number")] for row in rows[1:]] == ["E-1", "E-2"]
    code, err = _run(["tariff", "refunds", str(source), "--output", str(source)], capsys)
    assert code == 2  # the output may not be the input
