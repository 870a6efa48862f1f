"""HHI and top shares, against figures worked by hand from USGS MCS 2026 (critical_minerals.md section 1)."""

from __future__ import annotations

import pytest

from goldenage.minerals.concentration import Concentration, NotComputable, after_projects, concentrations, hhi


def group(stage: str, basis: str, year: int, edition: str) -> Concentration:
    [found] = [
        c for c in concentrations(stage) if c.basis == basis and c.year == year and c.edition == edition
    ]
    return found


def test_hhi_of_simple_markets() -> None:
    assert hhi([5]) == pytest.approx(10_000)  # one supplier
    assert hhi([1, 1, 1, 1]) == pytest.approx(2_500)  # 4 x 25^2
    assert hhi([0.91, 0.09]) == pytest.approx(8_362)  # 91^2 + 9^2 = 8281 + 81
    with pytest.raises(ValueError, match="empty"):
        hhi([0, 0])


def test_usgs_2025_mine_production() -> None:
    # MCS 2026, 2025e (t REO): CHN 270,000; USA 51,000; AUS 29,000; MMR 22,000; THA 4,800;
    # IND 2,900; MDG 2,700; RUS 2,600; BRA 2,000; NGA 1,500; VNM 150; MYS 110; other 550.
    # Sum 389,310. Sum of squares: 72.9e9 + 2.601e9 + 0.841e9 + 0.484e9 + 23.04e6 + 8.41e6
    # + 7.29e6 + 6.76e6 + 4e6 + 2.25e6 + 22,500 + 12,100 + 302,500 = 76,878,087,100.
    # HHI = 10,000 x 76,878,087,100 / 389,310^2 (= 151,562,276,100) = 5,072.4
    mine = group("mine", "usgs_mine_production", 2025, "MCS 2026 v1.3")
    assert mine.total == pytest.approx(389_310)
    assert mine.hhi == pytest.approx(10_000 * 76_878_087_100 / 151_562_276_100)
    assert round(mine.hhi) == 5_072
    assert mine.top == ("CHN", pytest.approx(270_000 / 389_310))  # 69.35%
    assert mine.share("USA") == pytest.approx(51_000 / 389_310)  # 13.1%


def test_usgs_2024_revised_and_the_earlier_edition_disagree() -> None:
    # MCS 2026 revised 2024: sum 384,000 (AUS 29,000); MCS 2025 had AUS 13,000, sum 393,950.
    revised = group("mine", "usgs_mine_production", 2024, "MCS 2026 v1.3")
    earlier = group("mine", "usgs_mine_production", 2024, "MCS 2025")
    assert revised.total == pytest.approx(384_000)
    assert earlier.total == pytest.approx(393_950)
    assert round(revised.hhi) == 5_192  # the reference's test vector
    assert revised.share("AUS") == pytest.approx(29_000 / 384_000)
    assert earlier.share("AUS") == pytest.approx(13_000 / 393_950)


def test_buckets_give_a_range() -> None:
    # IEA 2023 refining: CHN 92%, MYS+AUS 6%, other 2%.
    # As one supplier each: 92^2 + 6^2 + 2^2 = 8464 + 36 + 4 = 8504;
    # split: 8464 + 2 x 3^2 + 0 = 8482.
    refining = group("separation", "iea_refining_share", 2023, "GCMO 2024")
    assert refining.hhi == pytest.approx(8_504)
    assert refining.hhi_min == pytest.approx(8_482)


def test_light_and_heavy_groups() -> None:
    heavy = group("separation", "dy_tb_refining_share", 2025, "NYT 2025-06")
    assert heavy.element_group == "heavy"
    assert heavy.hhi == pytest.approx(99.9**2 + 0.1**2)  # 9980.01
    magnets = group("magnet", "iea_sintered_ndfeb_share", 2024, "IEA commentary 2025-10-23")
    assert magnets.element_group == "light"
    assert magnets.hhi == pytest.approx(94**2 + 6**2)  # 8836 + 36 = 8872


def test_after_projects_adds_pela_ema_by_2027_only() -> None:
    # Pela Ema: 4,800 t/yr target - 2,000 t (USGS Brazil 2025e) = 2,800 t more from 2027.
    # China's share: 270,000 / (389,310 + 2,800) = 68.86%.
    [mine_2027] = [
        c for c in after_projects(2027) if isinstance(c, Concentration) and c.basis == "usgs_mine_production"
    ]
    assert mine_2027.projects == ("PJ-PELA-EMA",)
    assert mine_2027.share("BRA") == pytest.approx(4_800 / 392_110)
    assert mine_2027.share("CHN") == pytest.approx(270_000 / 392_110)
    [mine_2026] = [
        c for c in after_projects(2026) if isinstance(c, Concentration) and c.basis == "usgs_mine_production"
    ]
    assert mine_2026.projects == ()
    shares_only = [c for c in after_projects(2027) if isinstance(c, NotComputable)]
    assert {c.base.basis for c in shares_only} >= {"iea_refining_share", "iea_sintered_ndfeb_share"}
