"""Claim shares: the estimation rule, worked by hand, and the shipped estimate (data/claims/)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.errors import InputError
from goldenage.tariffs.claims import (
    CHAPTER_98,
    SHARE_COLUMNS,
    claim_columns,
    estimate_shares,
    load_claims,
    parse_claim,
)


def test_one_program_share_is_the_gap_explained() -> None:
    # General 4.4% of 1,000: 44; JP Free: 0; Census 11: (44 - 11) / (44 - 0) = 75% claimed JP.
    assert estimate_shares(11.0, 44.0, {"JP": 0.0, "C": 44.0}) == {"JP": 0.75, "C": 0.0}


def test_two_programs_the_cheaper_takes_the_share() -> None:
    # General 50, JP 20, C 0, Census 40: the least value claiming is C: (50 - 40) / 50 = 20%.
    assert estimate_shares(40.0, 50.0, {"JP": 20.0, "C": 0.0}) == {"JP": 0.0, "C": pytest.approx(0.2)}


def test_tied_programs_share_equally() -> None:
    # K and L both Free on a 6.5% line: Census 32.5 of 65 -> half claimed, a quarter each.
    assert estimate_shares(32.5, 65.0, {"K": 0.0, "L": 0.0}) == {"K": 0.25, "L": 0.25}


def test_census_above_or_no_lower_program_is_no_claim() -> None:
    assert estimate_shares(60.0, 50.0, {"JP": 0.0}) == {"JP": 0.0}
    assert estimate_shares(10.0, 50.0, {"JP": 50.0}) == {"JP": 0.0}
    # Census below even the program's duty: every entry claimed (share clipped to 1).
    assert estimate_shares(0.0, 50.0, {"JP": 10.0}) == {"JP": 1.0}


@given(
    census=st.floats(0, 1e6),
    general=st.floats(0, 1e6),
    duties=st.lists(st.floats(0, 1e6), min_size=1, max_size=4),
)
def test_shares_are_fractions_that_add_up_to_at_most_one(
    census: float, general: float, duties: list[float]
) -> None:
    shares = estimate_shares(census, general, {f"P{k}": d for k, d in enumerate(duties)})
    assert all(0.0 <= s <= 1.0 for s in shares.values())
    assert sum(shares.values()) <= 1.0 + 1e-12


def test_parse_claim() -> None:
    assert parse_claim(" jp ") == "JP"
    assert parse_claim("") is None
    assert parse_claim(None) is None
    with pytest.raises(InputError, match="claims"):
        parse_claim("GSP")


def test_a_c_claim_declares_civil_aircraft_use() -> None:
    columns = claim_columns(np.array(["C", "JP", None], dtype=object))
    assert columns["civil_aircraft"].tolist() == [True, False, False]
    assert columns["preference"].tolist() == ["C", "JP", None]


def test_shipped_estimate() -> None:
    claims = load_claims()
    frame = claims.frame
    shares = frame.select(*SHARE_COLUMNS.values(), CHAPTER_98)
    assert shares.min().min_horizontal().item() >= 0
    assert frame.select(pl.sum_horizontal(*SHARE_COLUMNS.values())).max().item() <= 1 + 1e-9
    # Every Chapter 98 line is entered under chapter 98; nothing else is.
    assert frame.filter(pl.col("census_hts10").str.starts_with("98"))[CHAPTER_98].to_list() == [1.0] * 49
    assert frame.filter(~pl.col("census_hts10").str.starts_with("98"))[CHAPTER_98].max() == 0
    # 8458.11.00.50 (lathes): General 4.4%, JP Free (HTSUS 2025). Value $151,046,329, Census duty
    # $422,019: General duty 4.4% x value = $6,646,038.48; share JP = (6,646,038.48 - 422,019)
    # / 6,646,038.48.
    lathe = frame.filter(pl.col("census_hts10") == "8458110050").row(0, named=True)
    general = 0.044 * 151_046_329
    assert lathe["engine_general_usd"] == pytest.approx(general, abs=0.01)
    assert lathe["share_jp"] == pytest.approx((general - 422_019) / general, abs=1e-6)
    assert claims.unclassified_value() == 1_315_081_997


def test_shipped_estimate_rests_on_todays_law() -> None:
    """The 2024 duties the shares rest on are the engine's today: else rebuild with `make claims`."""
    import datetime as dt  # noqa: PLC0415

    from goldenage.tariffs.etr_segments import _amounts  # noqa: PLC0415
    from goldenage.tariffs.law import law_for  # noqa: PLC0415

    frame = (
        load_claims()
        .frame.filter((pl.col("status") == "claims") & ~pl.col("entered_under").str.contains(" "))
        .sort("value_usd", descending=True)
        .head(200)
    )
    rows = frame.select(
        pl.col("entered_under").alias("hts10"),
        pl.lit(dt.date(2025, 1, 1)).alias("day"),
    )
    value = frame.get_column("value_usd").cast(pl.Float64).to_numpy()
    result = _amounts(rows, value, law_for("actual"))
    stale = frame.filter(pl.Series(np.abs(result.total - frame["engine_general_usd"].to_numpy()) > 0.02))
    assert stale.is_empty(), (
        f"data/claims/ is stale for {stale['census_hts10'].to_list()[:5]}: run `make claims`"
    )
