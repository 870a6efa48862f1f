"""HTSUS revisions added by a user (goldenage data add-revision), on a miniature store.

A miniature shipped HTSUS (one revision of the fixture export) stands in for ``data/hts`` so
that each test adds revisions in a fraction of a second; the full round trip with the real
2026 Revision 10 is in ``test_revision_roundtrip.py``.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from goldenage import paths
from goldenage.errors import InputError
from goldenage.tariffs import revision_edit, revision_store
from goldenage.tariffs.hts_revisions import shipped_revisions
from goldenage.tariffs.hts_source import ExportLimits, resolve_rows
from goldenage.tariffs.hts_versions import drop_newest, extend_table, merge_revisions, to_table
from goldenage.tariffs.kernel import store
from goldenage.tariffs.revision_edit import add_revision, remove_revision
from goldenage.tariffs.revision_store import hts_folder, user_revisions
from goldenage.tariffs.schedule import schedule

FIXTURE = Path(__file__).parent / "fixtures" / "hts_mini.json"
D = dt.date
TODAY = D(2026, 12, 6)


def records() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def reset_all() -> None:
    paths.data_dir.cache_clear()
    revision_store.reset()


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder whose HTSUS is the fixture export as revision ``basic`` of 2025-01-01."""
    data = tmp_path / "data"
    (data / "params").mkdir(parents=True)
    (data / "hts").mkdir()
    rows = resolve_rows(records(), "fixture")
    pq.write_table(
        to_table(merge_revisions([("basic", D(2025, 1, 1), rows)])), data / "hts" / "hts_lines.parquet"
    )
    (data / "hts" / "revisions.csv").write_text(
        "revision,edition,effective_date,source_file,sha256_gz,rows,note\n"
        f"basic,2025 HTS Basic Edition,2025-01-01,hts_mini.json,x,{len(rows)},\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GOLDENAGE_DATA_DIR", str(data))
    monkeypatch.setenv("GOLDENAGE_DATA_HOME", str(tmp_path / "home"))
    reset_all()
    yield tmp_path
    monkeypatch.undo()
    reset_all()


def export(tmp_path: Path, content: object, name: str = "rev.json", zipped: bool = False) -> Path:
    path = tmp_path / name
    data = json.dumps(content).encode()
    path.write_bytes(gzip.compress(data) if zipped else data)
    return path


def next_revision() -> list[dict]:
    """The fixture with 8703.23.01 at 3% and a new line 0806.10.20.10 (a revision to add)."""
    changed = copy.deepcopy(records())
    changed[2]["general"] = "3%"
    changed.append({**changed[-1], "htsno": "0806.10.20.10", "description": "Other"})
    return changed


def store_files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file() and p.name != ".lock")


def test_an_added_revision_is_in_force_from_its_date(mini: Path) -> None:
    source = export(mini, next_revision(), zipped=True)
    before = store.fingerprint(paths.data_dir())
    added = add_revision(source, "2025_rev_1", D(2025, 3, 4), note="rate change", today=TODAY)
    # By hand from the two exports: one new 10-digit line; 8703.23.01 and its two statistical
    # lines change (the rate is inherited); nothing retired.
    assert (added.new_lines, added.changed_lines, added.retired_lines) == (1, 3, 0)
    assert added.revision.edition == "2025 HTS Revision 1"
    assert hts_folder().parent == revision_store.store_folder()
    assert [r.id for r in shipped_revisions()] == ["basic", "2025_rev_1"]
    assert shipped_revisions()[-1].origin == "user"
    line = schedule().find("8703230190", D(2025, 3, 4))
    assert line is not None
    assert line.general == "3%"
    assert line.revision.edition == "2025 HTS Revision 1"
    assert schedule().find("8703230190", D(2025, 3, 3)).general == "2.5%"
    assert schedule().find("0806102010", D(2025, 3, 3)) is None
    assert schedule().find("0806102010", D(2025, 3, 4)) is not None
    # The compiled-law fingerprint covers the added revision: no table of before is served.
    assert store.fingerprint(paths.data_dir()) != before
    # The export is kept byte for byte, with its sha256 in the catalogue.
    (entry,) = user_revisions()
    assert entry.source.read_bytes() == source.read_bytes()
    assert entry.revision.source_file == "rev.json"


def test_remove_restores_the_shipped_schedule(mini: Path) -> None:
    before = store.fingerprint(paths.data_dir())
    add_revision(export(mini, next_revision()), "2025_rev_1", D(2025, 3, 4), today=TODAY)
    removed = remove_revision("2025_rev_1")
    assert removed.id == "2025_rev_1"
    assert hts_folder() == paths.data_dir() / "hts"
    assert [r.id for r in shipped_revisions()] == ["basic"]
    assert store.fingerprint(paths.data_dir()) == before
    assert store_files(mini / "home") == ["hts/revisions.csv"]  # an empty catalogue
    with pytest.raises(InputError, match="not a revision you added"):
        remove_revision("basic")


def test_a_lost_merged_folder_is_rebuilt_from_the_kept_export(mini: Path) -> None:
    add_revision(export(mini, next_revision()), "2025_rev_1", D(2025, 3, 4), today=TODAY)
    folder = hts_folder()
    table = pq.read_table(folder / "hts_lines.parquet")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    revision_store.reset()
    assert pq.read_table(hts_folder() / "hts_lines.parquet").equals(table)


def test_revisions_are_added_in_order(mini: Path) -> None:
    source = export(mini, next_revision())
    with pytest.raises(InputError, match=r"--effective: 2025-01-01 is not after 2025 HTS Basic Edition"):
        add_revision(source, "2025_rev_1", D(2025, 1, 1), today=TODAY)
    with pytest.raises(InputError, match="--effective: 2028-01-01 is too far ahead"):
        add_revision(source, "2025_rev_1", D(2028, 1, 1), today=TODAY)
    add_revision(source, "2025_rev_1", D(2025, 3, 4), today=TODAY)
    with pytest.raises(InputError, match="--revision: '2025_rev_1' is already a revision"):
        add_revision(source, "2025_rev_1", D(2025, 5, 1), today=TODAY)
    with pytest.raises(InputError, match="--revision: 'basic' is already"):
        add_revision(source, "basic", D(2025, 5, 1), today=TODAY)


def deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not a readable HTS JSON export"),
        (b'{"htsno": "8703"}', "expected a JSON array of records, got dict"),
        (b"\xff\xfe[]", "not UTF-8 text"),
        (b"[NaN]", "NaN is not a JSON number"),
        (b"\x1f\x8b\x08\x00broken", "not a readable gzip file"),
        (
            json.dumps([{"htsno": "8703", "indent": "0", "units": deep(4), "description": "x"}]).encode(),
            "nested 6",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
        (json.dumps([{"htsno": "8703", "indent": "0"}]).encode(), "missing field 'description'"),
        (json.dumps(records()[:3]).encode(), r"lists 2 numbered lines \(0 at 10 digits\)"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(mini: Path, content: bytes, message: str) -> None:
    source = mini / "bad.json"
    source.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        add_revision(source, "2025_rev_1", D(2025, 3, 4), today=TODAY)
    assert caught.value.field == "FILE"
    assert store_files(mini / "home") == []
    assert hts_folder() == paths.data_dir() / "hts"


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ExportLimits(max_file_bytes=64), r"\d+ bytes, over the limit of 64"),
        (ExportLimits(max_json_bytes=100), "JSON text is over the limit of 100 bytes"),  # unpacks past it
        (ExportLimits(max_records=5), "9 records, over the limit of 5"),
        (ExportLimits(max_depth=3), "nested 4 levels deep"),  # the footnotes' columns
    ],
)
def test_files_over_the_limits_are_refused(mini: Path, limits: ExportLimits, message: str) -> None:
    source = export(mini, next_revision(), zipped=True)
    with pytest.raises(InputError, match=message):
        add_revision(source, "2025_rev_1", D(2025, 3, 4), today=TODAY, limits=limits)
    assert store_files(mini / "home") == []


@pytest.mark.parametrize(
    ("name", "edition", "note", "message"),
    [
        ("../x", None, "", "--revision: '../x' is not a revision name"),
        ("", None, "", "--revision"),
        ("a" * 41, None, "", "--revision"),
        ("2025_rev_1", "x" * 81, "", "--edition"),
        ("2025_rev_1", None, "bell\x07", "--note"),
    ],
)
def test_bad_arguments_are_refused(
    mini: Path, name: str, edition: str | None, note: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        add_revision(
            export(mini, next_revision()), name, D(2025, 3, 4), edition=edition, note=note, today=TODAY
        )
    assert store_files(mini / "home") == []


def test_a_failed_write_leaves_the_store_as_it_was(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_revision(export(mini, next_revision()), "2025_rev_1", D(2025, 3, 4), today=TODAY)
    files = store_files(mini / "home")
    catalogue = (mini / "home" / "hts" / "revisions.csv").read_bytes()

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(revision_edit, "_write_catalogue", fail)
    later = next_revision()
    later[2]["general"] = "4%"
    with pytest.raises(OSError, match="No space"):
        add_revision(export(mini, later, "later.json"), "2025_rev_2", D(2025, 5, 1), today=TODAY)
    assert store_files(mini / "home") == files
    assert (mini / "home" / "hts" / "revisions.csv").read_bytes() == catalogue
    revision_store.reset()
    assert [r.id for r in shipped_revisions()] == ["basic", "2025_rev_1"]


def test_a_release_that_ships_the_revision_supersedes_it(mini: Path) -> None:
    add_revision(export(mini, next_revision()), "2025_rev_1", D(2025, 3, 4), today=TODAY)
    # A new release ships its own revision of a later date: the added one no longer applies.
    shipped = mini / "data" / "hts"
    with (shipped / "revisions.csv").open("a", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["2025_rev_2", "2025 HTS Revision 2", "2025-06-01", "x.json", "y", "8", ""]
        )
    revision_store.reset()
    (entry,) = user_revisions()
    assert entry.superseded_by == "2025_rev_2"
    assert hts_folder() == shipped


def test_drop_newest_is_the_inverse_of_extend(mini: Path) -> None:
    rows = resolve_rows(records(), "fixture")
    base = to_table(merge_revisions([("basic", D(2025, 1, 1), rows)]))
    later = resolve_rows(next_revision(), "fixture")
    third = copy.deepcopy(next_revision())
    del third[5]  # 8703.23.01.90 retired
    both = to_table(
        merge_revisions(
            [
                ("basic", D(2025, 1, 1), rows),
                ("rev_1", D(2025, 3, 4), later),
                ("rev_2", D(2025, 7, 1), resolve_rows(third, "fixture")),
            ]
        )
    )
    one = to_table(merge_revisions([("basic", D(2025, 1, 1), rows), ("rev_1", D(2025, 3, 4), later)]))
    assert (
        drop_newest(both, "rev_2", "rev_1")
        .sort_by([("code", "ascending"), ("valid_from", "ascending")])
        .equals(one)
    )
    assert drop_newest(one, "rev_1", "basic").equals(base)
    extended = extend_table(one, "rev_1", D(2025, 3, 4), [("rev_2", D(2025, 7, 1), resolve_rows(third, "f"))])
    assert extended.equals(both)


def test_reset_forgets_the_concordance_read_with_the_old_schedule() -> None:
    """The concordance's boundary dates come from the schedule: an added revision must renew them."""
    from goldenage.tariffs.concordance import concordance  # noqa: PLC0415

    before = concordance()
    revision_store.reset()
    assert concordance() is not before
