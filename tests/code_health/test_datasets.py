"""Code health: every shipped file belongs to a dataset that data status lists, with its date.

The datasets are declared beside the data (the front matter of each ``PROVENANCE.md``) and read
from the data's own metadata; these checks fail when a file or a folder is added without its
declaration, when one file is claimed twice, or when a dataset has no edition or as-of date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from goldenage.datasets.manifest import FILE_NAME, manifests
from goldenage.datasets.status import data_status, unclaimed_files
from goldenage.errors import DataFileError
from goldenage.paths import data_dir

# The datasets issue 16 (item 3) names, by the ids their PROVENANCE.md gives them.
NAMED = {
    "hts": "HTSUS revisions",
    "ch99_s232": "Chapter 99 parameters",
    "ch99_s301": "Chapter 99 parameters",
    "ch99_ieepa": "Chapter 99 parameters",
    "ch99_s122": "Chapter 99 parameters",
    "scope_lists": "scope lists",
    "interest_rates": "interest rates",
    "mpf": "MPF limits",
    "fund_projects": "fund projects",
    "commitments": "commitments",
    "minerals_tables": "minerals tables",
    "law_as_of": "how current the law is",
}


def test_every_shipped_file_is_in_exactly_one_dataset() -> None:
    unclaimed, twice = unclaimed_files()
    assert unclaimed == [], f"files no PROVENANCE.md front matter declares: {unclaimed}"
    assert twice == [], f"files two datasets claim: {twice}"


def test_every_data_folder_with_files_has_a_declaring_provenance() -> None:
    declared = {path.parent for path, manifest in manifests(data_dir()) if manifest is not None}
    for path in data_dir().rglob("*"):
        if path.is_file() and path.name != FILE_NAME:
            assert any(folder in path.parents for folder in declared), path


def test_every_dataset_has_an_edition_a_date_and_a_source() -> None:
    statuses = data_status()
    ids = [status.id for status in statuses]
    assert len(ids) == len(set(ids)), "dataset ids repeat"
    for status in statuses:
        assert status.edition.strip(), status.id
        assert status.source.strip(), status.id
        assert dt.date(2024, 1, 1) <= status.as_of <= dt.date(2027, 12, 31), status.id
        assert status.files, status.id


def test_the_datasets_the_issue_names_are_listed() -> None:
    listed = {status.id for status in data_status()}
    missing = {key: what for key, what in NAMED.items() if key not in listed}
    assert not missing


def test_a_dataset_without_its_date_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / FILE_NAME).write_text(
        "---\ndatasets:\n  - {id: xx, name: xxx, files: [x.csv], source: someone}\n---\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="state 'edition' and 'as_of'"):
        data_status(tmp_path)
    (tmp_path / FILE_NAME).write_text(
        "---\ndatasets:\n  - {id: xx, name: xxx, files: [y.csv], source: sss, edition: e, "
        "as_of: '2026-01-01'}\n---\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="'y.csv' matches no file"):
        data_status(tmp_path)
    (tmp_path / FILE_NAME).write_text("# no front matter\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="declares no dataset"):
        data_status(tmp_path)
    assert unclaimed_files(tmp_path) == (["x.csv"], [])
