"""The MOU's terms are cited parameters (data/params/investment/), read on a date."""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.errors import DataFileError
from goldenage.investment.terms import Split, mou_terms
from goldenage.params import NoValueInForceError


def test_terms_as_reported_in_the_sources() -> None:
    # investment_mou.md 1-2: 50/50 until the DAA is distributed to each, then 90 US / 10 Japan;
    # at least 45 business days after the notice; $550 billion until 2029-01-19.
    terms = mou_terms(dt.date(2026, 2, 17))
    assert terms.split == Split(before_japan=0.5, before_us=0.5, after_japan=0.1, after_us=0.9)
    assert terms.total_commitment_usd == 550_000_000_000
    assert terms.commitment_end == dt.date(2029, 1, 19)
    assert terms.funding_window_days == 45
    assert terms.funding_window_day_count == "business"
    assert terms.deemed_interest_basis == "a benchmark rate plus a project-specific spread"
    # Six-month SOFR rests on one secondary source (Katz): flagged, not stated (audit 2026-12-06).
    assert "SOFR" in (terms.citations["deemed_interest.basis"].unverified or "")
    assert [u["term"] for u in terms.unverified("funding.window_days", "funding.window_day_count")] == [
        "funding.window_days",
        "funding.window_day_count",
    ]


def test_every_term_is_cited_to_the_mou() -> None:
    terms = mou_terms()
    assert terms.on == dt.date(2025, 9, 4)  # signing date of the MOU
    for name, citation in terms.citations.items():
        assert citation.document == "US-Japan strategic investment MOU of 2025-09-04", name
        assert citation.section, name
        assert citation.href is not None, name


def test_no_terms_before_the_mou_was_signed() -> None:
    with pytest.raises(NoValueInForceError, match="first value 2025-09-04"):
        mou_terms(dt.date(2025, 9, 3))


@pytest.mark.parametrize(("japan", "us"), [(0.5, 0.6), (0.0, 1.0), (1.2, -0.2)])
def test_split_shares_must_add_up_to_one(japan: float, us: float) -> None:
    with pytest.raises(DataFileError, match="add up to 1"):
        Split(before_japan=japan, before_us=us, after_japan=0.1, after_us=0.9)
