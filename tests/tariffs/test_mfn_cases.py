"""Column 1 duty and fees of single entry lines, against cases worked by hand (cases/mfn.yaml).

The totals are those of the ``pre_2025`` scenario (column 1 only); the Chapter 99 layers are
tested by the legal case bank in ``tests/cases/``.

Each case names the HTSUS revision in force on its date and the rate printed there; the
expected amounts come from the arithmetic in its ``working`` field, never from the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from goldenage.tariffs.calc import duty
from goldenage.tariffs.errors import AmbiguousHTSCodeError

CASES_FILE = Path(__file__).parent / "cases" / "mfn.yaml"
CASE_KEYS = {
    "name",
    "line",
    "revision",
    "reference",
    "date",
    "input",
    "working",
    "output",
    "absolute_error_margin",
}
INPUT_KEYS = {"hts", "origin", "customs_value", "quantity", "unit", "transport", "preference"}
OUTPUT_KEYS = {"duty_total", "duty_rate", "mfn_rate_text", "ad_valorem_rate", "fees"}
FEE_NAMES = {"mpf", "hmf"}
RATE_TOLERANCE = 1e-9


def _load_cases() -> list[dict[str, Any]]:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    assert isinstance(cases, list), f"{CASES_FILE}: expected a list of cases"
    for case in cases:
        where = f"{CASES_FILE}: case {case.get('name')!r}"
        assert set(case) == CASE_KEYS, f"{where}: keys {sorted(set(case) ^ CASE_KEYS)}"
        assert set(case["input"]) <= INPUT_KEYS, f"{where}: unknown input keys"
        assert {"hts", "origin", "customs_value"} <= set(case["input"]), f"{where}: input"
        assert set(case["output"]) == OUTPUT_KEYS, f"{where}: output keys"
        assert set(case["output"]["fees"]) == FEE_NAMES, f"{where}: fee keys"
        assert case["output"]["fees"]["mpf"] is not None, f"{where}: the MPF is always due"
    return cases


CASES = _load_cases()


def test_case_names_are_unique_and_enough():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    assert len(names) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_mfn_case(case):
    given = case["input"]
    expected = case["output"]
    margin = case["absolute_error_margin"]

    arguments = {
        "hts": given["hts"],
        "origin": given["origin"],
        "entry_date": case["date"],
        "customs_value": given["customs_value"],
        "quantity": given.get("quantity"),
        "unit": given.get("unit"),
        "transport": given.get("transport"),
        "preference": given.get("preference"),
    }
    # The cases hold the column 1 duty only: the pre_2025 scenario switches off every
    # Chapter 99 layer. The column 1 component is the same under the law as in force.
    result = duty(**arguments, scenario="pre_2025")
    try:
        actual = duty(**arguments)
    except AmbiguousHTSCodeError:
        # An 8-digit code can be unambiguous for column 1 and ambiguous under Chapter 99
        # (8482.10.50: only .44 and .48 are note 33(g) auto parts).
        pass
    else:
        mfn_actual = [c for c in actual.duties if c.authority == "mfn"]
        assert mfn_actual == [c for c in result.duties if c.authority == "mfn"]

    assert result.hts_revision == case["revision"]
    mfn = [component for component in result.duties if component.authority == "mfn"]
    assert len(mfn) == 1
    assert mfn[0].heading == case["line"][:10]
    assert mfn[0].rate_text == expected["mfn_rate_text"]
    if expected["ad_valorem_rate"] is None:
        assert mfn[0].ad_valorem_rate is None
    else:
        assert mfn[0].ad_valorem_rate == pytest.approx(expected["ad_valorem_rate"], abs=1e-12)

    assert result.duty_total == pytest.approx(expected["duty_total"], abs=margin)
    assert result.duty_rate == pytest.approx(expected["duty_rate"], abs=RATE_TOLERANCE)

    fees = {fee.name: fee.amount for fee in result.fees}
    assert len(fees) == len(result.fees), "a fee appears twice"
    expected_fees = {name: amount for name, amount in expected["fees"].items() if amount is not None}
    assert set(fees) == set(expected_fees)
    for name, amount in expected_fees.items():
        assert fees[name] == pytest.approx(amount, abs=margin), name
