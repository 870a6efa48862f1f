"""China's 2025 export controls on the shipped network: legal status and shortfalls worked by hand.

Shipped figures used (data/minerals/capacities.csv, t a month = t/yr / 12): US demand 400; Japanese
demand 538 (538 t of Chinese magnets, powder and alloy in October 2025); Japanese magnet makers
312 (538 - 226); Chinese magnets to the US 400, to Japan 226; Japanese stock 6,456 x 60 / 365.25
= 1,060.53, shipped as 1,060.5 t; no US stock; in 2026 MP Independence 1,000 / 12 = 83.33 and
Narva 2,000 / 12 = 166.67.
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.minerals.optimise import optimise
from goldenage.minerals.scenarios import legal_status, run_scenario
from goldenage.minerals.shipped import shipped_network
from goldenage.minerals.stockpile import size_stockpile
from goldenage.minerals.tts import full

JAPAN_STOCK = 1_060.5  # 6,456 x 60 / 365.25 = 1,060.53, shipped rounded to 1,060.5 t
HALT = ["CHN-magnets-to-USA", "CHN-magnets-to-JPN", "CHN-alloy-to-JPN"]


def test_legal_status_from_the_parameters() -> None:
    assert legal_status("cn.mofcom.announcement_2025_18", dt.date(2025, 4, 4)).in_force is True
    assert legal_status("cn.mofcom.announcement_2025_57", dt.date(2025, 12, 1)).in_force is False
    assert legal_status("cn.mofcom.announcement_2025_70", dt.date(2026, 11, 10)).in_force is True
    after = legal_status("cn.mofcom.announcement_2025_70", dt.date(2026, 11, 11))
    assert after.in_force is None  # the sources stop at 2026-11-10
    assert "unknown" in after.detail
    before = legal_status("cn.mofcom.announcement_2025_18", dt.date(2025, 4, 3))
    assert before.in_force is None


def test_no_70_and_no_72_are_two_measures_with_two_end_dates() -> None:
    # No. 70 (2025-11-07) suspends the October package until 2026-11-10; No. 72 (2025-11-09)
    # suspends Art. 2 of No. 46 (2024), the US-specific Ga/Ge/Sb ban, until 2026-11-27
    # (Economic Daily News 2025-11-10; Clark Hill). Between the two dates only No. 72 runs.
    assert legal_status("cn.mofcom.announcement_2025_72", dt.date(2025, 11, 8)).in_force is None
    assert legal_status("cn.mofcom.announcement_2025_72", dt.date(2025, 11, 9)).in_force is True
    assert legal_status("cn.mofcom.announcement_2025_70", dt.date(2026, 11, 20)).in_force is None
    assert legal_status("cn.mofcom.announcement_2025_72", dt.date(2026, 11, 20)).in_force is True
    assert legal_status("cn.mofcom.announcement_2025_72", dt.date(2026, 11, 27)).in_force is True
    assert legal_status("cn.mofcom.announcement_2025_72", dt.date(2026, 11, 28)).in_force is None


def test_japan_dual_use_ban_from_2026_01_06_with_its_caveat() -> None:
    # MOFCOM Announcement No. 1 (2026): effective on issue, 2026-01-06, no end date.
    assert legal_status("cn.mofcom.announcement_2026_1", dt.date(2026, 1, 5)).in_force is None
    today = legal_status("cn.mofcom.announcement_2026_1", dt.date(2026, 12, 6))
    assert today.in_force is True
    assert today.unverified is not None
    assert "not opened" in today.unverified
    assert today.detail.endswith(today.unverified)


def test_april_2025_seven_elements() -> None:
    # Supply a month: Japanese makers 312 + Chinese magnets 0.115 x 400 + 0.115 x 226 = 383.99;
    # demand 938: 554.01 short a month. Over the 3-month TTR: 3 x 554.01 - 1,060.5 (Japanese
    # stock, usable because Japanese makers can ship to the US) = 601.53. No US stock: TTS 0.
    report = run_scenario("cn_2025_04_seven_elements")
    assert report.year == 2025
    assert report.elements == ("Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y")
    assert report.result.tts == 0.0
    short = 3 * (938 - (312 + 0.115 * 400 + 0.115 * 226))
    assert report.result.lost_demand == pytest.approx(short - JAPAN_STOCK, rel=1e-6)
    # Spread evenly: both lose the same share, 601.53 / (3 x 938) = 21.4%.
    shares = {s.node: s.lost / s.demand for s in report.shortfalls}
    assert shares["USA-magnet-users"] == pytest.approx((short - JAPAN_STOCK) / (3 * 938), rel=1e-6)
    assert shares["JPN-magnet-users"] == pytest.approx(shares["USA-magnet-users"], rel=1e-6)
    assert all(s.falls_short for s in report.shortfalls)


def test_october_2025_expansion_counterfactual() -> None:
    # The alloy to Japan is also cut to 0.115, but the Japanese makers can switch to Lynas NdPr
    # (10,500 / 12 = 875 a month x 0.353 t per t of magnet covers their 312), so supply is again
    # 312 + 0.115 x 400 + 0.115 x 226 = 383.99 a month; over the 12-month TTR
    # 12 x 554.01 - 1,060.5 = 5,587.62.
    report = run_scenario("cn_2025_10_expansion")
    assert report.spec.kind == "counterfactual"
    statuses = {law.parameter: law.in_force for law in report.laws}
    assert statuses["cn.mofcom.announcement_2025_57"] is False
    assert report.result.lost_demand == pytest.approx(12 * 554.01 - JAPAN_STOCK, rel=1e-6)


def test_suspension_no_shortfall() -> None:
    report = run_scenario("cn_2025_11_suspension")
    assert report.result.unbounded
    assert not any(s.falls_short for s in report.shortfalls)
    statuses = {law.parameter: law.in_force for law in report.laws}
    assert statuses["cn.mofcom.announcement_2025_70"] is True
    assert statuses["cn.mofcom.announcement_2025_72"] is True


def test_japan_dual_use_ban_2026_network_covers_the_cut() -> None:
    # 2026, a month: magnets to Japan 226 x 0.5 = 113; alloy to Japan 312 x 0.5 = 156, but the
    # Japanese makers replace the rest with allied NdPr oxide (0.353 x 312 = 110 t of the 875 t
    # Lynas Malaysia makes), so they still make 312. Supply 83.33 (Independence) + 166.67 (Narva)
    # + 312 + 400 (China to the US) + 113 = 1,075 >= 938: no shortfall, TTS unbounded.
    report = run_scenario("cn_2026_01_japan_dual_use")
    assert report.year == 2026
    assert report.spec.kind == "actual"
    assert report.result.unbounded
    assert not any(s.falls_short for s in report.shortfalls)
    statuses = {law.parameter: law.in_force for law in report.laws}
    assert statuses == {
        "cn.mofcom.announcement_2025_18": True,
        "cn.mofcom.announcement_2025_70": True,  # the US flows are still covered on 2026-01-06
        "cn.mofcom.announcement_2026_1": True,
    }
    assert report.elements == ("Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y")


def test_japan_dual_use_ban_on_the_2025_network_hurts_japan_only() -> None:
    # Without the 2026 plants: supply 312 + 400 + 113 = 825 a month against 938, 113 short.
    # The US users get their 400 from China (that edge serves only them), so Japan bears it:
    # TTS = 1,060.5 / 113 = 9.385 months; over the 12-month TTR 12 x 113 - 1,060.5 = 295.5 t
    # lost, 295.5 / (12 x 538) = 4.58% of Japanese demand.
    report = run_scenario("cn_2026_01_japan_dual_use", year=2025)
    assert report.result.tts == pytest.approx(JAPAN_STOCK / 113, rel=1e-6)
    assert report.result.lost_demand == pytest.approx(12 * 113 - JAPAN_STOCK, rel=1e-6)
    lost = {s.node: s.lost for s in report.shortfalls}
    assert lost["USA-magnet-users"] == pytest.approx(0.0, abs=1e-6)
    assert lost["JPN-magnet-users"] == pytest.approx(12 * 113 - JAPAN_STOCK, rel=1e-6)


def test_halt_in_2026_and_its_stockpile() -> None:
    # 2026 supply without China: 83.33 + 166.67 + 312 = 562 a month; demand 938: 376 short.
    # TTS = 1,060.5 / 376 = 2.8205 months. For TTS >= 12 the US users need
    # 12 x 376 - 1,060.5 = 3,451.5 t more (the Japanese stock serves both); at the 2024 export
    # unit value of Chinese magnets, $49.18/kg, that costs 3,451.5 x 49,180 = $169.74M.
    network = shipped_network(2026)
    report = run_scenario("cn_export_halt")
    assert report.result.tts == pytest.approx(JAPAN_STOCK / 376, rel=1e-6)
    stock = size_stockpile(network, "USA-magnet-users", full(HALT), 12)
    assert stock.extra == pytest.approx(12 * 376 - JAPAN_STOCK, rel=1e-6)
    assert stock.cost_usd == pytest.approx((12 * 376 - JAPAN_STOCK) * 49_180, rel=1e-6)


def test_optimise_min_tts_picks_the_stockpiles_in_2026() -> None:
    # Online by 2026 with a cost: NDS NdPr oxide (300 t x $69/kg = $20.7M), NDS magnets
    # (450 t x $49.18/kg = $22.131M) and JOGMEC to 180 days (2,121.1 t x $49.18/kg = $104.32M).
    # The binding case is the halt (376 short a month): stock 1,060.5 + 450 + 2,121.1 = 3,631.6
    # lasts 3,631.6 / 376 = 9.6585 months; NdPr oxide at Mountain Pass does not help (magnet
    # plants, not oxide, bind). With $30M only the magnet block fits: (1,060.5 + 450) / 376.
    plan = optimise(200e6, 2026)
    assert {o.row.project_id for o in plan.chosen} == {"CD-NDS-MAGNETS", "CD-JOGMEC-180D"}
    assert plan.min_tts == pytest.approx((JAPAN_STOCK + 450 + 2_121.1) / 376, rel=1e-6)
    assert plan.baseline_min_tts == pytest.approx(JAPAN_STOCK / 376, rel=1e-6)
    assert plan.cost_usd == pytest.approx(450_000 * 49.18 + 2_121_100 * 49.18, rel=1e-9)
    small = optimise(30e6, 2026)
    assert [o.row.project_id for o in small.chosen] == ["CD-NDS-MAGNETS"]
    assert small.min_tts == pytest.approx((JAPAN_STOCK + 450) / 376, rel=1e-6)
    assert {p for p, _ in plan.excluded} >= {"PJ-MP-10X", "PJ-VULCAN", "PJ-PELA-EMA"}


def test_optimise_2028_capacity_ends_the_dependence() -> None:
    # By 2028 10X adds 8,000 / 12 = 666.67 a month: 562 + 666.67 = 1,228.67 >= 938, so every
    # scenario is survived indefinitely and no demand depends on China (share 0, from
    # 376 / 938 = 40.1% without it).
    plan = optimise(2e9, 2028, "non-allied")
    assert "PJ-MP-10X" in {o.row.project_id for o in plan.chosen}
    assert plan.non_allied_share == pytest.approx(0.0, abs=1e-9)
    assert plan.baseline_non_allied_share == pytest.approx(376 / 938, rel=1e-6)
    tts_plan = optimise(2e9, 2028)
    assert tts_plan.min_tts is None  # unbounded
    assert tts_plan.cost_usd <= 2e9


def test_a_ttr_given_replaces_the_scenarios_in_every_figure() -> None:
    # The web page once compared the TTS with the TTR typed in (24 months) but computed the
    # demand lost with the scenario's own (3 months): "TTS 3.49 < TTR 24, demand lost 0 t".
    # With a TTS below the TTR used, demand is lost and the users fall short.
    report = run_scenario("cn_2025_04_seven_elements", 2028, ttr=24.0)
    assert report.result.ttr == 24.0
    assert report.to_json()["ttr"] == {"value": 24.0, "unit": "month", "given": True}
    assert report.result.tts is not None
    assert report.result.tts < 24.0
    assert (report.result.lost_demand or 0.0) > 0.0
    assert any(s.falls_short for s in report.shortfalls)
    network = shipped_network(2028)
    for s in report.shortfalls:  # demand within the TTR: the monthly demand x 24
        assert s.demand == pytest.approx(24.0 * network.node(s.node).demand)
    assert run_scenario("cn_2025_04_seven_elements", 2028).to_json()["ttr"]["value"] == 3
