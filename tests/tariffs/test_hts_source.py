"""The reader of the USITC's official HTS JSON export, on small fixtures in that format."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest

from goldenage.tariffs.hts_source import HTSFormatError, read_revision, resolve_rows

FIXTURE = Path(__file__).parent / "fixtures" / "hts_mini.json"


def records() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_rows_resolve_descriptions_rates_and_refs() -> None:
    rows = {row.htsno: row for row in read_revision(FIXTURE)}
    assert list(rows) == [
        "8703",
        "8703.23.01",
        "8703.23.01.10",
        "8703.23.01.90",
        "0806",
        "0806.10.20.05",
    ]
    car = rows["8703.23.01"]
    assert car.code == "87032301"
    assert car.general == "2.5%"
    assert car.special == "Free (A+,AU,B,BH,CL,CO,D,E,IL,JO,KR,MA,OM, P,PA,PE,S,SG)"
    assert car.ch99_refs == ("9903.88.01", "9903.90.08")
    assert car.footnotes[0] == {
        "columns": ["general"],
        "value": "See 9903.88.01.",
        "type": "endnote",
    }
    # The un-numbered superior row is part of the description path.
    assert car.description_path == (
        "Motor cars and other motor vehicles principally designed for the transport of persons:",
        "Other vehicles, with only spark-ignition internal combustion piston engines:",
        "Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc",
    )


def test_statistical_lines_inherit_the_8_digit_rate() -> None:
    rows = {row.htsno: row for row in read_revision(FIXTURE)}
    # The fixture's "Used" line prints its column 2 rate only (as 9006.59.15.20 does in
    # the 2026 exports): the General rate is still inherited, column by column.
    used = rows["8703.23.01.90"]
    assert (used.general, used.other) == ("2.5%", "10%")
    assert used.rate_line == "8703.23.01"
    assert used.ch99_refs == ("9903.88.01", "9903.90.08")
    assert used.description == "Used"  # markup removed
    assert used.description_path[-2:] == ("Other:", "Used")
    # A whitespace-only "general" still inherits.
    assert rows["8703.23.01.10"].general == "2.5%"


def test_ten_digit_only_subheading_keeps_its_own_rate_and_clean_units() -> None:
    rows = {row.htsno: row for row in read_revision(FIXTURE)}
    grapes = rows["0806.10.20.05"]
    assert grapes.general == "$1.13/m3"
    assert grapes.units == ("m3", "kg")
    assert grapes.rate_line == "0806.10.20.05"
    assert grapes.footnotes == ()


def test_gzip_export_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "hts_2025_basic.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(records(), handle)
    assert read_revision(path) == read_revision(FIXTURE)


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (2, {"htsno": "8703.2301"}, "record 2: field 'htsno'"),
        (2, {"indent": "two"}, "record 2: field 'indent' must be a whole number"),
        (2, {"indent": "-1"}, "record 2: field 'indent' must be >= 0"),
        (2, {"general": 2.5}, "record 2: field 'general' must be a string"),
        (3, {"units": "No."}, "record 3: field 'units' must be a list"),
        (2, {"footnotes": ["See 9903.88.01"]}, "record 2: field 'footnotes'"),
        (3, {"htsno": "8703.23.01"}, "record 3: duplicate htsno 8703.23.01"),
    ],
)
def test_malformed_records_are_named(index: int, change: dict, message: str) -> None:
    data = copy.deepcopy(records())
    data[index].update(change)
    with pytest.raises(HTSFormatError, match=message):
        resolve_rows(data, source="fixture")


def test_missing_field_and_wrong_shape() -> None:
    data = copy.deepcopy(records())
    del data[1]["description"]
    with pytest.raises(HTSFormatError, match="record 1: missing field 'description'"):
        resolve_rows(data, source="fixture")
    with pytest.raises(HTSFormatError, match="record 0: expected an object"):
        resolve_rows(["not a record"], source="fixture")


def test_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(HTSFormatError, match="not a readable HTS JSON export"):
        read_revision(broken)
    scalar = tmp_path / "scalar.json"
    scalar.write_text("{}", encoding="utf-8")
    with pytest.raises(HTSFormatError, match="expected a JSON array"):
        read_revision(scalar)
