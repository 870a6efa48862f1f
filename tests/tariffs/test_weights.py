"""Import weights of the ETR series: the shipped default and user files.

The shipped totals are checked against the figures of
``shared/data/third_party/us-imports-japan/PROVENANCE.md`` (total $151,340,030,810 before
filtering; chapters 01-97 $144,863,352,475), not against numbers read from ``data/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from goldenage.errors import DataFileError, InputError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.tariffs.schedule import schedule
from goldenage.tariffs.weights import Weights, load_weights

FIXTURES = Path(__file__).parent / "fixtures" / "weights"
CENSUS_CSV = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "third_party"
    / "us-imports-japan"
    / "us_imports_japan_2024_hts10.csv"
)

# us-imports-japan/PROVENANCE.md, "Record count and totals".
PROVENANCE_TOTAL_USD = 151_340_030_810
PROVENANCE_CH01_97_USD = 144_863_352_475
PROVENANCE_CH98_USD = 5_161_596_338
PROVENANCE_ROWS = 10_102
# 4420.19.00.00 (Census 2024: $131,178) is missing from the 2025 Basic Edition export and
# restored in 2025 Rev 1 (2025-01-27); its weight has no line before then.
MISSING_BEFORE_REV1_USD = 131_178
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def shipped() -> Weights:
    return load_weights()


@pytest.fixture(scope="module")
def metadata() -> dict:
    return read_yaml(data_dir() / "weights" / "us_imports_japan_2024.yaml")


# --- the shipped default -------------------------------------------------------------


def test_shipped_totals_match_the_provenance_figures(metadata: dict) -> None:
    totals = metadata["totals"]
    assert totals["census_rows"] == PROVENANCE_ROWS
    assert totals["census_value_usd"] == PROVENANCE_TOTAL_USD
    assert totals["chapters_01_97_value_usd"] == PROVENANCE_CH01_97_USD
    assert totals["kept_value_usd"] == PROVENANCE_CH01_97_USD  # no chapter 01-97 value is dropped
    excluded = {item["what"].split(" ")[0]: item for item in metadata["excluded"]}
    assert excluded["Chapter"]["value_usd"] == PROVENANCE_CH98_USD
    assert excluded["Chapter"]["lines"] == 49
    left_out = sum(item["value_usd"] for item in metadata["excluded"])
    assert totals["kept_value_usd"] + left_out == PROVENANCE_TOTAL_USD


@pytest.mark.skipif(not CENSUS_CSV.exists(), reason="shared Census extract not on this machine")
def test_source_file_matches_the_provenance_figures() -> None:
    with CENSUS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == PROVENANCE_ROWS
    assert sum(int(r["value_usd"]) for r in rows) == PROVENANCE_TOTAL_USD
    goods = sum(int(r["value_usd"]) for r in rows if int(r["code"][:2]) <= 97)
    assert goods == PROVENANCE_CH01_97_USD


@pytest.mark.parametrize(
    "day",
    ["2025-01-27", "2025-04-05", "2025-06-06", "2025-12-31", "2026-01-30", "2026-02-12", "2026-06-08"],
)
def test_each_day_carries_the_whole_chapter_01_97_value(shipped: Weights, day: str) -> None:
    assert shipped.for_date(day)["value_usd"].sum() == pytest.approx(PROVENANCE_CH01_97_USD, abs=0.5)


def test_the_days_before_rev1_lack_only_4420_19(shipped: Weights) -> None:
    day = shipped.for_date("2025-01-10")
    assert day["value_usd"].sum() == pytest.approx(PROVENANCE_CH01_97_USD - MISSING_BEFORE_REV1_USD, abs=0.5)
    assert "4420190000" not in day["hts10"].to_list()
    assert "4420190000" in shipped.for_date("2025-01-27")["hts10"].to_list()


def _lines_in_force(day: dt.date) -> set[str]:
    """Return the 10-digit lines in force, plus '<8 digits>00' for subheadings without any."""
    lines = schedule().lines.filter(
        (pl.col("valid_from") <= day) & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= day))
    )
    ten = set(lines.filter(pl.col("level") == 10)["code"].to_list())
    parents = {code[:8] for code in ten}
    eight = lines.filter(pl.col("level") == 8)["code"].to_list()
    return ten | {code + "00" for code in eight if code not in parents}


@pytest.mark.parametrize("day", ["2025-01-01", "2025-06-05", "2025-06-06", "2026-01-30", "2026-06-08"])
def test_weights_refer_only_to_lines_in_force_that_day(shipped: Weights, day: str) -> None:
    codes = set(shipped.for_date(day)["hts10"].to_list())
    assert codes <= _lines_in_force(D(day))


def test_restructured_codes_follow_their_successors(shipped: Weights) -> None:
    # 8542.39.00.60 ("Other") ended with 2025 Rev 16 (2025-06-06); the Yale concordance names
    # 8542.39.00.90 as its successor in the same subheading.
    before = dict(shipped.for_date("2025-06-05").iter_rows())
    after = dict(shipped.for_date("2025-06-06").iter_rows())
    assert "8542390060" in before
    assert "8542390060" not in after
    # Census 2024: 8542.39.00.60 $144,394,844; 8542.39.00.01 $111,106,975, not a 2025 line, is
    # spread evenly over the lines of 8542.39.00 in force (6 before Rev 16, 7 from it).
    assert before["8542390060"] == pytest.approx(144_394_844 + 111_106_975 / 6, abs=1)
    assert after["8542390090"] == pytest.approx(144_394_844 + 111_106_975 / 7, abs=1)
    # 3824.99.39.00 is not a 2025 line: its value is split evenly across 3824.99.39.10/.90.
    assert after["3824993910"] == pytest.approx(after["3824993990"], abs=1)


def test_shipped_frame_schema_and_source(shipped: Weights) -> None:
    assert shipped.frame.schema == pl.Schema(
        {"hts10": pl.String, "value_usd": pl.Float64, "valid_from": pl.Date, "valid_to": pl.Date}
    )
    assert shipped.frame["hts10"].str.len_chars().unique().to_list() == [10]
    assert "U.S. Census Bureau" in shipped.source
    assert "2024" in shipped.source


def test_no_weights_before_the_first_day(shipped: Weights) -> None:
    with pytest.raises(InputError, match="2024-12-31"):
        shipped.for_date("2024-12-31")


# --- user files ----------------------------------------------------------------------


def test_user_csv_with_dots_weight_column_and_dates() -> None:
    weights = load_weights(FIXTURES / "good.csv")
    assert weights.frame["hts10"].to_list() == ["8703230140", "8542390060", "8542390090", "8703230140"]
    assert weights.frame["value_usd"].dtype == pl.Float64
    assert "user file" in weights.source
    assert str(FIXTURES / "good.csv") in weights.source
    early = dict(weights.for_date(D("2025-03-01")).iter_rows())
    assert early == {"8542390060": 250.5, "8703230140": 1010.0}
    late = dict(weights.for_date("2026-03-01").iter_rows())
    assert late == {"8542390090": 250.5, "8703230140": 1010.0}


def test_user_parquet(tmp_path: Path) -> None:
    path = tmp_path / "w.parquet"
    pl.DataFrame({"hts10": ["0101210010", "8703.23.01.40"], "value_usd": [1, 2]}).write_parquet(path)
    weights = load_weights(path)
    assert weights.frame["hts10"].to_list() == ["0101210010", "8703230140"]
    assert weights.frame["value_usd"].to_list() == [1.0, 2.0]
    assert weights.frame["valid_from"].null_count() == 2
    assert weights.for_date("2030-01-01").height == 2  # no dates: every row, every day


def test_parquet_with_integer_codes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.parquet"
    pl.DataFrame({"hts10": [101210010], "weight": [1.0]}).write_parquet(path)
    with pytest.raises(InputError, match=r"column 'hts10'.*leading zeros"):
        load_weights(path)


@pytest.mark.parametrize(
    ("fixture", "pattern"),
    [
        ("bad_code.csv", r"row 2 \(line 3\), column 'hts10': '8703.23.01' is not a 10-digit HTS code"),
        ("negative_value.csv", r"row 2 \(line 3\), column 'value_usd': '-5' is negative"),
        ("non_numeric_value.csv", r"row 2 \(line 3\), column 'value_usd': '12abc' is not a number"),
        ("missing_column.csv", r"missing column 'value_usd'"),
        ("dates_reversed.csv", r"row 1 \(line 2\), column 'valid_to'.* is before valid_from"),
        ("bad_date.csv", r"row 1 \(line 2\), column 'valid_from': '2025-1-1' is not a date"),
    ],
)
def test_malformed_user_files_name_file_row_and_column(fixture: str, pattern: str) -> None:
    path = FIXTURES / fixture
    with pytest.raises(InputError, match=pattern) as caught:
        load_weights(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [
        ("w.csv", "hts10,value_usd,weight\n8703230140,1,1\n", "both 'value_usd' and 'weight'"),
        ("w.csv", "value_usd\n1\n", "missing column 'hts10'"),
        ("w.csv", "hts10,value_usd\n", "has no rows"),
        ("w.csv", "hts10,value_usd\n8703230140,\n", "is not a number"),
        ("w.csv", "hts10,value_usd\n8703230140,nan\n", "is not a number"),
        ("w.txt", "hts10,value_usd\n8703230140,1\n", "unsupported file type"),
    ],
)
def test_other_malformed_user_files(tmp_path: Path, name: str, content: str, pattern: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=pattern):
        load_weights(path)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_weights(tmp_path / "absent.csv")


# --- a broken shipped file -----------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "params").mkdir()
    shutil.copytree(data_dir() / "weights", tmp_path / "weights")
    monkeypatch.setenv("GOLDENAGE_DATA_DIR", str(tmp_path))
    data_dir.cache_clear()
    yield tmp_path / "weights"
    data_dir.cache_clear()


def test_broken_shipped_file_is_a_data_file_error(data_copy: Path) -> None:
    path = data_copy / "us_imports_japan_2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = "8703.23.X," + lines[5].split(",", 1)[1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 5 \(line 6\), column 'hts10'"):
        load_weights()


def test_shipped_rows_must_match_the_yaml(data_copy: Path) -> None:
    path = data_copy / "us_imports_japan_2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="rebuild"):
        load_weights()


def test_shipped_yaml_refuses_unknown_keys(data_copy: Path) -> None:
    path = data_copy / "us_imports_japan_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "surprise: 1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="surprise"):
        load_weights()
