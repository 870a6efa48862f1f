"""The legal case bank: what single entry lines of Japanese goods pay, worked by hand from the law.

Every file ``tests/cases/<topic>.yaml`` is a YAML list of cases. A case names the entry (HTS
line, origin, date, customs value, scenario, importer declarations), cites the instruments and
the HTSUS revision it relies on, shows the arithmetic in ``working`` and gives the expected
duty components (authority, Chapter 99 heading or column 1 subheading, amount) and total. The
expectations come from the law (docs/law.md, the HTSUS chapter 99 notes, the USITC revision
exports), never from the engine's output.

The engine must return exactly the expected multiset of ``(authority, heading, amount)``
components (amounts within one cent, nothing missing, nothing extra) and the expected total.
The bank itself is checked too: unique names, at least 60 cases, every authority and every
scenario used, both sides of every change date covered, and each case's components adding
up to its total.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from goldenage.tariffs.calc import duty
from goldenage.tariffs.declarations import DECLARATIONS, Declarations

CASES_DIR = Path(__file__).parent / "cases"
SCENARIOS_DIR = Path(__file__).parents[1] / "data" / "scenarios"
MIN_CASES = 60
TOLERANCE = 0.01  # one cent per component and on the total

AUTHORITIES = frozenset(
    {
        "mfn",
        "ieepa_reciprocal",
        "s232_autos",
        "s232_mhd",
        "s232_semiconductors",
        "s232_pharma",
        "s232_wood",
        "s232_metals",
        "s232_uas",
        "s232_polysilicon",
        "s232_polysilicon_mip",
        "s201_quartz",
        "s122",
        "s301",
    }
)
SCENARIOS = frozenset({"actual", "pre_2025", "liberation_day", "no_deal", "ieepa_upheld", "fund_decline"})
# Entry dates on which the law for goods of Japan changes (docs/law.md, timeline): the bank
# must hold a case on each of them and on the day before.
CHANGE_DATES = tuple(
    dt.date.fromisoformat(day)
    for day in (
        "2025-04-03",
        "2025-04-05",
        "2025-04-09",
        "2025-04-10",
        "2025-05-03",
        "2025-06-04",
        "2025-08-01",
        "2025-08-07",
        "2025-08-18",
        "2025-09-16",
        "2025-10-14",
        "2025-11-01",
        "2025-11-13",
        "2026-01-15",
        "2026-02-24",
        "2026-04-06",
        "2026-06-08",
        "2026-07-01",
        "2026-07-24",
        "2026-07-31",
        "2026-08-15",
        "2026-09-03",
        "2026-09-29",
        "2026-12-04",
        # the first entry dates after the in-transit windows (tests/cases/in_transit.yaml)
        "2025-06-16",
        "2025-10-05",
        "2026-02-28",
        "2026-07-28",
    )
)

CASE_KEYS = frozenset({"name", "reference", "date", "input", "working", "output"})
REQUIRED_INPUT_KEYS = frozenset({"hts10", "origin", "customs_value"})
DECLARATION_KEYS = frozenset(DECLARATIONS)  # every declaration of the registry
INPUT_KEYS = (
    REQUIRED_INPUT_KEYS
    | DECLARATION_KEYS
    | {
        "quantity",
        "unit",
        "transport",
        "scenario",
        "preference",
    }
)
REQUIRED_OUTPUT_KEYS = frozenset({"components", "duty_total"})
OUTPUT_KEYS = REQUIRED_OUTPUT_KEYS | {"defaults_used"}
COMPONENT_KEYS = frozenset({"authority", "heading", "amount"})

Component = tuple[str, str, float]


def _check_case(case: Any, where: str) -> None:
    assert isinstance(case, dict), f"{where}: a case is a mapping"
    assert set(case) == CASE_KEYS, f"{where}: keys differ by {sorted(set(case) ^ CASE_KEYS)}"
    for key in ("name", "reference", "working"):
        assert isinstance(case[key], str), f"{where}: {key} must be text"
        assert case[key].strip(), f"{where}: {key} is empty"
    dt.date.fromisoformat(str(case["date"]))
    given = case["input"]
    assert REQUIRED_INPUT_KEYS <= set(given), f"{where}: input needs {sorted(REQUIRED_INPUT_KEYS)}"
    assert set(given) <= INPUT_KEYS, f"{where}: unknown input {sorted(set(given) - INPUT_KEYS)}"
    assert len(str(given["hts10"]).replace(".", "")) == 10, f"{where}: hts10 needs 10 digits"
    if "scenario" in given:
        assert given["scenario"] in SCENARIOS, f"{where}: unknown scenario {given['scenario']!r}"
    expected = case["output"]
    assert REQUIRED_OUTPUT_KEYS <= set(expected), f"{where}: output needs components, duty_total"
    assert set(expected) <= OUTPUT_KEYS, f"{where}: unknown output {sorted(set(expected) - OUTPUT_KEYS)}"
    for component in expected["components"]:
        assert set(component) == COMPONENT_KEYS, f"{where}: component keys {sorted(component)}"
        assert component["authority"] in AUTHORITIES, f"{where}: authority {component['authority']!r}"


def _load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(loaded, list), f"{path}: expected a list of cases"
        for number, case in enumerate(loaded, start=1):
            _check_case(case, f"{path.name} case {number} ({case.get('name')!r})")
            cases.append({**case, "file": path.name})
    return cases


CASES = _load_cases()


def _scenario(case: dict[str, Any]) -> str:
    return case["input"].get("scenario", "actual")


def _expected_components(case: dict[str, Any]) -> list[Component]:
    return [(c["authority"], str(c["heading"]), float(c["amount"])) for c in case["output"]["components"]]


def _declarations(given: dict[str, Any]) -> Declarations:
    """Return the importer's declarations of a case; undeclared facts keep their defaults."""
    return Declarations(**{key: given[key] for key in DECLARATION_KEYS if key in given})


def _unmatched(expected: list[Component], actual: list[Component]) -> tuple[list[Component], list[Component]]:
    """Return (expected components not found, actual components not expected)."""
    remaining = list(actual)
    missing = []
    for authority, heading, amount in expected:
        for index, (got_authority, got_heading, got_amount) in enumerate(remaining):
            if (
                got_authority == authority
                and got_heading == heading
                and abs(got_amount - amount) <= TOLERANCE
            ):
                del remaining[index]
                break
        else:
            missing.append((authority, heading, amount))
    return missing, remaining


def _show(components: list[Component]) -> str:
    return "\n".join(f"    {a:<20} {h:<12} {m:>14,.2f}" for a, h, m in components) or "    (none)"


# --- the bank itself --------------------------------------------------------------------------


def test_case_names_are_unique_and_enough():
    names = [case["name"] for case in CASES]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"duplicate case names: {duplicates}"
    assert len(names) >= MIN_CASES, f"{len(names)} cases, at least {MIN_CASES} required"


def test_every_authority_appears():
    used = {c["authority"] for case in CASES for c in case["output"]["components"]}
    assert used == AUTHORITIES, f"authorities without a case: {sorted(AUTHORITIES - used)}"


def test_every_scenario_appears():
    shipped = {path.stem for path in SCENARIOS_DIR.glob("*.yaml")}
    assert shipped == SCENARIOS, f"scenario files differ from the bank's list: {sorted(shipped ^ SCENARIOS)}"
    used = {_scenario(case) for case in CASES}
    explicit = {case["input"]["scenario"] for case in CASES if "scenario" in case["input"]}
    assert used == SCENARIOS, f"scenarios without a case: {sorted(SCENARIOS - used)}"
    assert explicit == SCENARIOS, f"scenarios never named explicitly: {sorted(SCENARIOS - explicit)}"


def test_every_change_date_has_a_case_on_both_sides():
    dates = {dt.date.fromisoformat(str(case["date"])) for case in CASES}
    missing = [
        f"{day - dt.timedelta(days=n)}"
        for day in CHANGE_DATES
        for n in (1, 0)
        if day - dt.timedelta(days=n) not in dates
    ]
    assert not missing, f"no case on {missing}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case_is_consistent(case):
    expected = _expected_components(case)
    mfn = [c for c in expected if c[0] == "mfn"]
    assert len(mfn) == 1, "exactly one column 1 (mfn) component"
    assert len(mfn[0][1].replace(".", "")) == 8, "the mfn heading is the 8-digit subheading"
    assert mfn[0][1].replace(".", "") == str(case["input"]["hts10"]).replace(".", "")[:8]
    assert all(amount >= 0 for _, _, amount in expected), "amounts are never negative"
    assert all(round(amount, 2) == amount for _, _, amount in expected), "amounts are in cents"
    total = sum(amount for _, _, amount in expected)
    assert total == pytest.approx(case["output"]["duty_total"], abs=0.005), (
        "duty_total must be the sum of the rounded components"
    )


# --- the engine against the bank --------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    given = case["input"]
    result = duty(
        hts=str(given["hts10"]),
        origin=given["origin"],
        entry_date=str(case["date"]),
        customs_value=given["customs_value"],
        quantity=given.get("quantity"),
        unit=given.get("unit"),
        transport=given.get("transport"),
        scenario=given.get("scenario"),
        preference=given.get("preference"),
        declarations=_declarations(given),
    )

    expected = _expected_components(case)
    actual = [(c.authority, c.heading, float(c.amount)) for c in result.duties]
    missing, extra = _unmatched(expected, actual)
    report = (
        f"{case['file']}: components differ\n  expected:\n{_show(expected)}\n"
        f"  engine:\n{_show(actual)}\n  not returned: {missing}\n  not expected: {extra}\n"
        f"  working: {case['working']}"
    )
    assert not missing, report
    assert not extra, report
    assert result.duty_total == pytest.approx(case["output"]["duty_total"], abs=TOLERANCE)
    for text in case["output"].get("defaults_used", []):
        assert any(text in used for used in result.defaults_used), (
            f"no default mentioning {text!r} in {list(result.defaults_used)}"
        )
