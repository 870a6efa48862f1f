"""Scenarios are parameter overlays: each one changes exactly the parameters it names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from goldenage.errors import DataFileError, InputError
from goldenage.params import parameters
from goldenage.params.errors import ParameterFileError
from goldenage.tariffs import scenarios as scenario_module
from goldenage.tariffs.law import law_for
from goldenage.tariffs.scenarios import _load, get_scenario, scenarios

REQUIRED = {"actual", "no_deal", "liberation_day", "pre_2025", "ieepa_upheld"}


def test_the_five_scenarios_ship_with_descriptions_and_citations() -> None:
    known = scenarios()
    assert REQUIRED <= set(known)
    assert next(iter(known)) == "actual"
    for scenario in known.values():
        assert len(scenario.description) > 40
        assert scenario.references, scenario.name


def test_actual_overrides_nothing() -> None:
    assert scenarios()["actual"].overrides == {}


def test_pre_2025_switches_off_every_chapter_99_parameter() -> None:
    law = law_for("pre_2025")
    ch99 = [p.id for p in parameters() if p.id.split(".")[1] in {"ieepa", "s232", "s122", "s201", "s301"}]
    assert ch99
    for day in (
        dt.date(2025, 4, 5),
        dt.date(2025, 10, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 8, 15),
    ):
        assert all(law.value(pid, day) is None for pid in ch99)
    # fees are not Chapter 99 duties: still in force
    assert law.value("us.cbp.hmf.rate", dt.date(2025, 10, 1)) == 0.00125


def test_liberation_day_keeps_24_percent_until_the_japan_rate() -> None:
    # EO 14257 Annex I: Japan 24% (9903.01.53) from 2025-04-09; EO 14266 paused it on 04-10.
    actual, scenario = law_for("actual"), law_for("liberation_day")
    rate = "us.ieepa.reciprocal.jp_additional_rate"
    assert actual.value(rate, dt.date(2025, 4, 20)) == 0.10
    assert scenario.value(rate, dt.date(2025, 4, 20)) == 0.24
    assert scenario.value(rate, dt.date(2025, 8, 6)) == 0.24
    assert scenario.value(rate, dt.date(2025, 8, 7)) is None
    assert scenario.value("us.ieepa.reciprocal.jp_floor_rate", dt.date(2025, 8, 7)) == 0.15


def test_no_deal_and_ieepa_upheld() -> None:
    no_deal = law_for("no_deal")
    assert no_deal.value("us.ieepa.reciprocal.jp_additional_rate", dt.date(2025, 9, 1)) == 0.25
    assert no_deal.value("us.ieepa.reciprocal.jp_floor_rate", dt.date(2025, 9, 1)) is None
    assert no_deal.value("us.s232.autos.jp_floor_rate", dt.date(2025, 10, 1)) is None
    assert no_deal.value("us.s232.autos.vehicles_rate", dt.date(2025, 10, 1)) == 0.25
    upheld = law_for("ieepa_upheld")
    assert upheld.value("us.ieepa.reciprocal.jp_floor_rate", dt.date(2026, 8, 1)) == 0.15
    assert upheld.value("us.s122.rate", dt.date(2026, 3, 1)) is None
    assert upheld.value("us.s301.jp_floor_rate", dt.date(2026, 8, 1)) is None
    assert law_for("actual").value("us.ieepa.reciprocal.jp_floor_rate", dt.date(2026, 2, 24)) is None


def test_unknown_scenario_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--scenario: unknown scenario 'nope'.*actual"):
        get_scenario("nope")


def test_bad_overlay_files_fail_loudly(tmp_path: Path) -> None:
    unknown = tmp_path / "typo.yaml"
    unknown.write_text(
        "description: a scenario whose override names no parameter\n"
        "overrides:\n  us.nope.*: {2025-01-01: {value: null, reference: {title: x y z, document: d}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="matches no parameter"):
        _load(unknown)
    wrong_type = tmp_path / "wrong.yaml"
    wrong_type.write_text(
        "description: a scenario with a value of the wrong type\n"
        "overrides:\n  us.s122.rate: {2026-02-24: {value: ten, reference: {title: x y z, document: d}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterFileError, match="expected a number"):
        _load(wrong_type)
    uncited = tmp_path / "uncited.yaml"
    uncited.write_text(
        "description: a scenario value without its citation\n"
        "overrides:\n  us.s122.rate: {2026-02-24: {value: 0.15}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterFileError, match="missing citation"):
        _load(uncited)
    assert scenario_module.DEFAULT_SCENARIO == "actual"
