"""Section 232 scope lists built by scripts/scopes/build_s232.py.

Every membership asserted here was read by hand in the legal text cited beside it: HTSUS 2026
Revision 6, Chapter 99, subchapter III, U.S. notes 16, 19, 33, 37, 38, 39 (``rev6``), or, for
lists whose note is not in Revision 6, the source named in the comment.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools

import pytest

from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir
from goldenage.tariffs.scopes import scope

D = dt.date.fromisoformat

S232_LISTS = (
    "s232_vehicles",
    "s232_auto_parts",
    "s232_mhd_vehicles",
    "s232_buses",
    "s232_mhd_parts",
    "s232_semiconductors",
    "s232_lumber",
    "s232_wood_products",
    "s232_steel_articles",
    "s232_aluminum_articles",
    "s232_steel_derivatives",
    "s232_aluminum_derivatives",
    "s232_copper",
    "s232_metals_50",
    "s232_metals_25",
    "s232_metals_floor15",
    "s232_mobile_equipment",
)
OLD_REGIME = (
    "s232_steel_articles",
    "s232_aluminum_articles",
    "s232_steel_derivatives",
    "s232_aluminum_derivatives",
    "s232_copper",
)
ANNEX_REGIME = ("s232_metals_50", "s232_metals_25", "s232_metals_floor15", "s232_mobile_equipment")


def inside(list_id: str, code: str, on: str) -> bool:
    return scope(list_id).contains(code, D(on))


@pytest.mark.parametrize("list_id", S232_LISTS)
def test_every_list_loads_with_its_provenance(list_id: str) -> None:
    s = scope(list_id)
    assert s.entries
    assert s.metadata.built_by == "scripts/scopes/build_s232.py"
    assert any(src.commit for src in s.metadata.sources)
    # Aluminum articles were covered by the 2018 action (+10%, 9903.85.01) on 2025-01-01;
    # every other Section 232 list starts with the 2025 actions.
    first = D("2025-01-01") if list_id == "s232_aluminum_articles" else D("2025-03-12")
    assert all(e.start >= first for e in s.entries)


@pytest.mark.parametrize("list_id", OLD_REGIME)
def test_old_metals_regime_rows_all_end_on_2026_04_05(list_id: str) -> None:
    assert {e.end for e in scope(list_id).entries} == {D("2026-04-05")}


@pytest.mark.parametrize("list_id", ["s232_steel_derivatives", "s232_aluminum_derivatives"])
def test_derivative_rows_carry_their_chapter_99_heading(list_id: str) -> None:
    assert all(e.note.startswith("9903.8") for e in scope(list_id).entries)


def test_vehicles_note_33b() -> None:
    # rev6 note 33(b) lists 8703.23.01 and 8704.21.01; heading 9903.94.01 applies to entries on
    # or after April 3, 2025 (its text since 2025 Rev 6).
    assert inside("s232_vehicles", "8703230190", "2025-04-03")
    assert not inside("s232_vehicles", "8703230190", "2025-04-02")
    assert inside("s232_vehicles", "8704210110", "2026-08-15")
    # 8703.10 (snow vehicles, golf carts) and 8704.22 (GVW > 5 t) are not in 33(b).
    assert not inside("s232_vehicles", "8703101000", "2025-10-01")
    assert not inside("s232_vehicles", "8704221120", "2025-10-01")


def test_auto_parts_note_33g() -> None:
    # rev6 note 33(g) lists 4011.10.10, 8708.40.11 and the whole heading 8471; for 8708.99 only
    # 8708.99.53/.55/.58/.68, so 8708.99.81 is not an automobile part under 9903.94.05.
    assert inside("s232_auto_parts", "4011101050", "2025-05-03")
    assert not inside("s232_auto_parts", "4011101050", "2025-05-02")
    assert inside("s232_auto_parts", "8708401110", "2025-05-03")
    assert inside("s232_auto_parts", "8471300100", "2026-01-01")
    assert not inside("s232_auto_parts", "8708998180", "2025-10-01")
    # 33(g) lists 8482.10.5044 and .5048 only among the 8482.10.50 statistical lines.
    assert inside("s232_auto_parts", "8482105048", "2025-10-01")
    assert not inside("s232_auto_parts", "8482105068", "2025-10-01")


def test_medium_and_heavy_duty_vehicles_buses_and_parts_note_38() -> None:
    # rev6 note 38(b): 8701.21.00, 8704.22.11; (c): 8702.10.31; (i): 8708.99.4850 (only that
    # statistical line of 8708.99.48). Proclamation 10984: entries from November 1, 2025.
    assert inside("s232_mhd_vehicles", "8701210000", "2025-11-01")
    assert not inside("s232_mhd_vehicles", "8701210000", "2025-10-31")
    assert inside("s232_mhd_vehicles", "8704221120", "2025-11-01")
    assert inside("s232_buses", "8702103100", "2025-11-01")
    assert not inside("s232_buses", "8703230190", "2025-11-01")
    assert inside("s232_mhd_parts", "8708994850", "2025-11-01")
    assert not inside("s232_mhd_parts", "8708994810", "2025-11-01")


def test_semiconductors_note_39b() -> None:
    # rev6 note 39(b): 8471.50, 8471.80, 8473.30 only (8542.31 and 8486.20 are not named).
    assert inside("s232_semiconductors", "8471500150", "2026-01-15")
    assert not inside("s232_semiconductors", "8471500150", "2026-01-14")
    assert inside("s232_semiconductors", "8473301140", "2026-03-01")
    assert not inside("s232_semiconductors", "8542310000", "2026-03-01")
    assert not inside("s232_semiconductors", "8486200000", "2026-03-01")


def test_lumber_and_wood_products_note_37() -> None:
    # rev6 note 37(b): 4407.11.00 softwood lumber; (d): 9401.61.40.11; (f): 9403.60.80.93.
    # Proclamation 10976: entries from October 14, 2025.
    assert inside("s232_lumber", "4407110000", "2025-10-14")
    assert not inside("s232_lumber", "4407110000", "2025-10-13")
    assert not inside("s232_lumber", "4407910000", "2025-12-01")  # oak: not softwood, not listed
    assert inside("s232_wood_products", "9403608093", "2025-10-14")
    assert inside("s232_wood_products", "9401614011", "2026-06-01")
    assert not inside("s232_wood_products", "9403608081", "2025-12-01")  # other wooden furniture
    assert not inside("s232_wood_products", "9403608093", "2025-10-13")


def test_steel_articles_old_note_16j_then_the_50_percent_annex_class() -> None:
    # Old note 16(j)(i) flat-rolled products of heading 7208 (heading 9903.81.87, 2025-03-12 to
    # 2026-04-05); rev6 note 16(c)(iii) lists 7208 under 9903.82.02 (50%) from 2026-04-06.
    assert inside("s232_steel_articles", "7208510030", "2025-10-01")
    assert not inside("s232_steel_articles", "7208510030", "2025-03-11")
    assert not inside("s232_steel_articles", "7208510030", "2026-04-06")
    assert inside("s232_metals_50", "7208510030", "2026-04-06")
    assert not inside("s232_metals_50", "7208510030", "2026-04-05")
    # 16(j)(ii) excepts 7216.61, 7216.69, 7216.91 from angles, shapes and sections; rev6
    # 16(c)(iv) lists 7216.91.0010 as a derivative steel article.
    assert inside("s232_steel_articles", "7216330030", "2025-10-01")
    assert not inside("s232_steel_articles", "7216910010", "2025-10-01")
    assert inside("s232_metals_50", "7216910010", "2026-05-01")


def test_aluminum_articles_note_19g_and_derivatives_19i_to_19k() -> None:
    # rev6 note 19(g): heading 7606 and subheading 7616.99.51; 19(j) names 7616.99.5190 as a
    # derivative (9903.85.07); 19(i) lists 7614.10.50 (9903.85.04).
    assert inside("s232_aluminum_articles", "7606123091", "2025-10-01")
    # HTSUS 2025 Basic Edition, 9903.85.06: wrought aluminum of 7604-7609 (and 9903.85.01 +10%).
    assert inside("s232_aluminum_articles", "7606123091", "2025-01-01")
    assert inside("s232_aluminum_articles", "7616995160", "2025-10-01")
    assert not inside("s232_aluminum_articles", "7616995190", "2025-10-01")
    assert inside("s232_aluminum_derivatives", "7616995190", "2025-10-01")
    assert inside("s232_aluminum_derivatives", "7614105000", "2025-03-12")
    assert not inside("s232_aluminum_derivatives", "7614105000", "2026-04-06")
    # 19(k) lists 2203.00.00 (beer), added from April 4, 2025 (BIS, 90 FR 14786).
    assert inside("s232_aluminum_derivatives", "2203000030", "2025-04-04")
    assert not inside("s232_aluminum_derivatives", "2203000030", "2025-04-03")
    # 19(i) lists 8708.10.30 (9903.85.04) and 19(k) 8708.10.3050 (9903.85.08, content).
    match = scope("s232_aluminum_derivatives").match("8708103050", D("2025-10-01"))
    assert match is not None
    assert match.note.startswith("9903.85.08")


def test_steel_derivatives() -> None:
    # BIS inclusions (FR Doc 2025-15819) from August 18, 2025: 8482.10.50 under 9903.81.91
    # (Yale list; the old note 16(n) text is not on this machine).
    assert inside("s232_steel_derivatives", "8482105048", "2025-08-18")
    assert not inside("s232_steel_derivatives", "8482105048", "2025-08-17")
    assert not inside("s232_steel_derivatives", "8482105048", "2026-04-06")
    # Old note 16(l)(B): 7317.00.5503 only among the 7317.00.55 lines (9903.81.89).
    assert inside("s232_steel_derivatives", "7317005503", "2025-03-12")
    assert not inside("s232_steel_derivatives", "7317005518", "2025-10-01")


def test_copper_then_the_50_percent_annex_class() -> None:
    # Heading 9903.78.01 (old note 36(b)) from August 1, 2025; rev6 note 16(c)(v) lists
    # 7408.11.60 (9903.82.02) from 2026-04-06.
    assert inside("s232_copper", "7408116000", "2025-08-01")
    assert not inside("s232_copper", "7408116000", "2025-07-31")
    assert not inside("s232_copper", "7408116000", "2026-04-06")
    assert inside("s232_metals_50", "7408116000", "2026-04-06")


def test_annex_classes_note_16c() -> None:
    # rev6 16(c)(vii) (9903.82.09, 25%) lists 8482.10.5004 but not 8482.10.5048.
    assert inside("s232_metals_25", "8482105004", "2026-04-06")
    assert not inside("s232_metals_25", "8482105048", "2026-04-06")
    # rev6 16(c)(x) (9903.82.10/.11, 15% floor) lists 8457.10.00.
    assert inside("s232_metals_floor15", "8457100000", "2026-04-06")
    assert not inside("s232_metals_floor15", "8457100000", "2026-04-05")
    # rev6 16(c)(viii) articles of copper: 8544.42.10.
    assert inside("s232_metals_25", "8544421000", "2026-04-06")


def test_mobile_industrial_equipment_from_2026_06_08() -> None:
    # rev6 16(c)(vii) lists 8429.52.10; from June 8, 2026 (Proc 11032) it is mobile industrial
    # equipment of 16(c)(xi), Japan under 9903.82.22 (reference section 7.4, 2026 Rev 10).
    assert inside("s232_metals_25", "8429521010", "2026-06-07")
    assert not inside("s232_metals_25", "8429521010", "2026-06-08")
    assert inside("s232_mobile_equipment", "8429521010", "2026-06-08")
    assert not inside("s232_mobile_equipment", "8429521010", "2026-06-07")
    # 8701.92.10 moved from (vii) to (x) on the same date (reference section 7.4).
    assert inside("s232_metals_25", "8701921000", "2026-05-01")
    assert inside("s232_metals_floor15", "8701921000", "2026-06-08")
    assert not inside("s232_metals_25", "8701921000", "2026-06-08")


def test_annex_regime_lists_are_mutually_exclusive() -> None:
    # rev6 note 16(a): headings 9903.82.02-.19 are mutually exclusive.
    codes = {e.prefix.ljust(10, "0") for i in ANNEX_REGIME for e in scope(i).entries}
    dates = set().union(*(scope(i).breakpoints() for i in ANNEX_REGIME))
    for code, on in itertools.product(sorted(codes), sorted(dates)):
        hits = [i for i in ANNEX_REGIME if scope(i).contains(code, on)]
        assert len(hits) <= 1, (code, on, hits)


def test_metal_content_shares_are_estimates_in_range_for_listed_codes() -> None:
    path = data_dir() / "tariffs" / "metal_content_shares.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["hts10", "steel_share", "aluminum_share", "copper_share"]
        rows = list(reader)
    assert rows
    prefixes = tuple(
        e.prefix
        for i in (*ANNEX_REGIME, "s232_steel_derivatives", "s232_aluminum_derivatives", "s232_copper")
        for e in scope(i).entries
        if e.include
    )
    for row in rows:
        assert len(row["hts10"]) == 10
        assert row["hts10"].isdigit()
        assert row["hts10"].startswith(prefixes)
        for key in ("steel_share", "aluminum_share", "copper_share"):
            assert 0.0 <= float(row[key]) <= 1.0
    meta = read_yaml(path.with_suffix(".yaml"))
    assert meta["estimate"] is True
    assert meta["rows"] == len(rows)
