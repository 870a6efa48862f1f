"""Declarations that change the answer: each with the duty under its values, worked from the law."""

from __future__ import annotations

import json

import pytest

from goldenage.cli.app import main
from goldenage.tariffs.calc import declarations_that_change_this, duty
from goldenage.tariffs.declarations import Declarations


def _effects(*args: object, **kwargs: object) -> dict[str, list[tuple[str, float | None]]]:
    found = declarations_that_change_this(*args, **kwargs)  # type: ignore[arg-type]
    return {e.name: [(a.value, a.duty_total) for a in e.alternatives] for e in found}


def test_turbine_parts_pay_0_or_10_percent_under_section_122_by_civil_aircraft_use() -> None:
    # 8411.91.90.85 (parts of turbojets), 2026-03-02, $10,000: column 1 Free; Section 122 +10%
    # (9903.03.01) = 1,000.00; declared for civil aircraft (note 2(aa)(iv), 9903.03.05): 0.00.
    # Certified as an automobile part outside the listed provisions (note 33(p)/(r)): Japan's 15%
    # inclusive rate 9903.94.55 = 1,500.00, and no Section 122 (9903.03.06).
    found = _effects("8411.91.90.85", "JP", "2026-03-02", 10_000)
    assert found == {"civil_aircraft": [("true", 0.0)], "certified_auto_part": [("true", 1_500.0)]}
    effect = declarations_that_change_this("8411.91.90.85", "JP", "2026-03-02", 10_000)[0]
    assert effect.option == "--civil-aircraft"
    assert effect.duty_total == 1_000.0
    assert effect.current is None


def test_a_declared_value_is_shown_with_the_default_as_an_alternative() -> None:
    # Declared for civil aircraft: 0.00; without the declaration: 1,000.00 (see above).
    found = declarations_that_change_this(
        "8411.91.90.85", "JP", "2026-03-02", 10_000, declarations=Declarations(civil_aircraft=True)
    )
    civil = next(e for e in found if e.name == "civil_aircraft")
    assert civil.current == "true"
    assert civil.duty_total == 0.0
    assert [(a.value, a.shown, a.duty_total) for a in civil.alternatives] == [("", "not declared", 1_000.0)]


def test_metal_content_and_loading_date() -> None:
    # Copper wire 7408.11.60.00, 2025-10-01, $100,000 (column 1 3% = 3,000.00): with no copper
    # content, 9903.02.73 (15% - 3%) x 100,000 = 12,000.00 -> 15,000.00; all copper: 9903.78.01
    # 50% x 100,000 = 50,000.00 and no reciprocal duty -> 53,000.00.
    assert _effects("7408.11.60.00", "JP", "2025-10-01", 100_000)["metal_value"] == [
        ("0.00", 15_000.0),
        ("100000.00", 53_000.0),
    ]
    # Medical instruments (Free), 2025-08-20, $10,000: 9903.02.73 15% = 1,500.00; loaded before
    # 2025-08-07 (the day before: 2025-08-06): 9903.01.25 10% = 1,000.00; loaded on the entry day: 1,500.00.
    assert _effects("9018.90.80.00", "JP", "2025-08-20", 10_000) == {
        "loaded_on": [("2025-08-06", 1_000.0), ("2025-08-20", 1_500.0)]
    }


def test_nothing_is_listed_when_no_declaration_changes_the_answer() -> None:
    # Over-quota beef on 2025-12-01: Annex II (9903.01.32), column 1 26.4% only.
    assert declarations_that_change_this("0201.30.80.90", "JP", "2025-12-01", 50_000) == []


def test_the_json_and_the_table_show_them(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(
            ["tariff", "duty", "--hts", "8411.91.90.85", "--date", "2026-03-02", "--value", "10000", "--json"]
        )
    payload = json.loads(capsys.readouterr().out)
    names = [e["name"] for e in payload["declarations_that_change_this"]]
    assert names == ["civil_aircraft", "certified_auto_part"]
    assert payload["declarations_that_change_this"][0]["alternatives"][0]["duty_total"] == 0.0
    with pytest.raises(SystemExit):
        main(["tariff", "duty", "--hts", "8411.91.90.85", "--date", "2026-03-02", "--value", "10000"])
    table = capsys.readouterr().out
    assert "Declarations that change this" in table
    assert "--civil-aircraft" in table
    # A plain duty() call (timelines, batches of single lines) does not compute them.
    assert duty("8411.91.90.85", "JP", "2026-03-02", 10_000).declarations_that_change_this is None
    assert "declarations_that_change_this" not in duty("8411.91.90.85", "JP", "2026-03-02", 10_000).to_json()
