"""The shipped date-versioned HTSUS: revisions in force, lines, coverage, integrity."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from goldenage.paths import data_dir
from goldenage.tariffs.errors import CoverageError, UnknownHTSCodeError
from goldenage.tariffs.schedule import schedule

SHARED_HTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "third_party" / "usitc-hts"


@pytest.mark.parametrize(
    ("day", "edition"),
    [
        # revision_dates.csv: rev_3 2025-02-04, rev_4 2025-03-04, rev_23 2025-09-12,
        # 2026 basic 2026-01-01, 2026_rev_8 2026-05-22 (editorial), 2026_rev_10 2026-06-08;
        # data/hts/changes/revisions_after_rev10.csv: 2026_rev_11 2026-07-01 (change record of
        # July 1, 2026), 2026_rev_20 2026-09-29.
        (dt.date(2025, 1, 1), "2025 HTS Basic Edition"),
        (dt.date(2025, 3, 3), "2025 HTS Revision 3"),
        (dt.date(2025, 3, 4), "2025 HTS Revision 4"),
        (dt.date(2025, 9, 12), "2025 HTS Revision 23"),
        (dt.date(2025, 12, 31), "2025 HTS Revision 32"),
        (dt.date(2026, 1, 1), "2026 HTS Basic Edition"),
        (dt.date(2026, 5, 22), "2026 HTS Revision 8"),
        (dt.date(2026, 6, 30), "2026 HTS Revision 10"),
        (dt.date(2026, 7, 1), "2026 HTS Revision 11"),
        (dt.date(2026, 11, 25), "2026 HTS Revision 20"),
    ],
)
def test_revision_in_force(day: dt.date, edition: str) -> None:
    assert schedule().revision_at(day).edition == edition


@pytest.mark.parametrize("day", [dt.date(2024, 12, 31), dt.date(2027, 1, 1)])
def test_outside_coverage(day: dt.date) -> None:
    with pytest.raises(CoverageError, match="2025-01-01 to 2026-12-31"):
        schedule().revision_at(day)


def test_line_versions_follow_the_statistical_restructure_of_july_2025() -> None:
    # 2025 Rev 15 has 7013.37.10.10 and .90; Rev 16 (2025-06-06) replaced them by .01.
    hts = schedule()
    assert hts.find("7013371010", dt.date(2025, 6, 5)) is not None
    assert hts.find("7013371010", dt.date(2025, 6, 6)) is None
    line = hts.find("7013371001", dt.date(2025, 6, 6))
    assert line is not None
    assert (line.general, line.subheading) == ("28.5%", "7013.37.10")
    with pytest.raises(UnknownHTSCodeError, match=r"7013\.37\.10\.01"):
        hts.resolve("7013371010", dt.date(2025, 7, 1))


def test_eight_digit_code_resolves_to_its_statistical_lines() -> None:
    lines = schedule().resolve("87032301", dt.date(2026, 3, 1))
    assert [line.htsno[-2:] for line in lines] == ["10", "20", "30", "40", "60", "70", "90"]
    assert {line.general for line in lines} == {"2.5%"}


def test_revision_catalogue_matches_the_official_exports() -> None:
    with (data_dir() / "hts" / "revisions.csv").open(encoding="utf-8") as handle:
        catalogue = list(csv.DictReader(handle))
    assert len(catalogue) == 54
    dates = [row["effective_date"] for row in catalogue]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    # 2026 Revisions 11-20 are rebuilt from their change records (no export on this machine):
    # their rows name the change-record file of this repository and its digest.
    rebuilt = [row for row in catalogue if row["source_file"].startswith("changes/")]
    assert [row["revision"] for row in rebuilt] == [f"2026_rev_{n}" for n in range(11, 21)]
    for row in rebuilt:
        digest = hashlib.sha256((data_dir() / "hts" / row["source_file"]).read_bytes()).hexdigest()
        assert digest == row["sha256_gz"], row["source_file"]
    if not SHARED_HTS.is_dir():
        pytest.skip(f"official exports not present at {SHARED_HTS}")
    for row in catalogue[: len(catalogue) - len(rebuilt)]:
        digest = hashlib.sha256((SHARED_HTS / row["source_file"]).read_bytes()).hexdigest()
        assert digest == row["sha256_gz"], row["source_file"]
