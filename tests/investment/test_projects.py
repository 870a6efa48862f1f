"""Announced projects (data/investment/projects.yaml) and their totals against $550 billion."""

from __future__ import annotations

import pytest

from goldenage.investment.projects import project_file, totals


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


def test_candidates_and_interest_are_kept_apart() -> None:
    # Tranche 2 candidates: the ~$40B SMR (unverified) and two gas plants without an amount.
    # 28 Oct 2025 interest list: 332 + 25 + 25 + 20 + 30 + 25 + 20 + 15 + 15 + 5 + 0.6 + 0.5 + 0.35
    # = $513.45B ("the line items add up to about $513B"), not commitments.
    summary = totals(project_file().projects)
    assert summary.by_status["candidate"] == pytest.approx(40_000_000_000)
    assert summary.unpriced == {"selected": 0, "candidate": 2, "expressed_interest": 0}
    assert summary.by_status["expressed_interest"] == pytest.approx(513_450_000_000)


def test_every_row_is_sourced_and_estimates_are_flagged() -> None:
    dataset = project_file()
    for project in dataset.projects:
        assert project.sources, project.id
        assert all(label in dataset.sources for label in project.sources)
        if project.amount_basis in {"up_to", "unverified", "approximate", "not_reported"}:
            assert project.estimated, project.id
    smr = next(p for p in dataset.projects if p.id == "bwrx300-smr")
    assert smr.amount_basis == "unverified"
    assert smr.estimated
    assert "Alabama" in (smr.notes or "")  # the TN+ID vs TN+AL disagreement is recorded
