"""HTSUS revisions rebuilt from change records (goldenage.tariffs.hts_changes) and the shipped result.

Expected values come from the USITC change record of 2026 Revision 11 (July 1, 2026), e.g.
"3818.00.0095 Deleted (transferred to 3818.00.0040, 3818.00.0045, 3818.00.0050 and 3818.00.0091)"
and "2106.90.9991 Established (transferred from 2106.90.9995)" (a renumbering).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from goldenage.errors import DataFileError
from goldenage.paths import data_dir
from goldenage.tariffs.hts_changes import ChangedRevision, apply_changes, read_changes, read_revisions
from goldenage.tariffs.hts_source import HTSRow
from goldenage.tariffs.schedule import schedule

REV11 = ChangedRevision(
    "2026_rev_11", "2026 HTS Revision 11", dt.date(2026, 7, 1), dt.date(2026, 7, 1), "change record", ""
)
CHANGES = data_dir() / "hts" / "changes"


def _row(code: str, description: str, general: str = "Free") -> HTSRow:
    return HTSRow(
        code=code,
        htsno=f"{code[:4]}.{code[4:6]}.{code[6:8]}.{code[8:]}",
        indent=1,
        description=description,
        description_path=("Parent", description),
        units=("kg",),
        general=general,
        special="",
        other="25%",
        rate_line=None,
        footnotes=(),
        ch99_refs=(),
    )


def _changes(tmp_path: Path, text: str):
    path = tmp_path / "changes.csv"
    path.write_text("revision,item,change,related,note\n" + text, encoding="utf-8")
    return read_changes(path)


def test_a_deleted_line_goes_and_its_parts_take_its_rates(tmp_path: Path) -> None:
    changes = _changes(
        tmp_path,
        "2026_rev_11,3818.00.0095,deleted,3818.00.0040 3818.00.0045,\n"
        "2026_rev_11,3818.00.0040,established,3818.00.0095,pt.\n"
        "2026_rev_11,3818.00.0045,established,3818.00.0095,pt.\n",
    )
    before = [_row("3818000010", "Gallium arsenide wafers"), _row("3818000095", "Other")]
    after = {row.code: row for row in apply_changes(before, changes, REV11)}
    assert set(after) == {"3818000010", "3818000040", "3818000045"}
    new = after["3818000040"]
    assert (new.general, new.other, new.units) == ("Free", "25%", ("kg",))
    assert new.htsno == "3818.00.00.40"
    assert "Part of former 3818.00.00.95 (Other)" in new.description
    assert "not in the shipped data" in new.description
    assert new.description_path == ("Parent", new.description)


def test_a_renumbered_line_keeps_its_description(tmp_path: Path) -> None:
    changes = _changes(
        tmp_path,
        "2026_rev_11,2106.90.9995,deleted,2106.90.9991,renumbered\n"
        "2026_rev_11,2106.90.9991,established,2106.90.9995,renumbered\n",
    )
    after = apply_changes([_row("2106909995", "Other sugar preparations")], changes, REV11)
    assert [(r.code, r.description) for r in after] == [("2106909991", "Other sugar preparations")]


def test_a_chain_of_renumberings_reads_the_lines_before_the_revision(tmp_path: Path) -> None:
    # 3004.90.92: old .9212 becomes .9213 while old .9211 is split into .9211 and .9212.
    changes = _changes(
        tmp_path,
        "2026_rev_11,3004.90.9211,deleted,3004.90.9211 3004.90.9212,\n"
        "2026_rev_11,3004.90.9211,established,3004.90.9211,pt.\n"
        "2026_rev_11,3004.90.9212,deleted,3004.90.9213,renumbered\n"
        "2026_rev_11,3004.90.9212,established,3004.90.9211,pt.\n"
        "2026_rev_11,3004.90.9213,established,3004.90.9212,renumbered\n",
    )
    before = [_row("3004909211", "Sulfonamides"), _row("3004909212", "Levofloxacin")]
    after = {row.code: row.description for row in apply_changes(before, changes, REV11)}
    assert after["3004909213"] == "Levofloxacin"
    assert after["3004909211"].startswith("Part of former 3004.90.92.11 (Sulfonamides)")
    assert after["3004909212"].startswith("Part of former 3004.90.92.11 (Sulfonamides)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026_rev_11,3818.00.0095,deleted,3818.00.0040,\n", "is retired but is not a line"),
        ("2026_rev_11,3818.00.0030,established,3818.00.0099,pt.\n", "is transferred from"),
        ("2026_rev_11,3818.00.0010,established,3818.00.0020,pt.\n", "is already a line"),
        ("2026_rev_11,3818.00.0040,established,2106.90.9995,pt.\n", "other rates or subheadings"),
    ],
)
def test_a_change_record_that_contradicts_the_lines_is_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    before = [_row("3818000010", "Gallium arsenide"), _row("3818000020", "Poly"), _row("2106909995", "x")]
    with pytest.raises(DataFileError, match=message):
        apply_changes(before, _changes(tmp_path, text), REV11)


def test_a_malformed_item_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="line 2: '3818.00.00' is not a 10-digit HTS number"):
        _changes(tmp_path, "2026_rev_11,3818.00.00,deleted,3818.00.0040,\n")
    with pytest.raises(DataFileError, match="change 'split' is not one of"):
        _changes(tmp_path, "2026_rev_11,3818.00.0095,split,3818.00.0040,\n")


def test_shipped_change_records() -> None:
    revisions = read_revisions(CHANGES / "revisions_after_rev10.csv")
    assert [r.id for r in revisions] == [f"2026_rev_{n}" for n in range(11, 21)]
    assert revisions[0].effective_date == dt.date(2026, 7, 1)  # 484(f) annotations, July 1, 2026
    assert revisions[-1].effective_date == dt.date(2026, 9, 29)  # 9903.04.70 (Notice)
    items = read_changes(CHANGES / "after_rev10.csv")
    retired = [c for c in items if c.change != "established"]
    established = [c for c in items if c.change == "established"]
    assert (len(retired), len(established)) == (103, 195)


def test_the_schedule_has_the_lines_of_revision_11() -> None:
    hts = schedule()
    july = dt.date(2026, 7, 1)
    assert hts.find("3818000095", july - dt.timedelta(days=1)) is not None
    assert hts.find("3818000095", july) is None
    wafer = hts.find("3818000040", july)
    assert wafer is not None
    assert wafer.general == "Free"
    assert wafer.revision.edition == "2026 HTS Revision 11"
    assert hts.find("3818000040", july - dt.timedelta(days=1)) is None
    today = dt.date(2026, 12, 6)
    assert hts.revision_at(today).edition == "2026 HTS Revision 20"
    # renumbered: 2106.90.99.91 takes the description of the former 2106.90.99.95
    former = hts.find("2106909995", july - dt.timedelta(days=1))
    assert former is not None
    renumbered = hts.find("2106909991", july)
    assert renumbered is not None
    assert renumbered.description == former.description
    assert renumbered.general == former.general
