"""The seed dataset: strict loading, sources on every commitment, due dates from rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from goldenage.commitments.datafile import commitments_data_dir, read_model
from goldenage.commitments.seed import SeedFile, commitment_row, load_seed
from goldenage.commitments.statuses import STATUS_NAMES
from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml

SUMMIT = dt.date(2025, 10, 28)
PROVENANCE_LINE = "  provenance: data/commitments/PROVENANCE.md\n"
OLD_DIP = "A White House official said the Prime Minister handed Trump the nomination papers (unverified)."


def test_at_least_thirty_commitments_with_unique_ids() -> None:
    seed = load_seed()
    ids = [c.id for c in seed.commitments]
    assert len(ids) >= 30
    assert len(ids) == len(set(ids))
    assert sum(c.made_on == SUMMIT for c in seed.commitments) >= 20


def test_every_commitment_cites_a_dated_source_with_a_url() -> None:
    seed = load_seed()
    for item in seed.commitments:
        cited = [seed.sources[key] for key in item.sources]
        assert any(s.url and s.published for s in cited), item.id
        assert all(s.title and s.publisher for s in cited), item.id


def test_every_source_url_is_http_and_every_source_is_used() -> None:
    seed = load_seed()
    used = {k for c in seed.commitments for k in c.sources} | {
        e.source for c in seed.commitments for e in c.evidence
    }
    assert set(seed.sources) == used
    for key, source in seed.sources.items():
        urls = ([source.url] if source.url else []) + list(source.other_urls)
        assert all(u.scheme in ("http", "https") for u in urls), key
        if source.url is None:
            assert source.note, key  # says where the document is


def test_the_file_never_states_a_due_date() -> None:
    raw = read_yaml(commitments_data_dir() / "commitments.yaml")
    for item in raw["commitments"]:
        assert "due_on" not in item
        assert "due" not in item["deadline"]


def test_due_dates_are_computed_from_the_rules() -> None:
    rows = {c.id: commitment_row(c) for c in load_seed().commitments}
    # CM-01 "within six months" of 2025-10-28: April 28, 2026.
    assert rows["CM-01"]["due_on"] == dt.date(2026, 4, 28)
    # CM-02 "within 180 days" of 2025-10-28: 2026-04-26 (see test_commitments_rules).
    assert rows["CM-02"]["due_on"] == dt.date(2026, 4, 26)
    # INV-04 45 business days after 2026-02-17: 2026-04-21.
    assert rows["INV-04"]["due_on"] == dt.date(2026, 4, 21)
    # GA-06 60 months after 2025-11-12: 2030-11-12.
    assert rows["GA-06"]["due_on"] == dt.date(2030, 11, 12)
    # APEC-04B first calendar year: 2026-12-31.
    assert rows["APEC-04B"]["due_on"] == dt.date(2026, 12, 31)
    assert rows["GA-01"]["due_on"] is None
    # Audit of 2026-12-06: No. 70 runs to 2026-11-10, No. 72 to 2026-11-27 (two measures);
    # the cherry trees were promised with no date (Kishida, 2024-04-10).
    assert rows["APEC-01"]["due_on"] == dt.date(2026, 11, 10)
    assert rows["APEC-01B"]["due_on"] == dt.date(2026, 11, 27)
    assert rows["CUL-01"]["made_on"] == dt.date(2024, 4, 10)
    assert rows["CUL-01"]["due_on"] is None


def test_corrections_of_the_audit_of_2026_12_06() -> None:
    seed = {c.id: c for c in load_seed().commitments}
    # DIP-01: the nomination rests on one anonymous official -> unknown, flagged unverified.
    assert seed["DIP-01"].status == "unknown"
    assert seed["DIP-01"].verification == "unverified"
    assert any(
        e.corrects and "handed Trump the nomination papers" in e.corrects for e in seed["DIP-01"].evidence
    )
    # INV-01: about $36 billion selected, plus up to $73 billion of candidates (not $109 billion).
    summaries = " ".join(e.summary for e in seed["INV-01"].evidence)
    assert "$36" in summaries
    assert "109" not in summaries
    # INV-07: Tennessee and Alabama; Idaho is in no source.
    assert "Tennessee and Alabama" in seed["INV-07"].text
    # CUL-02: no source says Washington.
    assert "Washington" not in seed["CUL-02"].text
    # Added: the fact sheet's Toyota, app-store and drug items, the seed's two statements, energy.
    assert {"GA-07", "GA-08", "SEC-02", "DIP-02", "CM-08", "PUR-08", "APEC-01B"} <= set(seed)
    for item in seed.values():
        assert (item.verification == "verified") == (item.unverified is None), item.id


def test_every_source_says_when_it_was_read() -> None:
    seed = load_seed()
    for key, source in seed.sources.items():
        assert source.retrieved <= seed.dataset.as_of, key
        if source.published is not None:
            assert source.published <= source.retrieved, key


def test_statuses_parties_and_categories_are_known() -> None:
    seed = load_seed()
    for item in seed.commitments:
        assert item.status in STATUS_NAMES
        assert item.category in seed.categories
        assert all(p in seed.parties for p in item.party.split("+"))
        assert all(e.date >= item.made_on for e in item.evidence)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def base_text() -> str:
    return (commitments_data_dir() / "commitments.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (PROVENANCE_LINE, PROVENANCE_LINE + "extra_key: 1\n", "extra_key"),
        ("  - id: GA-01\n", "  - id: GA-1\n", r"commitments\.0\.id"),
        ("    sources: [P1, N1, SEED]", "    sources: [P1, N1, NOPE]", "unknown source 'NOPE'"),
        (
            "    party: Toyota\n    category: investment",
            "    party: Toyta\n    category: investment",
            "unknown party 'Toyta'",
        ),
        (
            '    status: superseded\n    verification: verified\n    notes: "Reaffirmed',
            '    status: lapsed\n    verification: verified\n    notes: "Reaffirmed',
            "lapsed",
        ),
        ("    made_on: 2025-07-23", "    made_on: 2025-7-23", "made_on"),
        ("    sources: [P4]", "    sources: [SEED]", "needs at least one source with a url"),
        (
            "    verification: partly_verified\n    unverified: >-\n      the exact wording",
            "    verification: verified\n    unverified: >-\n      the exact wording",
            "exactly when verification is not 'verified'",
        ),
        (
            '    status: unknown\n    verification: verified\n    notes: "No Xi',
            '    status: unknown\n    verification: checked\n    notes: "No Xi',
            "unknown verification 'checked'",
        ),
        (
            '    status: unknown\n    verification: verified\n    notes: "No Xi',
            '    status: unknown\n    notes: "No Xi',
            r"verification\n  Field required|verification: Field required",
        ),
        ("  newest_source: 2026-07-28", "  newest_source: 2026-07-27", "the newest source is 2026-07-28"),
        ("  as_of: 2026-12-06", "  as_of: 2026-12-01", "sources read after dataset.as_of"),
        (
            "    published: 2024-04-10\n    retrieved: 2026-12-06",
            "    published: 2024-04-10\n    retrieved: 2024-04-09",
            "before published",
        ),
        (
            f'        corrects: "{OLD_DIP}"\n',
            f'        corrects: "{OLD_DIP}"\n'
            f'      - {{date: 2025-10-28, source: N3, summary: "{OLD_DIP}"}}\n',
            "corrects an item still in the file",
        ),
    ],
)
def test_malformed_seed_files_are_refused_naming_the_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = base_text()
    assert text.count(old) == 1, old
    with pytest.raises(DataFileError, match=message):
        read_model(write(tmp_path, text.replace(old, new)), SeedFile)


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    text = base_text().replace("  as_of: 2026-12-06\n", "  as_of: 2026-12-06\n  as_of: 2026-12-05\n")
    with pytest.raises(DataFileError, match="duplicate key"):
        read_model(write(tmp_path, text), SeedFile)


def test_docs_cover_every_status_rule_and_command() -> None:
    from goldenage.cli.commitments import commitments_app
    from goldenage.commitments.rules import KINDS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "commitments.md").read_text(encoding="utf-8")
    for status in STATUS_NAMES:
        assert f"`{status}`" in docs, status
    for kind in KINDS:
        assert f"`{kind}`" in docs, kind
    for command in commitments_app.registered_commands:
        assert f"goldenage commitments {command.name}" in docs, command.name
    seed = load_seed()
    assert f"{len(seed.commitments)} commitments, {len(seed.sources)} sources" in docs
