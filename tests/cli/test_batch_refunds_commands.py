"""``goldenage tariff batch`` and ``goldenage tariff refunds``: contracts and exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from goldenage.cli.app import main

ENTRIES = (
    "entry_number,hts10,origin,entry_date,customs_value\n"
    "E1,8479.50.00.00,JP,2025-06-01,200000\n"
    "E2,8703.23.01.90,JP,2025-06-01,30000\n"
    "E3,9018.90.80.00,JP,2025-10-01,100000\n"
    "E4,bad,JP,2025-10-01,1\n"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def test_batch_completes_with_bad_rows(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    target = tmp_path / "out.csv"
    code, _, err = run(["tariff", "batch", str(source), str(target)], capsys)
    assert code == 0
    assert "rows: 4 (3 computed, 1 with errors)" in err
    out = pl.read_csv(target)
    expected_columns = {
        "duty_total",
        "duty_rate",
        "fee_total",
        "mfn",
        "ieepa_reciprocal",
        "s122",
        "s301",
        "error",
    }
    assert expected_columns <= set(out.columns)
    # E1 robot 2025-06-01: 2.5% + IEEPA baseline 10% (9903.01.25) of 200,000 = 25,000.
    assert out["duty_total"].to_list()[:3] == [25_000.0, 8_250.0, 15_000.0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "does not exist"),
        ("entries.txt", "x", ".csv or .parquet"),
        ("lacking.csv", "hts10,origin\n1,JP\n", "lacks the column"),
    ],
)
def test_batch_unreadable_input_exits_2(tmp_path: Path, capsys, name, content, message) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    code, out, err = run(["tariff", "batch", str(source), str(tmp_path / "out.csv")], capsys)
    assert code == 2
    assert err.startswith("error: INPUT:")
    assert message in err
    assert not (tmp_path / "out.csv").exists()


def test_refunds_json(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    code, out, _ = run(["tariff", "refunds", str(source), "--as-of", "2025-07-01", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {"ieepa_total", "interest_total", "lines"}
    lines = {line["entry_number"]: line for line in result["lines"]}
    # E1: IEEPA 10% of 200,000 = 20,000 deposited on 2025-06-01; 30 days to 2025-07-01 at the
    # non-corporate overpayment rate of 7% (Q2 and Q3 2025), compounded daily:
    # 20,000 x ((1 + 0.07/365)^30 - 1) = 115.30.
    assert lines["E1"]["ieepa_duty"] == 20_000.0
    assert lines["E1"]["interest"] == pytest.approx(20_000 * ((1 + 0.07 / 365) ** 30 - 1), abs=0.01)
    # E2 is a car under Section 232: no IEEPA duty (9903.01.33). E3 is entered after the as-of date.
    assert lines["E2"]["ieepa_duty"] == 0.0
    assert lines["E3"]["interest"] == 0.0
    assert lines["E4"]["error"].startswith("hts10:")
    assert result["ieepa_total"] == 35_000.0


def test_refunds_after_the_last_published_rate_carry_it_forward(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    code, out, err = run(["tariff", "refunds", str(source), "--as-of", "2027-06-01", "--json"], capsys)
    assert code == 0
    result = json.loads(out)
    lines = {line["entry_number"]: line for line in result["lines"]}
    # E1: 20,000 deposited 2025-06-01. 2025-06-01..2026-03-31 = 304 days at 7% (Rev. Ruls. 2025-7,
    # -11, -18, -22); 2026-04-01..2027-05-31 = 426 days at 6%: Q2 2026 (Rev. Rul. 2026-5) and the
    # four quarters after it, whose rate is not shipped, at the 6% carried forward.
    expected = 20_000 * ((1 + 0.07 / 365) ** 304 * (1 + 0.06 / 365) ** 426 - 1)
    assert lines["E1"]["interest"] == pytest.approx(expected, abs=0.01)
    assumed = [q["quarter"] for q in result["rates"] if q["assumed"]]
    assert assumed == ["2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"]
    assert result["rates"][-1]["to"] == "2027-05-31"
    # One line per assumed quarter, on stderr and in the JSON.
    warned = [line for line in err.splitlines() if line.startswith("assumed: ")]
    assert len(warned) == 4
    assert warned[0].startswith("assumed: 2026-Q3 (2026-07-01 to 2026-09-30)")
    assert warned == result["warnings"][: len(warned)]


def test_refunds_default_to_today(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    code, out, _ = run(["tariff", "refunds", str(source), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["as_of"] == dt.date.today().isoformat()


def test_refunds_bad_input(tmp_path: Path, capsys) -> None:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    code, _, err = run(["tariff", "refunds", str(source), "--as-of", "2027-13-01"], capsys)
    assert code == 2
    assert err.startswith("error: --as-of:")
    no_number = tmp_path / "no_number.csv"
    no_number.write_text(
        "hts10,origin,entry_date,customs_value\n8479500000,JP,2025-06-01,1\n", encoding="utf-8"
    )
    code, _, err = run(["tariff", "refunds", str(no_number)], capsys)
    assert code == 2
    assert "entry_number" in err


# --- output files (issue 17, item 4): each of these failed on the base of the issue ---------


def _entries(tmp_path: Path) -> Path:
    source = tmp_path / "entries.csv"
    source.write_text(ENTRIES, encoding="utf-8")
    return source


@pytest.mark.parametrize("link", [None, "hard", "soft"])
def test_batch_output_equal_to_input_exits_2_and_keeps_the_input(tmp_path: Path, capsys, link) -> None:
    source = _entries(tmp_path)
    target = source
    if link == "hard":
        target = tmp_path / "hard.csv"
        target.hardlink_to(source)
    elif link == "soft":
        target = tmp_path / "soft.csv"
        target.symlink_to(source)
    code, _, err = run(["tariff", "batch", str(source), str(target)], capsys)
    assert code == 2
    assert err.startswith("error: OUTPUT:")
    assert "is the input" in err
    assert source.read_text(encoding="utf-8") == ENTRIES


def test_batch_never_follows_a_planted_partial_symlink(tmp_path: Path, capsys) -> None:
    source = _entries(tmp_path)
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    (tmp_path / "out.csv.partial").symlink_to(victim)
    code, _, _ = run(["tariff", "batch", str(source), str(tmp_path / "out.csv")], capsys)
    assert code == 0
    assert not victim.exists()
    assert pl.read_csv(tmp_path / "out.csv").height == 4


def test_batch_leaves_another_writers_temporary_file_alone(tmp_path: Path, capsys) -> None:
    # A second run writing the same output used the same fixed '<output>.partial' file as the
    # first, so both wrote into one file; each run now writes a file of its own.
    source = _entries(tmp_path)
    other = tmp_path / "out.csv.partial"
    other.write_text("another run's rows\n", encoding="utf-8")
    code, _, _ = run(["tariff", "batch", str(source), str(tmp_path / "out.csv")], capsys)
    assert code == 0
    assert other.read_text(encoding="utf-8") == "another run's rows\n"


@pytest.mark.parametrize("where", ["missing/out.csv", "folder.csv", "partial-folder"])
def test_batch_output_places_that_cannot_be_written_exit_2(tmp_path: Path, capsys, where) -> None:
    source = _entries(tmp_path)
    (tmp_path / "folder.csv").mkdir()
    target = tmp_path / where
    if where == "partial-folder":  # a folder where the old fixed temporary name was
        target = tmp_path / "out.csv"
        (tmp_path / "out.csv.partial").mkdir()
    code, _, err = run(["tariff", "batch", str(source), str(target)], capsys)
    if where == "partial-folder":
        assert code == 0
        return
    assert code == 2
    assert err.startswith("error: OUTPUT:")
    assert len(err.strip().splitlines()) == 1
