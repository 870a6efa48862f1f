"""Date-versioning of HTS lines across revisions, on fixture revisions."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from goldenage.tariffs.hts_source import resolve_rows
from goldenage.tariffs.hts_versions import merge_revisions, to_table

FIXTURE = Path(__file__).parent / "fixtures" / "hts_mini.json"


def rows(records: list[dict]) -> list:
    return resolve_rows(records, source="fixture")


def test_unchanged_lines_are_stored_once_and_changes_close_the_old_version() -> None:
    first = json.loads(FIXTURE.read_text(encoding="utf-8"))
    second = copy.deepcopy(first)
    second[2]["general"] = "3%"  # 8703.23.01 changes rate in the second revision
    third = copy.deepcopy(second)
    del third[5]  # 8703.23.01.90 deleted in the third revision
    versions = merge_revisions(
        [
            ("basic", dt.date(2025, 1, 1), rows(first)),
            ("rev_1", dt.date(2025, 3, 4), rows(second)),
            ("rev_2", dt.date(2025, 7, 1), rows(third)),
        ]
    )
    by_code: dict[str, list] = {}
    for version in versions:
        by_code.setdefault(version.row.code, []).append(version)
    # The heading never changed: one version, open-ended.
    (heading,) = by_code["8703"]
    assert (heading.valid_from, heading.valid_to, heading.revision_from) == (
        dt.date(2025, 1, 1),
        None,
        "basic",
    )
    # The 8-digit line: 2.5% until the day before rev_1, then 3%.
    old, new = by_code["87032301"]
    assert (old.row.general, old.valid_to, old.revision_to) == (
        "2.5%",
        dt.date(2025, 3, 3),
        "basic",
    )
    assert (new.row.general, new.valid_from, new.valid_to) == ("3%", dt.date(2025, 3, 4), None)
    # Its statistical line inherits the new rate, then disappears with rev_2.
    used = by_code["8703230190"]
    assert [v.row.general for v in used] == ["2.5%", "3%"]
    assert used[-1].valid_to == dt.date(2025, 6, 30)
    assert used[-1].revision_to == "rev_1"
    table = to_table(versions)
    assert table.num_rows == len(versions)
    # 10-digit versions: 8703.23.01.10 and .90 twice each (2.5%, 3%), 0806.10.20.05 once.
    assert table.column("level").to_pylist().count(10) == 5


def test_dates_must_ascend() -> None:
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="does not follow"):
        merge_revisions(
            [
                ("rev_2", dt.date(2025, 3, 1), rows(records)),
                ("rev_1", dt.date(2025, 2, 1), rows(records)),
            ]
        )
