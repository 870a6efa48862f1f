"""Announced projects (data/investment/projects.yaml) and their totals against $550 billion."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenage.errors import DataFileError
from goldenage.investment.datafile import load
from goldenage.investment.projects import ProjectFile, project_file, totals
from goldenage.paths import data_dir


def test_tranche_1_adds_up_to_the_reported_36_billion() -> None:
    # investment_mou.md 4.1: Ohio $33.3B + Texas GulfLink $2.1B + Element Six $0.6B = $36.0B,
    # "tranche 1 is about $36B". Share of $550B: 36/550 = 6.5455%; remaining 550 - 36 = $514B.
    dataset = project_file()
    selected = [p for p in dataset.projects if p.status == "selected"]
    assert {p.sponsor for p in selected} == {
        "SB Energy (SoftBank)",
        "Sentinel Midstream",
        "Element Six (De Beers)",
    }
    assert all(p.tranche == 1 and p.announced == "2026-02-17" for p in selected)
    summary = totals(dataset.projects)
    assert summary.by_status["selected"] == pytest.approx(36_000_000_000)
    assert summary.selected_share == pytest.approx(36 / 550)
    assert summary.remaining_usd == pytest.approx(514_000_000_000)
    tranche_1 = next(t for t in dataset.tranches if t.tranche == 1)
    assert tranche_1.amount_usd == pytest.approx(summary.by_status["selected"])


def test_candidates_floated_and_interest_are_kept_apart() -> None:
    # Tranche 2 candidates: the ~$40B SMR and two gas plants without an amount.
    # Floated for a later tranche (Reuters 2026-03-04, Yomiuri 2026-03-08): Westinghouse reactors
    # up to $100B + copper smelter about $2B = $102B, and a display plant without a dollar amount.
    # 28 Oct 2025 interest list: 332 + 25 + 25 + 20 + 30 + 25 + 20 + 15 + 15 + 5 + 0.6 + 0.5 + 0.35
    # = $513.45B ("the line items add up to about $513B"), not commitments.
    summary = totals(project_file().projects)
    assert summary.by_status["candidate"] == pytest.approx(40_000_000_000)
    assert summary.by_status["floated"] == pytest.approx(102_000_000_000)
    assert summary.unpriced == {"selected": 0, "candidate": 2, "floated": 1, "expressed_interest": 0}
    assert summary.by_status["expressed_interest"] == pytest.approx(513_450_000_000)
    assert summary.to_json()["floated_usd"] == pytest.approx(102_000_000_000)


def test_every_row_is_sourced_and_estimates_are_flagged() -> None:
    dataset = project_file()
    for project in dataset.projects:
        assert project.sources, project.id
        assert all(label in dataset.sources for label in project.sources)
        if project.amount_basis in {"up_to", "unverified", "approximate", "not_reported"}:
            assert project.estimated, project.id
        assert (project.verification == "verified") == (project.unverified is None), project.id
    for label, source in dataset.sources.items():
        assert source.published <= source.retrieved <= dataset.dataset.as_of, label


def test_smr_sites_are_tennessee_and_alabama() -> None:
    # Data audit of 2026-12-06: NHK says only "Tennessee and elsewhere"; the US press (ZeroHedge
    # live blog of 2026-03-19) says Tennessee and Alabama, about $40B; Idaho is in no source.
    smr = next(p for p in project_file().projects if p.id == "bwrx300-smr")
    assert smr.states == ["TN", "AL"]
    assert smr.amount_basis == "approximate"
    assert smr.estimated
    assert smr.verification == "partly_verified"
    assert "Alabama" in (smr.unverified or "")


def test_dataset_is_checked_to_the_audit_date() -> None:
    dataset = project_file()
    assert dataset.as_of == "2026-12-06"
    assert dataset.dataset.newest_source.isoformat() == "2026-03-19"


def test_malformed_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (data_dir() / "investment" / "projects.yaml").read_text(encoding="utf-8")
    cases = [
        (
            "    verification: partly_verified\n    unverified: >-\n      the second site",
            "    verification: verified\n    unverified: >-\n      the second site",
            "exactly when not 'verified'",
        ),
        ("  newest_source: 2026-03-19", "  newest_source: 2026-03-18", "newest source is 2026-03-19"),
        (
            "    retrieved: 2026-12-06\n    note: gives",
            "    retrieved: 2025-10-01\n    note: gives",
            "before published",
        ),
    ]
    for old, new, message in cases:
        assert text.count(old) == 1, old
        (tmp_path / "investment").mkdir(exist_ok=True)
        (tmp_path / "investment" / "projects.yaml").write_text(text.replace(old, new), encoding="utf-8")
        monkeypatch.setattr("goldenage.investment.datafile.data_dir", lambda: tmp_path)
        with pytest.raises(DataFileError, match=message):
            load("projects.yaml", ProjectFile)
