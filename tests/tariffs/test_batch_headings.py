"""What a broker files from a batch: the Chapter 99 heading of each layer, exemptions, rounded rates.

Worked from the law (docs/law.md), not from the program:
- 8703.23.01.90 (a car), 2025-10-01: column 1 2.5%; Section 232 autos all-inclusive 15% for
  goods of Japan (EO 14345, heading 9903.94.41); IEEPA does not apply to goods subject to
  Section 232 (heading 9903.01.33).
- 8479.50.00.00 (industrial robots), 2026-12-06: column 1 2.5%; Section 301 all-inclusive 12.5%
  (U.S. note 52(k), heading 9903.05.49).
- 8428.70.00.00 (industrial robots of heading 8428, a listed steel derivative), 2026-12-06:
  Section 232 metals 15% inclusive (heading 9903.82.10); Section 301 does not apply to goods
  subject to Section 232 (heading 9903.05.90).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from goldenage.cli.app import main
from goldenage.errors import InputError
from goldenage.tariffs.batch import OUTPUT, run_batch
from goldenage.tariffs.kernel.labels import LABEL_COLUMNS

ROWS = [
    ("1", "8703230190", "2025-10-01", "30001"),
    ("2", "8479500000", "2026-12-06", "10000"),
    ("3", "8428700000", "2026-12-06", "10000"),
    ("4", "9999999999", "2026-12-06", "10000"),
]


def _write(path: Path, rows: list[tuple[str, ...]] = ROWS, extra: dict[str, list[str]] | None = None) -> Path:
    columns = {
        "entry_number": [r[0] for r in rows],
        "hts10": [r[1] for r in rows],
        "origin": ["JP"] * len(rows),
        "entry_date": [r[2] for r in rows],
        "customs_value": [r[3] for r in rows],
        **(extra or {}),
    }
    pl.DataFrame(columns).write_csv(path)
    return path


def _run(tmp_path: Path, **extra: list[str]) -> pl.DataFrame:
    source = _write(tmp_path / "in.csv", extra=extra or None)
    run_batch(source, tmp_path / "out.parquet")
    return pl.read_parquet(tmp_path / "out.parquet")


def test_each_layer_names_its_heading_and_exemptions_say_why(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert out.columns[-1] == "error"
    assert set(LABEL_COLUMNS) <= set(out.columns)
    car, robot, metal, bad = out.rows(named=True)
    assert car["ch99_by_layer"] == "s232_autos 9903.94.41; ieepa_reciprocal 9903.01.33"
    assert car["ch99_headings"] == "9903.94.41 9903.01.33"
    assert car["exemptions"] == "ieepa_reciprocal 9903.01.33: subject to Section 232 (s232_autos)"
    assert robot["ch99_by_layer"] == "s301 9903.05.49"
    assert (robot["ch99_headings"], robot["exemptions"]) == ("9903.05.49", None)
    assert metal["ch99_by_layer"] == "s232_metals 9903.82.10; s301 9903.05.90"
    assert metal["ch99_headings"] == "9903.82.10 9903.05.90"
    assert metal["exemptions"] == "s301 9903.05.90: subject to Section 232 (s232_metals)"
    assert bad["error"].startswith("hts10:")
    assert all(bad[name] is None for name in LABEL_COLUMNS)


def test_rates_are_rounded_to_a_millionth(tmp_path: Path) -> None:
    # Each layer is rounded to cents: column 1 2.5% of $30,001 = 750.025 -> 750.03; Section 232
    # 12.5% = 3,750.125 -> 3,750.13; duty 4,500.16, whose rate 0.15000033 is 0.15 to 1e-6.
    out = _run(tmp_path)
    assert out["duty_total"][0] == 4_500.16
    assert out["duty_rate"].to_list()[:3] == [0.15, 0.125, 0.15]


def test_rows_the_engine_computes_name_the_same_headings(tmp_path: Path) -> None:
    # A declared metal value sends the row to the rules themselves (not a rate per dollar):
    # the headings are the same as the compiled law's.
    plain = _run(tmp_path)
    declared = _run(tmp_path, metal_value=["", "", "10000", ""])
    assert declared.select(LABEL_COLUMNS).rows() == plain.select(LABEL_COLUMNS).rows()


def test_the_output_columns_are_fixed(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert out.columns == ["entry_number", "hts10", "origin", "entry_date", "customs_value", *OUTPUT]


def test_excel_output_named_by_the_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "entries.csv")
    target = tmp_path / "entries.duties.xlsx"
    with pytest.raises(SystemExit) as done:
        main(["tariff", "batch", str(source), str(target)])
    assert done.value.code == 0, capsys.readouterr().err
    sheet = load_workbook(target, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 1 + len(ROWS)
    assert rows[2][header.index("ch99_headings")] == "9903.05.49"
    assert rows[1][header.index("duty_total")] == pytest.approx(4_500.16)  # a number, not text
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "entries.csv",
        "entries.duties.xlsx",
    ]  # no staging left


def test_an_unknown_output_format_is_refused(tmp_path: Path) -> None:
    source = _write(tmp_path / "entries.csv")
    with pytest.raises(InputError, match=r"^OUTPUT: .*no known format"):
        run_batch(source, tmp_path / "out.json")
