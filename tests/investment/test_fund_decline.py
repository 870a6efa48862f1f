"""The tariff consequence of a decline to fund: scenario ``fund_decline`` of the tariff engine.

Worked from the law: a passenger car of Japan (8703.23.01.90, column 1 2.5%), customs value
$30,000. Actual law on 2026-05-01: 15% inclusive (EO 14345, 9903.94.41): MFN 2.5% = 750 plus
the top-up 12.5% = 3,750, total 4,500; Section 122 does not apply to Section 232 goods
(9903.03.06). Under fund_decline from 2026-04-22 the agreement rate ends: MFN 750 plus the
25% of Proclamation 10908 (9903.94.01) = 7,500, total 8,250.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from goldenage.cli.app import main
from goldenage.investment.lifecycle import funding_window
from goldenage.tariffs.calc import duty
from goldenage.tariffs.declarations import Declarations
from goldenage.tariffs.scenarios import get_scenario

CAR = {"hts": "8703.23.01.90", "origin": "JP", "customs_value": "30000"}


def components(day: str, scenario: str) -> tuple[list[tuple[str, str, float]], float]:
    result = duty(entry_date=day, scenario=scenario, declarations=Declarations(), **CAR)
    return [(d.authority, d.heading, float(d.amount)) for d in result.duties if d.amount], result.duty_total


def test_car_pays_25_percent_after_the_decline() -> None:
    assert components("2026-05-01", "actual") == (
        [("mfn", "8703.23.01", 750.0), ("s232_autos", "9903.94.41", 3_750.0)],
        4_500.0,
    )
    assert components("2026-05-01", "fund_decline") == (
        [("mfn", "8703.23.01", 750.0), ("s232_autos", "9903.94.01", 7_500.0)],
        8_250.0,
    )


def test_the_day_before_the_decline_is_unchanged() -> None:
    assert components("2026-04-21", "fund_decline") == components("2026-04-21", "actual")


def test_scenario_date_follows_the_funding_window_of_tranche_1() -> None:
    # Assumed notice on the announcement, 2026-02-17; earliest funding 2026-04-21; decline effect
    # from the next day.
    scenario = get_scenario("fund_decline")
    start = scenario.overrides["us.s232.autos.jp_floor_rate"].periods[-1].start
    assert start == funding_window(dt.date(2026, 2, 17)).earliest_funding + dt.timedelta(days=1)
    assert any("rate determined by the President" in a for a in scenario.assumptions)
    assert scenario.references[0].document == "US-Japan strategic investment MOU of 2025-09-04"
    # The Section 301 Japan rate is not an agreement concession here: unchanged.
    assert "us.s301.jp_floor_rate" not in scenario.overrides


def test_cli_runs_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["tariff", "duty", "--hts", CAR["hts"], "--value", "30000", "--date", "2026-05-01"]
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--scenario", "fund_decline", "--json"])
    assert caught.value.code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scenario"] == "fund_decline"
    assert result["duty_total"] == pytest.approx(8_250.0)
