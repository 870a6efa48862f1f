"""The import-weighted effective tariff rate (ETR) of goods of Japan, per day.

Fixture weights: a passenger car 8703.23.01.90 ($3,000,000) and an industrial robot
8479.50.00.00 ($1,000,000), both column 1 General 2.5% (HTSUS 2025 Basic Edition). From
docs/law.md: the car pays 2.5% before 2025-04-03, 2.5% + 25% (9903.94.01) from 2025-04-03
and 15% inclusive (9903.94.40/.41) from 2025-09-16; the robot pays 2.5%, then + 10% IEEPA
(9903.01.25) from 2025-04-05, + 24% (9903.01.53) on 2025-04-09 only, 15% inclusive
(9903.02.73) from 2025-08-07, 2.5% + 10% Section 122 (9903.03.01) from 2026-02-24 and 12.5%
inclusive Section 301 (9903.05.49) from 2026-07-24. Each ETR below is worked by hand as
(car duty + robot duty) / $4,000,000.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pytest

from goldenage.cli.etr import etr_command
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty
from goldenage.tariffs.etr import EtrSeries, etr_series
from goldenage.tariffs.kernel.context import period_starts
from goldenage.tariffs.kernel.engine import AUTHORITIES, MODULES
from goldenage.tariffs.law import law_for
from goldenage.tariffs.weights import load_weights

CAR, ROBOT = "8703230190", "8479500000"
CAR_USD, ROBOT_USD = 3_000_000, 1_000_000
TOTAL = CAR_USD + ROBOT_USD
# 2204.21.50.40 wine: 6.3 cents/liter, a specific rate: the engine needs a quantity.
WINE, WINE_USD = "2204215040", 1_000_000
START, END = "2025-01-01", "2026-11-25"
D = dt.date.fromisoformat


def _weights_file(directory: Path, name: str, rows: list[tuple[str, int]]) -> Path:
    path = directory / name
    path.write_text("hts10,value_usd\n" + "".join(f"{code},{value}\n" for code, value in rows))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("etr_weights")
    return {
        "pair": _weights_file(directory, "pair.csv", [(CAR, CAR_USD), (ROBOT, ROBOT_USD)]),
        "wine": _weights_file(directory, "wine.csv", [(CAR, CAR_USD), (ROBOT, ROBOT_USD), (WINE, WINE_USD)]),
        "unknown": _weights_file(
            directory, "unknown.csv", [(CAR, CAR_USD), (ROBOT, ROBOT_USD), ("9999000000", TOTAL)]
        ),
    }


@pytest.fixture(scope="module")
def pair(files: dict[str, Path]) -> EtrSeries:
    return etr_series(START, END, weights=load_weights(files["pair"]))


def _split(**rates: float) -> dict[str, float]:
    return {name: rates.get(name, 0.0) for name in AUTHORITIES}


# (day, ETR, by authority), worked by hand: duty of the car + duty of the robot, / 4,000,000.
HAND_WORKED = [
    # 2.5% x 4,000,000 = 100,000.
    ("2025-01-01", 0.025, _split(mfn=0.025)),
    ("2025-03-01", 0.025, _split(mfn=0.025)),
    # Car + 25% (9903.94.01): 75,000 + 750,000; robot 25,000: 850,000 = 21.25%.
    ("2025-04-03", 0.2125, _split(mfn=0.025, s232_autos=0.1875)),
    # Robot + 10% IEEPA: 850,000 + 100,000 = 950,000 = 23.75%.
    ("2025-04-05", 0.2375, _split(mfn=0.025, s232_autos=0.1875, ieepa_reciprocal=0.025)),
    # 2025-04-09 only: robot + 24% (9903.01.53): 850,000 + 240,000 = 27.25%.
    ("2025-04-09", 0.2725, _split(mfn=0.025, s232_autos=0.1875, ieepa_reciprocal=0.06)),
    ("2025-04-10", 0.2375, _split(mfn=0.025, s232_autos=0.1875, ieepa_reciprocal=0.025)),
    ("2025-07-17", 0.2375, _split(mfn=0.025, s232_autos=0.1875, ieepa_reciprocal=0.025)),
    # Robot 15% inclusive: top-up (15% - 2.5%) x 1,000,000 = 125,000: 975,000 = 24.375%.
    ("2025-08-07", 0.24375, _split(mfn=0.025, s232_autos=0.1875, ieepa_reciprocal=0.03125)),
    # Car 15% inclusive: top-up 12.5% x 3,000,000 = 375,000; total 600,000 = 15%.
    ("2025-09-16", 0.15, _split(mfn=0.025, s232_autos=0.09375, ieepa_reciprocal=0.03125)),
    ("2026-02-23", 0.15, _split(mfn=0.025, s232_autos=0.09375, ieepa_reciprocal=0.03125)),
    # Robot 2.5% + 10% Section 122: 100,000 + 375,000 + 100,000 = 575,000 = 14.375%.
    ("2026-02-24", 0.14375, _split(mfn=0.025, s232_autos=0.09375, s122=0.025)),
    # Robot 12.5% inclusive Section 301: top-up 10% x 1,000,000, same total.
    ("2026-07-24", 0.14375, _split(mfn=0.025, s232_autos=0.09375, s301=0.025)),
    ("2026-11-25", 0.14375, _split(mfn=0.025, s232_autos=0.09375, s301=0.025)),
]


@pytest.mark.parametrize(("day", "etr", "split"), HAND_WORKED)
def test_weighted_rate_and_split_match_the_hand_worked_values(
    pair: EtrSeries, day: str, etr: float, split: dict[str, float]
) -> None:
    point = pair.at(day)
    assert point.etr == pytest.approx(etr, abs=1e-12)
    assert point.by_authority == pytest.approx(split, abs=1e-12)
    assert point.coverage == 1.0


def test_the_parts_add_up_to_the_rate_every_day(pair: EtrSeries) -> None:
    total = sum(rates for rates in pair.by_authority.values())
    assert np.allclose(total, pair.etr, rtol=0, atol=1e-12)
    assert list(pair.by_authority) == ["mfn", *MODULES]


def test_change_points_are_the_days_the_rate_changes(pair: EtrSeries) -> None:
    days = [p.date for p in pair.change_points()]
    # 2026-07-24 (Section 122 -> Section 301) changes the split, not the rate: 2.5% + 10%
    # and 12.5% inclusive are the same 12.5% on the robot.
    assert days == [
        D("2025-01-01"),
        D("2025-04-03"),
        D("2025-04-05"),
        D("2025-04-09"),
        D("2025-04-10"),
        D("2025-08-07"),
        D("2025-09-16"),
        D("2026-02-24"),
    ]


def test_change_points_compare_with_the_last_point_kept(pair: EtrSeries) -> None:
    # Tolerance 3 percentage points: 23.75% (04-05) is within 3 points of 21.25% (04-03), so
    # it is no new point; 27.25% (04-09) is 6 points above 21.25%.
    days = [p.date for p in pair.change_points(tolerance=0.03)]
    assert days == [D("2025-01-01"), D("2025-04-03"), D("2025-04-09"), D("2025-04-10"), D("2025-09-16")]


def test_one_evaluation_per_period_in_one_frame(pair: EtrSeries) -> None:
    starts = set(period_starts(law_for(None)).tolist())
    assert pair.evaluated[0] == D(START)
    assert set(pair.evaluated) <= starts | {D(START)}
    assert set(pair.evaluated) == {d for d in starts if D(START) <= d <= D(END)}
    assert pair.rows == 2 * len(pair.evaluated)
    assert len(pair) == (D(END) - D(START)).days + 1


@pytest.mark.parametrize("scenario", ["actual", "no_deal", "pre_2025", "ieepa_upheld"])
@pytest.mark.parametrize("day", ["2025-04-09", "2025-08-20", "2025-10-01", "2026-03-01", "2026-08-01"])
def test_the_rate_is_what_the_single_line_engine_charges(
    files: dict[str, Path], scenario: str, day: str
) -> None:
    series = etr_series(day, day, scenario=scenario, weights=files["pair"])
    car = duty(CAR, "JP", day, CAR_USD, scenario=scenario)
    robot = duty(ROBOT, "JP", day, ROBOT_USD, scenario=scenario)
    point = series.at(day)
    assert series.scenario == scenario
    assert point.etr == pytest.approx((car.duty_total + robot.duty_total) / TOTAL, abs=1e-12)
    for name in AUTHORITIES:
        charged = sum(d.amount for r in (car, robot) for d in r.duties if d.authority == name)
        assert point.by_authority[name] == pytest.approx(charged / TOTAL, abs=1e-12)


def test_pre_2025_is_column_1_only(files: dict[str, Path]) -> None:
    series = etr_series(START, END, scenario="pre_2025", weights=files["pair"])
    assert np.allclose(series.etr, 0.025)
    assert [p.date for p in series.change_points()] == [D(START)]


def test_lines_needing_a_quantity_lower_the_coverage_not_the_rate(
    files: dict[str, Path], pair: EtrSeries
) -> None:
    with_wine = etr_series(START, END, weights=files["wine"])
    # The wine's $1,000,000 is left out of duty and value: 4 / 5 of the weight is computed.
    assert np.allclose(with_wine.coverage, 0.8)
    assert np.allclose(with_wine.weight_usd, TOTAL + WINE_USD)
    assert np.allclose(with_wine.computed_usd, TOTAL)
    assert np.array_equal(with_wine.etr, pair.etr)
    for name in AUTHORITIES:
        assert np.array_equal(with_wine.by_authority[name], pair.by_authority[name])


def test_a_code_that_is_no_line_in_force_lowers_the_coverage(files: dict[str, Path]) -> None:
    series = etr_series("2025-10-01", "2025-10-02", weights=files["unknown"])
    assert series.at("2025-10-01").coverage == pytest.approx(0.5)
    assert series.at("2025-10-01").etr == pytest.approx(0.15)


def test_dated_weights_split_the_periods_and_empty_days_have_no_rate(tmp_path: Path) -> None:
    path = tmp_path / "dated.csv"
    path.write_text(f"hts10,value_usd,valid_from,valid_to\n{ROBOT},100,2025-06-10,2025-06-19\n")
    series = etr_series("2025-06-01", "2025-06-30", weights=path)
    assert D("2025-06-10") in series.evaluated
    assert D("2025-06-20") in series.evaluated
    # Robot on 2025-06-10...19: 2.5% + 10% IEEPA; no weight in force on the other days.
    assert series.at("2025-06-15").etr == pytest.approx(0.125)
    empty = series.at("2025-06-09")
    assert (empty.etr, empty.coverage) == (None, None)
    assert set(empty.by_authority.values()) == {None}
    assert [p.date for p in series.change_points()] == [D("2025-06-01"), D("2025-06-10"), D("2025-06-20")]
    json.dumps(series.to_json(), allow_nan=False)


def test_json_has_exactly_the_documented_keys(pair: EtrSeries) -> None:
    payload = json.loads(json.dumps(pair.to_json(), allow_nan=False))
    assert set(payload) == {"origin", "scenario", "weights_source", "series"}
    assert payload["origin"] == "JP"
    assert payload["scenario"] == "actual"
    assert "pair.csv" in payload["weights_source"]
    assert len(payload["series"]) == len(pair)
    for point in payload["series"]:
        assert set(point) == {"date", "etr", "by_authority", "coverage"}
        assert set(point["by_authority"]) == set(AUTHORITIES)
    first = payload["series"][0]
    assert first == {"date": START, "etr": 0.025, "by_authority": _split(mfn=0.025), "coverage": 1.0}


def test_rows_for_csv(pair: EtrSeries) -> None:
    rows = pair.to_rows()
    assert len(rows) == len(pair)
    assert all(tuple(row) == pair.columns for row in rows)
    assert pair.columns[:3] == ("date", "etr", "coverage")
    assert rows[-1]["date"] == END
    assert rows[-1]["s301"] == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("start", "end", "scenario", "field"),
    [
        ("2025-02-01", "2025-01-31", None, "--to"),
        ("2025-13-01", "2025-12-31", None, "--from"),
        ("2025-01-01", "tomorrow", None, "--to"),
        ("2024-12-31", "2025-01-31", None, "--from"),
        ("2025-01-01", "2027-01-01", None, "--to"),
        ("2025-01-01", "2025-01-31", "utopia", "--scenario"),
    ],
)
def test_bad_input_is_an_input_error(
    files: dict[str, Path], start: str, end: str, scenario: str | None, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        etr_series(start, end, scenario=scenario, weights=files["pair"])
    assert caught.value.field == field


def test_default_weights_on_one_day() -> None:
    series = etr_series("2025-10-17", "2025-10-17")
    point = series.at("2025-10-17")
    assert series.weights_source.startswith("U.S. Census Bureau")
    assert 0.98 < point.coverage < 1.0
    assert 0.10 < point.etr < 0.20
    assert series.computed_usd[0] == pytest.approx(point.coverage * series.weight_usd[0])


# --- the command function (registered by the lead as `goldenage tariff etr`) ------------


def test_command_json(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    etr_command(start="2025-09-15", end="2025-09-16", weights=str(files["pair"]), as_json=True)
    payload = json.loads(capsys.readouterr().out)
    assert [p["etr"] for p in payload["series"]] == pytest.approx([0.24375, 0.15])


def test_command_csv_prints_one_row_per_day(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    etr_command(start="2025-04-01", end="2025-04-10", weights=str(files["pair"]), as_csv=True)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["date"] for r in rows] == [f"2025-04-{d:02d}" for d in range(1, 11)]
    assert float(rows[8]["etr"]) == pytest.approx(0.2725)
    assert float(rows[8]["ieepa_reciprocal"]) == pytest.approx(0.06)


def test_command_table_shows_the_change_points(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    etr_command(start="2025-03-01", end="2025-05-01", weights=str(files["pair"]))
    out = capsys.readouterr().out
    for day in ("2025-03-01", "2025-04-03", "2025-04-05", "2025-04-09", "2025-04-10"):
        assert day in out
    assert "2025-04-04" in out  # the day before a change ends the row above it
    assert "21.25%" in out
    assert "Section 232 — autos and parts 18.75%" in out
    assert "2025-04-20" not in out


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"origin": "US"}, "--origin"),
        ({"origin": "Japan"}, "--origin"),
        ({"start": "2025-1-1"}, "--from"),
        ({"as_json": True, "as_csv": True}, "--csv"),
        ({"weights": "/nonexistent/weights.csv"}, "/nonexistent/weights.csv"),
    ],
)
def test_command_bad_input(arguments: dict, field: str) -> None:
    with pytest.raises(InputError) as caught:
        etr_command(**{"end": "2025-01-31", **arguments})
    assert caught.value.field == field
