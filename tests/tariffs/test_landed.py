"""Landed cost (``goldenage tariff duty --freight --insurance --other-costs --basis``), worked by hand.

A Japanese car, HTSUS 8703.23.01.90, entered 2025-10-01 on a customs value of $30,000:
duty 15% all-inclusive (EO 14345, heading 9903.94.41) = $4,500; MPF 0.3464% = $103.92
(19 CFR 24.23(b)(1)(i)); HMF 0.125% = $37.50 (19 CFR 24.24). International freight and
insurance are not part of the transaction value (19 U.S.C. 1401a(b)(4)(A)): they bear no duty
and no fee, and are added to the landed cost after.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenage.cli.app import main
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty
from goldenage.tariffs.landed import landed_cost, parse_costs

CAR = ("8703.23.01.90", "JP", "2025-10-01")
DUTY, MPF, HMF = 4_500.0, 103.92, 37.5


def test_fob_value_plus_freight_insurance_other_costs_duty_and_fees() -> None:
    costs = parse_costs("30000", "1200", "150", "400")
    landed = landed_cost(duty(*CAR, costs.customs_value), costs)
    assert landed.customs_value == 30_000.0
    assert (landed.duty, landed.fees) == (DUTY, round(MPF + HMF, 2))
    assert landed.total == pytest.approx(30_000 + 1_200 + 150 + 400 + DUTY + MPF + HMF)  # 36,391.42
    assert landed.total == 36_391.42
    assert "1401a" in landed.citations[0].label()


def test_a_cif_price_has_freight_and_insurance_taken_out() -> None:
    # CIF $31,350 with $1,200 freight and $150 insurance: customs value $30,000, the same duty.
    costs = parse_costs("31,350", "1200", "150", None, "cif")
    assert (costs.basis, costs.customs_value) == ("CIF", 30_000.0)
    landed = landed_cost(duty(*CAR, costs.customs_value), costs)
    assert landed.duty == DUTY
    assert landed.total == 35_991.42  # 31,350 + 4,500 + 141.42
    with pytest.raises(InputError, match=r"^--value: the CIF price 1,000.00 is not above"):
        parse_costs("1000", "900", "100", None, "CIF")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("30000", "-5"), "--freight"),
        (("30000", None, "abc"), "--insurance"),
        (("30000", None, None, "inf"), "--other-costs"),
        (("30000", None, None, None, "DDP"), "--basis"),
        (("0",), "--value"),
    ],
)
def test_bad_costs_name_their_field(args: tuple, field: str) -> None:
    with pytest.raises(InputError) as err:
        parse_costs(*args)
    assert err.value.field == field


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1e6), st.floats(0, 1e5), st.floats(0, 1e5))
def test_freight_and_insurance_never_change_the_duty(freight: float, insurance: float, other: float) -> None:
    costs = parse_costs(30_000, freight, insurance, other)
    result = duty(*CAR, costs.customs_value)
    landed = landed_cost(result, costs)
    assert result.duty_total == DUTY
    assert landed.total == pytest.approx(30_000 + freight + insurance + other + DUTY + MPF + HMF, abs=0.01)


def test_the_duty_command_shows_the_landed_cost(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["tariff", "duty", "--hts", CAR[0], "--date", CAR[2], "--value", "30000"]
    with pytest.raises(SystemExit) as done:
        main([*argv, "--freight", "1200", "--insurance", "150", "--other-costs", "400", "--json"])
    assert done.value.code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["customs_value"] == 30_000.0
    assert payload["landed_cost"]["total"] == 36_391.42
    assert {k: payload["landed_cost"][k] for k in ("freight", "insurance", "other_costs")} == {
        "freight": 1_200.0,
        "insurance": 150.0,
        "other_costs": 400.0,
    }
    with pytest.raises(SystemExit) as done:
        main([*argv, "--json"])
    assert "landed_cost" not in json.loads(capsys.readouterr().out)  # no costs given: the same object
    with pytest.raises(SystemExit) as done:
        main([*argv, "--freight", "-1"])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("error: --freight:")
    with pytest.raises(SystemExit) as done:
        main([*argv, "--freight", "1200"])
    assert done.value.code == 0
    assert "Landed cost" in capsys.readouterr().out
