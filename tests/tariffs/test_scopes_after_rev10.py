"""Scope lists of the actions after HTSUS 2026 Revision 10 (scripts/scopes/build_after_rev10.py).

Memberships asserted here were read by hand in the transcribed legal text cited beside each:
U.S. note 40(c) of HTSUS 2026 Revisions 14 and 20, note 41(a) of Revision 16, note 43(c) of
Revision 18, note 52(c) of Revision 13, and the polysilicon proclamation's annexes as read by a
third party (see data/tariffs/scopes/PROVENANCE.md and data/tariffs/sources/).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from goldenage.paths import data_dir
from goldenage.tariffs.scopes import scope

D = dt.date.fromisoformat
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "third_party"
LISTS = {
    "s232_pharmaceuticals": 149,
    "s201_quartz_slabs": 2,
    "s201_quartz_other": 1,
    "s232_uas_aircraft": 4,
    "s232_uas_small": 6,
    "s232_uas_dual_use": 6,
    "s232_polysilicon": 7,
    "s232_polysilicon_mip_silicon": 1,
    "s232_polysilicon_mip_wafers": 5,
    "s232_polysilicon_mip_cells": 1,
    "s232_polysilicon_mip_modules": 1,
    "s301_particular": 16,
}


def inside(list_id: str, code: str, on: str) -> bool:
    return scope(list_id).contains(code, D(on))


@pytest.mark.parametrize(("list_id", "rows"), LISTS.items())
def test_every_list_loads_with_its_provenance(list_id: str, rows: int) -> None:
    s = scope(list_id)
    assert len(s.entries) == rows
    assert s.metadata.built_by == "scripts/scopes/build_after_rev10.py"
    assert s.metadata.complete


@pytest.mark.parametrize(
    ("list_id", "code", "before", "first"),
    [
        ("s232_pharmaceuticals", "3004909215", "2026-07-30", "2026-07-31"),  # 40(c) '3004.90.9215'
        ("s201_quartz_slabs", "6810990020", "2026-08-14", "2026-08-15"),  # 41(a) '6810.99.0020'
        ("s201_quartz_other", "7020006000", "2026-08-14", "2026-08-15"),  # 41(a) '7020.00.6000'
        ("s232_uas_aircraft", "8806240000", "2026-09-02", "2026-09-03"),  # 43(c)(1) '8806.24.00'
        ("s232_uas_small", "8806930000", "2026-09-02", "2026-09-03"),  # 43(c)(3)/(4) '8806.93.00'
        ("s232_uas_dual_use", "8504409580", "2026-09-02", "2026-09-03"),  # 43(c)(1) '8504.40.9580'
        ("s232_uas_dual_use", "8807909060", "2026-09-02", "2026-09-03"),  # 43(c)(2) '8807.90.90'
        ("s232_polysilicon", "8541430080", "2026-12-03", "2026-12-04"),  # modules 8541.43.00
        ("s232_polysilicon", "3818000091", "2026-12-03", "2026-12-04"),  # wafers (Annex I)
        ("s232_polysilicon_mip_silicon", "2804610000", "2026-12-03", "2026-12-04"),
        ("s232_polysilicon_mip_cells", "8541420080", "2026-12-03", "2026-12-04"),
        ("s301_particular", "4412335700", "2026-07-23", "2026-07-24"),  # 52(c)(16) '4412.33.57'
    ],
)
def test_members_from_their_first_day(list_id: str, code: str, before: str, first: str) -> None:
    assert not inside(list_id, code, before)
    assert inside(list_id, code, first)


def test_pharmaceutical_provisions_are_read_through_the_revision_11_lines() -> None:
    # Rev 14 prints 2922.19.0900, which Rev 11 had annotated into .0910 and .0990 on 2026-07-01;
    # Rev 20 prints those two. 3004.90.9225 (Rev 14) became 3004.90.9226 (Rev 11 renumbering).
    assert inside("s232_pharmaceuticals", "2922190910", "2026-07-31")
    assert inside("s232_pharmaceuticals", "2922190990", "2026-07-31")
    assert inside("s232_pharmaceuticals", "3004909226", "2026-08-01")
    assert not inside("s232_pharmaceuticals", "3004909225", "2026-08-01")  # the former .9224, renumbered
    assert not inside("s232_pharmaceuticals", "2918994310", "2026-08-01")  # not in 40(c)
    assert not inside("s232_pharmaceuticals", "3002130010", "2026-07-30")


def test_quartz_safeguard_ends_after_2030_08_14() -> None:
    assert inside("s201_quartz_slabs", "6810990040", "2030-08-14")
    assert not inside("s201_quartz_slabs", "6810990040", "2030-08-15")


def test_raw_polysilicon_is_only_in_the_minimum_price_layer() -> None:
    assert not inside("s232_polysilicon", "2804610000", "2026-12-04")
    assert not inside("s232_polysilicon_mip_wafers", "2804610000", "2026-12-04")


def test_particular_articles_carry_their_description() -> None:
    notes = {entry.prefix: entry.note for entry in scope("s301_particular").entries}
    assert notes["12073000"] == "52(c)(3): Castor oil seeds, for sowing"
    assert notes["08059001"] == "52(c)(1): Etrogs"


@pytest.mark.skipif(not (SHARED / "ch99-notes-after-rev10").is_dir(), reason="shared third-party data absent")
def test_the_build_script_reproduces_the_shipped_lists(tmp_path: Path) -> None:
    (tmp_path / "PROVENANCE.md").write_text((data_dir() / "tariffs" / "scopes" / "PROVENANCE.md").read_text())
    script = REPO / "scripts" / "scopes" / "build_after_rev10.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    for list_id in LISTS:
        for suffix in (".csv", ".yaml"):
            shipped = (data_dir() / "tariffs" / "scopes" / f"{list_id}{suffix}").read_text()
            assert (tmp_path / f"{list_id}{suffix}").read_text() == shipped, list_id
    assert (tmp_path / "PROVENANCE.md").read_text() == (
        data_dir() / "tariffs" / "scopes" / "PROVENANCE.md"
    ).read_text()
