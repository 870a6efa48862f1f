"""The batch path: same law as the single-line path, bad rows reported, files in and out."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from goldenage.errors import GoldenageError, InputError
from goldenage.tariffs import batch as batch_module
from goldenage.tariffs.batch import compute, error_kind, run_batch
from goldenage.tariffs.calc import duty, parse_declarations
from goldenage.tariffs.kernel.engine import MODULES
from goldenage.tariffs.kernel.layout import AUTHORITIES
from goldenage.tariffs.schedule import schedule

SCENARIOS = ("actual", "no_deal", "liberation_day", "pre_2025", "ieepa_upheld")


def _random_rows(count: int, seed: int) -> pl.DataFrame:
    hts = schedule()
    codes = hts.lines.filter(pl.col("level") == 10, pl.col("chapter") < 98)["code"].unique().sort().to_list()
    rng = random.Random(seed)
    span = (hts.coverage_end - hts.coverage_start).days
    rows = []
    for _ in range(count):
        day = hts.coverage_start + dt.timedelta(days=rng.randrange(span + 1))
        rows.append(
            {
                "hts10": rng.choice(codes),
                "origin": "JP",
                "entry_date": day.isoformat(),
                "customs_value": f"{rng.uniform(1, 1_000_000):.2f}",
                "quantity": rng.choice(["", "100", "2500.5"]),
                "transport": rng.choice(["ocean", "air", "land"]),
                "scenario": rng.choice(SCENARIOS),
            }
        )
    return pl.DataFrame(rows)


def test_batch_equals_single_line_to_the_cent_on_10000_random_rows() -> None:
    # One law, two paths: every row of the batch must equal the single-line API, component by
    # component, to the cent (or fail with the same error), across the whole period and all scenarios.
    # A code that is no line on the date but has a successor in the concordance is computed by
    # the batch as that line (mapped_to); the single-line API takes it as typed and refuses it:
    # such rows are compared with the single-line duty of the line they were mapped to.
    table = _random_rows(10_000, seed=20251028)
    compared = failed = 0
    for scenario in SCENARIOS:
        part = table.filter(pl.col("scenario") == scenario)
        out = compute(part.drop("scenario"), scenario)
        for row in out.iter_rows(named=True):
            quantity = float(row["quantity"]) if row["quantity"] else None
            mapped = row["mapped_to"] and " | " not in row["mapped_to"]
            try:
                single = duty(
                    row["mapped_to"] if mapped else row["hts10"],
                    "JP",
                    row["entry_date"],
                    row["customs_value"],
                    quantity,
                    transport=row["transport"],
                    scenario=scenario,
                )
            except GoldenageError:
                # The same row fails in the batch too (its message names the batch column), unless
                # the batch computed it under all the lines of a split (same duty on each).
                assert row["error"] is not None or "(split, same duty)" in (row["mapped_to"] or "")
                failed += 1
                continue
            assert row["error"] is None
            assert row["duty_total"] == pytest.approx(single.duty_total, abs=0.001)
            assert row["fee_total"] == pytest.approx(single.fee_total, abs=0.001)
            amounts = {a: 0.0 for a in AUTHORITIES}
            for component in single.duties:
                amounts[component.authority] += component.amount
            for authority, amount in amounts.items():
                assert row[authority] == pytest.approx(amount, abs=0.001), authority
            compared += 1
    assert compared + failed == 10_000
    assert compared > 9_000


def test_bad_rows_get_errors_and_good_rows_are_computed() -> None:
    table = pl.DataFrame(
        {
            "hts10": ["8479.50.00.00", "8703.23", "8479500000", "8479500000", "8479500000", "2206004500"],
            "origin": ["JP", "JP", "CN", "JP", "JP", "JP"],
            "entry_date": [
                "2026-03-15",
                "2026-03-15",
                "2026-03-15",
                "2026-02-30",
                "2026-03-15",
                "2026-03-15",
            ],
            "customs_value": ["200000", "1", "1", "1", "-5", "80000"],
        }
    )
    out = compute(table)
    errors = out["error"].to_list()
    assert errors[0] is None
    assert errors[1].startswith("hts10:")
    assert errors[2].startswith("origin:")
    assert errors[3].startswith("entry_date:")
    assert errors[4].startswith("customs_value:")
    assert errors[5].startswith("--quantity:")  # sake at 3 cents/liter needs a quantity
    # Worked example E12: robot 2.5% + Section 122 10% of 200,000 = 25,000; MPF capped at 651.50.
    assert out["duty_total"][0] == 25_000.0
    assert out["s122"][0] == 20_000.0
    assert out["mfn"][0] == 5_000.0
    assert out["duty_total"].null_count() == 5


def test_files_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(
        "entry_number,hts10,origin,entry_date,customs_value\n"
        "A1,8703.23.01.90,JP,2025-10-01,30000\n"
        "A2,nonsense,JP,2025-10-01,1\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.parquet"
    summary = run_batch(source, target)
    assert summary.rows == 2
    assert sum(summary.errors.values()) == 1
    out = pl.read_parquet(target)
    assert out.columns[:5] == ["entry_number", "hts10", "origin", "entry_date", "customs_value"]
    assert out["duty_total"].to_list() == [4500.0, None]  # worked example E3
    csv_target = tmp_path / "out.csv"
    run_batch(target, csv_target)  # a Parquet input works too
    assert pl.read_csv(csv_target)["duty_total"].to_list() == [4500.0, None]
    assert not list(tmp_path.glob("*.partial"))


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="INPUT: .* does not exist"):
        run_batch(tmp_path / "missing.csv", tmp_path / "out.csv")
    wrong = tmp_path / "entries.txt"
    wrong.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.csv or \.parquet"):
        run_batch(wrong, tmp_path / "out.csv")
    lacking = tmp_path / "lacking.csv"
    lacking.write_text("hts10,origin\n8479500000,JP\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks the column"):
        run_batch(lacking, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InputError, match="cannot be read"):
        run_batch(broken, tmp_path / "out.csv")


def test_a_batch_where_no_row_names_a_line() -> None:
    table = pl.DataFrame(
        {"hts10": ["9999999999"], "origin": ["JP"], "entry_date": ["2025-10-01"], "customs_value": ["10"]}
    )
    out = compute(table)
    assert out["duty_total"].to_list() == [None]
    assert "is not a line of the HTSUS" in out["error"][0]


def test_typed_parquet_columns_give_the_same_duty_as_text(tmp_path: Path) -> None:
    # A Parquet file may carry real dates and numbers; they are read as such (no text round trip).
    # Worked example E3: passenger car 8703.23.01.90 entered 2025-10-01, $30,000: the agreement's
    # 15% all-in floor under Section 232 (no MFN on top) = 4,500.
    typed = pl.DataFrame(
        {
            "hts10": ["8703230190", "8703230190"],
            "origin": ["JP", "JP"],
            "entry_date": [dt.date(2025, 10, 1), None],
            "customs_value": [30_000.0, 30_000.0],
        }
    )
    source = tmp_path / "typed.parquet"
    typed.write_parquet(source)
    target = tmp_path / "out.parquet"
    summary = run_batch(source, target)
    out = pl.read_parquet(target)
    assert out["duty_total"].to_list() == [4500.0, None]
    assert out["error"][1].startswith("entry_date:")
    assert out.schema["entry_date"] == pl.Date  # the input columns keep their types
    assert summary.errors == {"entry_date": 1}
    assert summary.customs_value == 30_000.0


def test_rows_keep_their_order_over_many_chunks(tmp_path: Path) -> None:
    # The streaming run computes chunks on several threads; the output keeps the input's order.
    codes = ["8479500000", "8703230190", "bad", "9018908000"]
    rows = 60_000
    source = tmp_path / "entries.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("entry_number,hts10,origin,entry_date,customs_value\n")
        for i in range(rows):
            handle.write(f"N{i},{codes[i % 4]},JP,2025-10-01,{1000 + i}\n")
    target = tmp_path / "out.parquet"
    summary = run_batch(source, target)
    out = pl.read_parquet(target)
    assert out["entry_number"].to_list() == [f"N{i}" for i in range(rows)]
    assert summary.rows == rows
    assert summary.errors == {"hts10": rows // 4}
    # Robot 8479.50.00.00 on 2025-10-01: 2.5% MFN + the agreement's 15% floor under IEEPA
    # (15% all-in: 15% - 2.5% = 12.5% reciprocal), so 15% of the value in total.
    robots = out.filter(pl.col("hts10") == "8479500000")
    values = robots["customs_value"].cast(pl.Float64)
    assert (robots["duty_total"] - (values * 0.15).round(2)).abs().max() < 0.011


def test_an_error_of_the_computation_is_raised_as_itself(tmp_path: Path, monkeypatch) -> None:
    # A failure inside the streaming run is not disguised as an unreadable input, and leaves no file.
    source = tmp_path / "entries.csv"
    source.write_text(
        "hts10,origin,entry_date,customs_value\n8479500000,JP,2025-10-01,100\n", encoding="utf-8"
    )

    def broken(*_: object) -> None:
        msg = "kernel broke"
        raise RuntimeError(msg)

    real = batch_module._finish
    monkeypatch.setattr(
        batch_module, "_finish", lambda batch, *rest: real(batch, *rest) if batch.height == 0 else broken()
    )
    with pytest.raises(RuntimeError, match="kernel broke"):
        run_batch(source, tmp_path / "out.parquet")
    assert not list(tmp_path.glob("out.parquet*"))


def test_summary_kinds_name_the_input_or_the_rate() -> None:
    assert error_kind("hts10: expected 10 digits") == "hts10"
    assert error_kind(InputError("--quantity", "needs a quantity")) == "--quantity"
    assert error_kind("HTS 9303.30.80.17: rate 'x' cannot be computed: y") == "rate"


def test_authority_names_are_the_rule_modules_in_order() -> None:
    assert AUTHORITIES == ("mfn", *MODULES)


def test_a_first_run_loads_the_rules_and_compiles_without_hanging(tmp_path: Path) -> None:
    # With nothing stored, a thread loads the rules (which read data with polars) while polars
    # reads the input's keys, then the keys are compiled and the streaming run starts. Run as
    # a user would, with an empty store, in a process that must finish: a deadlock between the
    # thread and polars' own threads fails here instead of hanging.
    source = tmp_path / "entries.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("hts10,origin,entry_date,customs_value\n")
        for i in range(40_000):
            handle.write(f"{['8479500000', '8703230190'][i % 2]},JP,2025-10-{1 + i % 28:02d},{1000 + i}\n")
    target = tmp_path / "out.parquet"
    command = [str(Path(sys.executable).parent / "goldenage"), "tariff", "batch", str(source), str(target)]
    environment = {**os.environ, "GOLDENAGE_CACHE_DIR": str(tmp_path / "empty-store")}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert "rows: 40,000 (40,000 computed, 0 with errors)" in done.stderr
    assert pl.read_parquet(target)["duty_total"].null_count() == 0


def test_csv_as_spreadsheets_write_it(tmp_path: Path) -> None:
    # A byte-order mark, CRLF line ends, a quoted value with a thousands comma, a dollar sign,
    # spaces around a date, a lower-case origin and a blank last line: read as the single-line
    # inputs read them (goldenage.inputs.parse_number); the blank line is no entry line.
    source = tmp_path / "entries.csv"
    source.write_bytes(
        b"\xef\xbb\xbfentry_number,hts10,origin,entry_date,customs_value\r\n"
        b'A1,8703.23.01.90,JP,2025-10-01,"30,000"\r\n'
        b"A2,8479500000,jp, 2025-10-01 ,$1000\r\n"
        b"\r\n"
    )
    target = tmp_path / "out.csv"
    summary = run_batch(source, target)
    out = pl.read_csv(target)
    assert out["entry_number"].to_list() == ["A1", "A2"]
    assert summary.rows == 2
    assert summary.errors == {}
    # E3: car 15% all-in = 4,500 on $30,000. Robot 8479.50.00.00 on 2025-10-01: 2.5% MFN plus
    # 12.5% IEEPA up to the agreement's 15% = 150 on $1,000.
    assert out["duty_total"].to_list() == [4500.0, 150.0]


def test_a_declared_metal_value_column_is_the_single_line_declaration() -> None:
    # One law, two paths: the metal_value column is --metal-value of the single-line command
    # (Section 232 on the metal content of a derivative, the other duties on the rest).
    rows = [("8482105048", "2025-10-01", "10000", "2000"), ("8482105048", "2025-10-01", "10000", "")]
    table = pl.DataFrame(
        {
            "hts10": [r[0] for r in rows] + ["8482105048", "8482105048"],
            "origin": ["JP"] * 4,
            "entry_date": [r[1] for r in rows] + ["2025-10-01", "2025-10-01"],
            "customs_value": [r[2] for r in rows] + ["10000", "10000"],
            "metal_value": [r[3] for r in rows] + ["abc", "-5"],
        }
    )
    out = compute(table)
    declared = duty(
        "8482105048", "JP", "2025-10-01", "10000", declarations=parse_declarations(metal_value="2000")
    )
    default = duty("8482105048", "JP", "2025-10-01", "10000")
    # By hand, ball bearings 8482.10.50.48 on 2025-10-01, $10,000 with $2,000 of steel: column 1
    # 9% = 900; Section 232 steel derivative 50% of the steel content (Proclamation 10947, from
    # 2025-06-04) = 1,000; IEEPA for Japan 15% all-in less the 9% column 1 rate on the other
    # $8,000 (EO 14345) = 480. Total 2,380.
    assert out["duty_total"][0] == 2380.0
    assert out["duty_total"][0] == pytest.approx(declared.duty_total, abs=0.001)
    assert out["duty_total"][1] == pytest.approx(default.duty_total, abs=0.001)
    assert declared.duty_total != default.duty_total  # the declaration changes the duty
    assert out["s232_metals"][0] == pytest.approx(
        sum(c.amount for c in declared.duties if c.authority == "s232_metals"), abs=0.001
    )
    assert out["error"][2] == "metal_value: expected an amount of US dollars"
    assert out["error"][3] == "metal_value: expected a non-negative amount of US dollars up to 1e15"
