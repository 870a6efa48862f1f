"""In-transit clauses: the clauses open on a date, their effect on a line, and the declaration's doors.

Expected values are worked from the heading texts (see tests/cases/in_transit.yaml for the
citations): 9903.01.28 (loaded before 2025-04-05; CBP window to 2025-06-15), 9903.01.53's
exception (loaded before 2025-04-09 -> 9903.01.25), 9903.02.72/.73's exception (loaded before
2025-08-07, entered before 2025-10-05 -> 9903.01.25), 9903.03.02 (loaded before 2026-02-24,
entered before 2026-02-28), 9903.05.85 (loaded before 2026-07-24, entered before 2026-07-28).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from goldenage.cli.app import main
from goldenage.errors import InputError
from goldenage.tariffs.batch import run_batch
from goldenage.tariffs.calc import duty
from goldenage.tariffs.declarations import Declarations
from goldenage.tariffs.in_transit import all_clauses, clauses_in_force, line_clauses
from goldenage.tariffs.kernel.compiled import CompiledLaw, engine_amounts
from goldenage.tariffs.kernel.frame import EntryFrame
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.law import law_for

D = dt.date


def test_every_clause_of_the_actual_law() -> None:
    found = [
        (c.authority, c.heading, c.treatment, c.rate, c.loaded_before, c.first_entry, c.last_entry)
        for c in all_clauses(law_for("actual"))
    ]
    assert found == [
        ("ieepa_reciprocal", "9903.01.28", "exempt", None, D(2025, 4, 5), D(2025, 4, 5), D(2025, 6, 15)),
        (
            "ieepa_reciprocal",
            "9903.01.25",
            "earlier rate",
            0.10,
            D(2025, 4, 9),
            D(2025, 4, 9),
            D(2025, 6, 15),
        ),
        (
            "ieepa_reciprocal",
            "9903.01.25",
            "earlier rate",
            0.10,
            D(2025, 8, 7),
            D(2025, 8, 7),
            D(2025, 10, 4),
        ),
        ("s122", "9903.03.02", "exempt", None, D(2026, 2, 24), D(2026, 2, 24), D(2026, 2, 27)),
        ("s301", "9903.05.85", "exempt", None, D(2026, 7, 24), D(2026, 7, 24), D(2026, 7, 27)),
    ]
    assert all(c.citation.document for c in all_clauses(law_for("actual")))


@pytest.mark.parametrize(
    ("day", "headings"),
    [
        ("2025-04-04", []),
        ("2025-04-05", ["9903.01.28"]),
        ("2025-04-09", ["9903.01.28", "9903.01.25"]),
        ("2025-06-15", ["9903.01.28", "9903.01.25"]),
        ("2025-06-16", []),
        ("2025-10-04", ["9903.01.25"]),
        ("2025-10-05", []),
        ("2026-02-27", ["9903.03.02"]),
        ("2026-02-28", []),
        ("2026-07-27", ["9903.05.85"]),
        ("2026-07-28", []),
    ],
)
def test_clauses_open_on_a_date(day: str, headings: list[str]) -> None:
    assert [c.heading for c in clauses_in_force(day)] == headings


def test_what_a_clause_does_to_a_line() -> None:
    # Over-quota beef 0201.30.80.90 (column 1 26.4%), $50,000, 2025-08-20: 9903.02.72 adds nothing
    # (26.4% >= 15%) = 13,200.00; loaded before 2025-08-07 it stays under 9903.01.25 (+10%):
    # 13,200.00 + 5,000.00 = 18,200.00.
    (beef,) = line_clauses("0201.30.80.90", "2025-08-20", 50_000)
    assert beef.applies
    assert (beef.duty_total, beef.duty_total_in_transit) == (13_200.0, 18_200.0)
    # A laptop (8471.30.01.00) is on Annex II: no clause changes its duty on 2025-04-09.
    assert [c.applies for c in line_clauses("8471.30.01.00", "2025-04-09", 50_000)] == [False, False]
    # Medical instruments (Free) on 2025-04-09, $50,000: 24% = 12,000.00; loaded before
    # 2025-04-05: 9903.01.28, 0.00; loaded 2025-04-05..08: 9903.01.25 10% = 5,000.00.
    found = {
        c.clause.heading: c.duty_total_in_transit for c in line_clauses("9018.90.80.00", "2025-04-09", 50_000)
    }
    assert found == {"9903.01.28": 0.0, "9903.01.25": 5_000.0}


def test_a_loading_date_after_the_entry_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match="--loaded-on: 2025-08-09 is after the entry date"):
        duty("9018.90.80.00", "JP", "2025-08-07", 1_000, declarations=Declarations(loaded_on="2025-08-09"))
    with pytest.raises(SystemExit) as caught:
        main(["tariff", "duty", "--hts", "9018.90.80.00", "--date", "2025-08-07", "--value", "1000",
              "--loaded-on", "2025-8-1"])  # fmt: skip
    assert caught.value.code == 2
    assert "--loaded-on" in capsys.readouterr().err


def test_an_undeclared_loading_date_is_reported_where_a_clause_could_apply() -> None:
    result = duty("9018.90.80.00", "JP", "2025-08-07", 1_000)
    assert any("--loaded-on" in d and "2025-08-07" in d and "2025-10-04" in d for d in result.defaults_used)
    later = duty("9018.90.80.00", "JP", "2025-10-05", 1_000)
    assert not any("--loaded-on" in d for d in later.defaults_used)


def test_a_batch_with_loading_dates_equals_the_single_line_engine(tmp_path: Path) -> None:
    rows = [
        ("9018.90.80.00", "2025-04-05", "2025-04-04", 0.0),  # 9903.01.28
        ("9018.90.80.00", "2025-04-05", "2025-04-05", 10_000.0),  # 9903.01.25 10%
        ("9018.90.80.00", "2025-08-07", "2025-08-06", 10_000.0),  # 9903.01.25 instead of 15%
        ("9018.90.80.00", "2025-08-07", "", 15_000.0),  # not declared: 9903.02.73
        ("9018.90.80.00", "2026-02-27", "2026-02-23", 0.0),  # 9903.03.02
        ("9018.90.80.00", "2026-07-28", "2026-07-23", 12_500.0),  # window ended: 9903.05.49
        ("9018.90.80.00", "2025-08-07", "2025-08-09", None),  # loaded after the entry: refused
    ]
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    pl.DataFrame(
        {
            "hts10": [r[0] for r in rows],
            "origin": ["JP"] * len(rows),
            "entry_date": [r[1] for r in rows],
            "customs_value": ["100000"] * len(rows),
            "loaded_on": [r[2] for r in rows],
        }
    ).write_csv(source)
    run_batch(source, target)
    out = pl.read_csv(target, infer_schema=False)
    assert [None if v is None else float(v) for v in out["duty_total"]] == [r[3] for r in rows]
    assert out["error"][-1] == "loaded_on: expected a date on or before the entry date"


def test_the_compiled_law_keys_loading_dates_by_cutoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading dates between the same cut-offs share a key; the amounts equal the rules'."""
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for("actual")
    loaded = ["2025-07-01", "2025-08-05", "2025-08-06", "2025-08-07", "2025-08-10", "NaT"]
    frame = EntryFrame.of(
        code=["9018908000"] * len(loaded),
        day=["2025-08-20"] * len(loaded),
        value=[100_000.0] * len(loaded),
        loaded_on=np.array(loaded, dtype="datetime64[D]"),
    )
    compiled = CompiledLaw(law)
    _, _, _, keys = compiled._row_keys(frame)  # noqa: SLF001 - the key is the contract
    assert keys[0] == keys[1] == keys[2]  # all before 2025-08-07
    assert keys[3] == keys[4] != keys[2]  # on or after 2025-08-07 (and before no later cut-off)
    assert keys[5] != keys[3]  # not declared
    got = compiled.amounts(frame)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    assert got.total.tolist() == expected.total.tolist() == [10_000.0] * 3 + [15_000.0] * 3


def test_goods_entered_by_air_or_land_get_no_in_transit_clause() -> None:
    # Every clause covers goods "loaded onto a vessel at the port of loading and in transit on the
    # final mode of transit"; a vessel "does not include aircraft" (19 U.S.C. 1401(a)), and CBP's
    # IEEPA FAQ (2025-04-30) limits the in-transit provisions to the vessel mode, not air, rail or
    # truck. Medical instruments 9018.90.80.00 (Free), $10,000, loaded 2025-04-01:
    loaded = Declarations(loaded_on="2025-04-01")
    april = {
        mode: duty(
            "9018.90.80.00", "JP", "2025-04-20", 10_000, transport=mode, declarations=loaded, effects=True
        )
        for mode in ("ocean", "air", "land")
    }
    # entered 2025-04-20 by vessel: 9903.01.28, no reciprocal duty; by air or land: 9903.01.25 +10%.
    assert {mode: r.duty_total for mode, r in april.items()} == {
        "ocean": 0.0,
        "air": 1_000.0,
        "land": 1_000.0,
    }
    assert any("vessel only" in note for note in april["air"].notes)
    assert not any("vessel only" in note for note in april["ocean"].notes)
    # Entered 2025-08-20, loaded 2025-08-01: by vessel the exception of 9903.02.73 keeps 9903.01.25
    # (+10% = 1,000.00); by air 9903.02.73, 15% inclusive of the Free column 1 = 1,500.00.
    august = Declarations(loaded_on="2025-08-01")
    assert duty("9018.90.80.00", "JP", "2025-08-20", 10_000, declarations=august).duty_total == 1_000.0
    by_air = duty("9018.90.80.00", "JP", "2025-08-20", 10_000, transport="air", declarations=august)
    assert by_air.duty_total == 1_500.0
    # Section 122 (9903.03.02): loaded 2026-02-20, entered 2026-02-25: by vessel no surcharge; by
    # air the 10% surcharge (Proclamation 11012) = 1,000.00.
    feb = Declarations(loaded_on="2026-02-20")
    assert duty("9018.90.80.00", "JP", "2026-02-25", 10_000, declarations=feb).duty_total == 0.0
    assert (
        duty("9018.90.80.00", "JP", "2026-02-25", 10_000, transport="air", declarations=feb).duty_total
        == 1_000.0
    )
    # No clause changes the duty of an air shipment; the loading date is not offered as a change.
    assert [c.applies for c in line_clauses("9018.90.80.00", "2025-04-20", 10_000, transport="air")] == [
        False
    ] * 2
    assert all(c.clause.vessel_only for c in line_clauses("9018.90.80.00", "2025-04-20", 10_000))
    assert "loaded_on" not in [d.name for d in april["air"].declarations_that_change_this or ()]
    assert "loaded_on" in [d.name for d in april["ocean"].declarations_that_change_this or ()]


def test_the_compiled_law_keys_the_mode_of_rows_with_a_loading_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    law = law_for("actual")
    transport = ["ocean", "air", "land", "ocean", "air"]
    loaded = ["2025-04-01", "2025-04-01", "2025-04-01", "NaT", "NaT"]
    frame = EntryFrame.of(
        code=["9018908000"] * 5,
        day=["2025-04-20"] * 5,
        value=[100_000.0] * 5,
        transport=transport,
        loaded_on=np.array(loaded, dtype="datetime64[D]"),
    )
    compiled = CompiledLaw(law)
    _, _, _, keys = compiled._row_keys(frame)  # noqa: SLF001 - the key is the contract
    assert keys[0] != keys[1] != keys[2]
    assert keys[3] == keys[4]  # without a loading date the mode changes no duty (fees apart)
    got = compiled.amounts(frame)
    expected = engine_amounts(frame.take(np.arange(len(frame))), law)
    # by vessel 9903.01.28 (0); by air or land, or without a loading date, +10% = 10,000.00.
    assert got.total.tolist() == expected.total.tolist() == [0.0] + [10_000.0] * 4
